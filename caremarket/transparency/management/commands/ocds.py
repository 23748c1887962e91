"""`caremarket ocds build-schema`: build the OCDS 1.1 UK profile (patched release schema,
package schemas and codelists) from the local reference copies and write it into the package,
where it is checked in. `caremarket ocds validate FILE...` checks release or record packages
against it.

`caremarket ocds import FILE...` loads other publishers' release or record packages
(Contracts Finder, Find a Tender) as imported notices, each file all or nothing: one line per
file, and a non-zero exit if any file was refused (the others are still imported).
`caremarket ocds export [--ocid OCID...] [--source imported|platform|all] [--records]
[--output FILE]` writes the stored releases as a release package (or records as a record
package), which validates: imported releases exactly as their publishers published them."""

import json
from pathlib import Path

from django.conf import settings

from caremarket.core.actor import Actor
from caremarket.core.commands import EXIT_STATUS, CaremarketCommand
from caremarket.core.errors import ApplicationError
from caremarket.transparency import feed
from caremarket.transparency.imports import ocds_import
from caremarket.transparency.ocds import profile, validation


class Command(CaremarketCommand):
    help = "OCDS: build the vendored UK-profile schema, or validate packages against it."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser("build-schema", help="Build the patched schema from the reference copies.")
        build.add_argument("--reference-dir", type=Path, default=Path(settings.SHARED_REFERENCE_DIR))
        build.add_argument(
            "--check", action="store_true", help="Only say whether the vendored copy is current."
        )
        check = sub.add_parser("validate", help="Validate release or record packages (JSON files).")
        check.add_argument("files", nargs="+", type=Path)
        load = sub.add_parser("import", help="Import other publishers' release or record packages.")
        load.add_argument("files", nargs="+", type=Path)
        load.add_argument(
            "--source-publisher", default="", help="Who published them (else each package's publisher)"
        )
        export = sub.add_parser("export", help="Write the stored releases as a release (or record) package.")
        export.add_argument("--ocid", action="append", default=[], help="Only this process (repeatable)")
        export.add_argument("--source", choices=sorted(feed.SOURCES), default="all")
        export.add_argument("--records", action="store_true", help="A record package instead")
        export.add_argument("--output", type=Path, help="The file to write (else standard output)")

    def handle(self, *args, action, **options):
        if action == "build-schema":
            return self._build(options["reference_dir"], options["check"])
        if action == "import":
            return self._import(options["files"], options["source_publisher"])
        if action == "export":
            return self._export(options)
        return self._validate(options["files"])

    def _import(self, files: list[Path], source_publisher: str) -> None:
        actor = Actor.system("ocds import")
        worst = 0
        for path in files:
            try:
                with path.open("rb") as handle:
                    summary = ocds_import(
                        actor=actor,
                        filename=path.name,
                        content=handle,
                        source_publisher=source_publisher or None,
                    )
            except OSError as exc:
                self.stderr.write(f"{path}: cannot be read: {exc.strerror or exc}")
                worst = max(worst, 1)
                continue
            except ApplicationError as exc:
                self.stderr.write(f"{path}: refused: {exc.message}")
                for line in (exc.details.get("errors") or [])[:200]:
                    self.stderr.write(f"  {line}")
                worst = max(worst, EXIT_STATUS.get(exc.status, 1))
                continue
            types = ", ".join(f"{code} {count}" for code, count in summary.by_type.items()) or "none new"
            self.stdout.write(
                f"{path}: {summary.package_type} from {summary.source_publisher}: "
                f"{summary.created} imported, {summary.skipped} already here ({types})"
            )
        if worst:
            raise SystemExit(worst)

    def _export(self, options) -> None:
        kwargs = {"source": options["source"], "ocids": options["ocid"], "records": options["records"]}
        output: Path | None = options["output"]
        if output is None:
            count = feed.write_export(_Unended(self.stdout), **kwargs)
        else:
            with output.open("w", encoding="utf-8") as out:
                count = feed.write_export(out, **kwargs)
        what = "records" if options["records"] else "releases"
        self.stderr.write(f"Exported {count} {what}" + (f" to {output}" if output else ""))

    def _build(self, reference_dir: Path, check: bool) -> None:
        built = profile.build_profile(reference_dir)
        if check:
            stale = [
                name
                for name, text in built.files().items()
                if not (profile.VENDORED_DIR / name).is_file()
                or (profile.VENDORED_DIR / name).read_text(encoding="utf-8") != text
            ]
            if stale:
                self.stderr.write(f"The vendored OCDS schema is out of date: {', '.join(stale)}")
                raise SystemExit(1)
            self.stdout.write("The vendored OCDS schema is up to date.")
            return
        for path in profile.write_vendored(built):
            self.stdout.write(f"Wrote {path}")
        self.stdout.write(f"{len(built.extensions)} extensions applied: the UK profile of OCDS 1.1.")

    def _validate(self, files: list[Path]) -> None:
        failed = False
        for path in files:
            with path.open(encoding="utf-8") as handle:
                data = json.load(handle)
            problems = validation.package_errors(data)
            if problems:
                failed = True
                self.stderr.write(f"{path}: {len(problems)} problems")
                for problem in problems[:50]:
                    self.stderr.write(f"  {problem}")
            else:
                self.stdout.write(f"{path}: valid")
        if failed:
            raise SystemExit(2)


class _Unended:
    """The command's output, written as it is given (no line ending added to each write)."""

    def __init__(self, wrapper) -> None:
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, ending="")
