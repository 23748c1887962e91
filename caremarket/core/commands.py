"""The CLI's one mapping of ApplicationError: a clear message, row problems, exit status."""

import sys

from django.core.management.base import BaseCommand
from rich.console import Console
from rich.table import Table

from caremarket.core.errors import ApplicationError

EXIT_STATUS = {401: 3, 403: 3, 404: 4, 409: 5, 422: 2}


class CaremarketCommand(BaseCommand):
    """A management command whose ApplicationErrors become a message and a non-zero exit."""

    def execute(self, *args, **options):
        self.console = Console(file=self.stdout._out if hasattr(self.stdout, "_out") else sys.stdout)
        self.err = Console(stderr=True)
        try:
            return super().execute(*args, **options)
        except ApplicationError as exc:
            self.report_error(exc)
            sys.exit(EXIT_STATUS.get(exc.status, 1))

    def report_error(self, exc: ApplicationError) -> None:
        self.err.print(f"[bold red]Error[/] ({exc.code}): {exc.message}")
        rows = exc.details.get("rows")
        if rows:
            table = Table(
                "Row", "Code", "Problem", title="Rows that could not be imported", title_justify="left"
            )
            for row in rows[:200]:
                for problem in row["problems"]:
                    table.add_row(str(row["row"]), row.get("code", ""), problem)
            self.err.print(table)
            if len(rows) > 200:
                self.err.print(f"… and {len(rows) - 200} more rows with problems")
        for field, messages in (exc.details.get("fields") or {}).items():
            for message in messages:
                self.err.print(f"  {field}: {message}")
