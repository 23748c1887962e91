"""Role-matrix cases for transparency (feed). The world is built by
tests/role_matrix/world_transparency.py.

The OCDS feed is public: everyone, signed in or not, gets the same answer. Importing other
publishers' OCDS is for platform administrators only."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.role_matrix.cases import Case, Request, at
from tests.role_matrix.world import ADMIN, EVERYONE

F = "/api/v1/ocds"


def _release(w, actor: str) -> Request:
    release = w.extra["notice"].release
    return Request(f"{F}/releases/{release.ocid}/{release.release_id}")


def _package(w, actor: str) -> Request:
    """A small release package from another publisher, new for each actor's request."""
    package = {
        "uri": "https://www.find-tender.service.gov.uk/api/1.0/ocdsReleasePackages",
        "publishedDate": "2026-02-01T00:00:00Z",
        "publisher": {"name": "Cabinet Office"},
        "version": "1.1",
        "releases": [
            {
                "ocid": "ocds-h6vhtk-MXT-IMP",
                "id": "000001-2026",
                "date": "2026-02-01T00:00:00Z",
                "tag": ["tender"],
                "initiationType": "tender",
            }
        ],
    }
    upload = SimpleUploadedFile("fat.json", json.dumps(package).encode(), "application/json")
    return Request(f"{F}/imports", {"file": upload})


CASES: list[Case] = [
    Case(f"GET {F}/release-packages", EVERYONE, at(f"{F}/release-packages?stages=tender"), public=True),
    Case(f"GET {F}/record-packages", EVERYONE, at(f"{F}/record-packages"), public=True),
    Case(
        f"GET {F}/records/{{ocid}}",
        EVERYONE,
        lambda w, a: Request(f"{F}/records/{w.extra['ocid']}"),
        public=True,
    ),
    Case(f"GET {F}/releases/{{ocid}}/{{release_id}}", EVERYONE, _release, public=True),
    Case(f"GET {F}/bulk/releases.jsonl.gz", EVERYONE, at(f"{F}/bulk/releases.jsonl.gz"), public=True),
    Case(f"POST {F}/imports", ADMIN, _package),
]
