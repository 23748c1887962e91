"""caremarket generate --services N --suppliers M: a realistic national catalogue at scale.

caremarket generate releases --processes N --releases M: published notices (OCDS releases and
their processes' records) at scale (caremarket/transparency/generate.py)."""

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from caremarket.catalogue.generate.bulk import generate_catalogue
from caremarket.core.actor import Actor
from caremarket.core.commands import CaremarketCommand


class Command(CaremarketCommand):
    help = "Generate a national catalogue: suppliers, their places on lots, and live services with prices."

    def add_arguments(self, parser):
        parser.add_argument(
            "kind", nargs="?", choices=["catalogue", "releases"], default="catalogue", help="what to generate"
        )
        parser.add_argument("--processes", type=int, default=4_000, help="releases: how many processes")
        parser.add_argument("--releases", type=int, default=20_000, help="releases: how many releases")
        parser.add_argument("--services", type=int, default=10_000, help="how many services (default 10,000)")
        parser.add_argument("--suppliers", type=int, default=500, help="how many suppliers (default 500)")
        parser.add_argument("--seed", type=int, default=2017, help="the same seed makes the same catalogue")

    def handle(self, *args, kind, services, suppliers, seed, **options):
        if kind == "releases":
            return self._releases(options["processes"], options["releases"], seed)
        if services < 1 or suppliers < 1 or suppliers > services:
            self.err.print(
                "Ask for at least one service and one supplier, and no more suppliers than services"
            )
            raise SystemExit(2)
        with Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self.console,
        ) as bar:
            tasks = {}

            def progress(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = bar.add_task(stage.capitalize(), total=total)
                bar.update(tasks[stage], completed=done)

            result = generate_catalogue(
                actor=Actor.system("generate"),
                services=services,
                suppliers=suppliers,
                seed=seed,
                progress=progress,
            )
        self.console.print(
            f"Generated {result.services:,} services from {result.suppliers:,} suppliers "
            f"on {result.visible_lots} lots."
        )

    def _releases(self, processes: int, releases: int, seed: int) -> None:
        from caremarket.transparency.generate import generate_releases

        if processes < 1 or releases < 2 * processes:
            self.err.print("Ask for at least one process and at least two releases a process")
            raise SystemExit(2)
        with Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self.console,
        ) as bar:
            task = bar.add_task("Releases", total=releases)
            result = generate_releases(
                actor=Actor.system("generate"),
                processes=processes,
                releases=releases,
                seed=seed,
                progress=lambda stage, done, total: bar.update(task, completed=done),
            )
        self.console.print(f"Generated {result.releases:,} releases in {result.processes:,} processes.")
