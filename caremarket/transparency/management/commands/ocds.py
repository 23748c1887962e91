"""`caremarket ocds build-schema`: build the OCDS 1.1 UK profile (patched release schema,
package schemas and codelists) from the local reference copies and write it into the package,
where it is checked in. `caremarket ocds validate FILE...` checks release or record packages
against it."""

import json
from pathlib import Path

from django.conf import settings

from caremarket.core.commands import CaremarketCommand
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

    def handle(self, *args, action, **options):
        if action == "build-schema":
            return self._build(options["reference_dir"], options["check"])
        return self._validate(options["files"])

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
