"""caremarket load-demo: the demo world, and a table of the people to sign in as."""

from pathlib import Path

from django.conf import settings
from rich.table import Table

from caremarket.core.actor import Actor
from caremarket.core.commands import CaremarketCommand
from caremarket.demo.orgs import PEOPLE
from caremarket.demo.registry import DEMO_PASSWORD, DemoWorld, SignIn, loaders
from caremarket.orgs.models import Organisation


class Command(CaremarketCommand):
    help = "Load the demo world (organisations, people for every role, and each domain's data)."

    def add_arguments(self, parser):
        parser.add_argument("--reference-dir", type=Path, default=settings.SHARED_REFERENCE_DIR)

    def handle(self, *args, reference_dir, **options):
        if Organisation.objects.filter(code="CM001").exists():
            self.console.print("The demo world is already loaded.")
            self._print_sign_ins([SignIn(p[4][0][1], p[1], p[4][0][0], p[5]) for p in PEOPLE])
            return
        world = DemoWorld(
            actor=Actor.system("load-demo"), reference_dir=reference_dir, say=self.console.print
        )
        # No transaction around the loaders: each service they call is its own durable
        # transaction (caremarket.core.services). A load that fails part-way leaves a partial
        # world: delete the database and load again.
        for loader in loaders():
            self.console.print(f"Loading {loader.__name__.replace('_', ' ')}…")
            loader(world)
        self._print_sign_ins(world.sign_ins)

    def _print_sign_ins(self, sign_ins: list[SignIn]) -> None:
        table = Table(title=f"Demo sign-ins (password for everyone: {DEMO_PASSWORD})", title_justify="left")
        table.add_column("Role")
        table.add_column("Email", no_wrap=True)
        table.add_column("Organisation")
        table.add_column("Note")
        for s in sign_ins:
            table.add_row(str(s.role), s.email, s.organisation, s.note)
        self.console.print(table)
