"""caremarket import-orgs FILE: load an NHS organisation list (ODS layout), all or nothing."""

from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from caremarket.core.actor import Actor
from caremarket.core.commands import CaremarketCommand
from caremarket.orgs.choices import OrganisationType
from caremarket.orgs.ods_import import import_organisations


class Command(CaremarketCommand):
    help = "Import an NHS organisation list: an ODS file (etr.csv, eccg.csv) or ONS ICB codes."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument(
            "--org-type",
            default="",
            choices=["", *OrganisationType.values],
            help="the type of every organisation in the file, when it cannot be inferred",
        )

    def handle(self, *args, files, org_type, **options):
        actor = Actor.system("import-orgs")
        for path in files:
            self._import(path, actor, org_type)

    def _import(self, path: Path, actor: Actor, org_type: str) -> None:
        columns = [TextColumn(f"[bold]{path.name}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn()]
        with Progress(*columns, console=self.console, transient=False) as progress:
            task = progress.add_task("import", total=None)

            def advance(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            result = import_organisations(path, actor=actor, org_type=org_type, progress=advance)
        self.console.print(
            f"{path.name}: {result.rows} rows — {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged; {result.care_systems} integrated care systems"
        )
