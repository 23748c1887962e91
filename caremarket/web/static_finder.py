"""Static files from the NHS.UK frontend npm package: only the ones the pages use.

The package holds some 1,400 files (sources, maps, typings); serving and collecting just the
compiled CSS and JavaScript and the images keeps start-up and `collectstatic` quick.
"""

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Warning as CheckWarning
from django.core.files.storage import FileSystemStorage

COMPILED = ["nhsuk-frontend.min.css", "nhsuk-frontend.min.js"]


class NhsukFrontendFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        dist = settings.NHSUK_FRONTEND_DIST
        self.compiled = FileSystemStorage(location=dist)
        self.compiled.prefix = "nhsuk"
        self.assets = FileSystemStorage(location=dist / "assets")
        self.dist = dist

    def check(self, **kwargs):
        if not (self.dist / COMPILED[0]).exists():
            return [CheckWarning("The NHS.UK frontend is not installed; run `npm ci`", id="caremarket.W001")]
        return []

    def find(self, path, find_all=False, **kwargs):
        matches = []
        name = path.removeprefix("nhsuk/")
        if path.startswith("nhsuk/") and name in COMPILED and self.compiled.exists(name):
            matches.append(self.compiled.path(name))
        elif (path.startswith("images/") or path == "manifest.json") and self.assets.exists(path):
            matches.append(self.assets.path(path))
        return matches if find_all else (matches[0] if matches else None)

    def list(self, ignore_patterns):
        if not self.dist.exists():
            return
        for name in COMPILED:
            yield name, self.compiled
        yield "manifest.json", self.assets
        for name in self.assets.listdir("images")[1]:
            yield f"images/{name}", self.assets


class ChartJsFinder(BaseFinder):
    """Chart.js's self-contained build from npm, at /assets/vendor/chart.umd.min.js."""

    PATH = "vendor/chart.umd.min.js"

    def __init__(self, *args, **kwargs):
        self.storage = FileSystemStorage(location=settings.NODE_MODULES / "chart.js" / "dist")
        self.storage.prefix = "vendor"

    def find(self, path, find_all=False, **kwargs):
        name = "chart.umd.min.js"
        found = self.storage.path(name) if path == self.PATH and self.storage.exists(name) else None
        if find_all:
            return [found] if found else []
        return found

    def list(self, ignore_patterns):
        if self.storage.exists("chart.umd.min.js"):
            yield "chart.umd.min.js", self.storage
