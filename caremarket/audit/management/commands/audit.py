"""caremarket audit verify: walk the hash chain and name the first broken link."""

import sys

from caremarket.audit.verify import verify_chain
from caremarket.core.commands import CaremarketCommand


class Command(CaremarketCommand):
    help = "Work with the audit log. `audit verify` checks the hash chain."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="recompute every hash and report the first broken link")

    def handle(self, *args, action, **options):
        report = verify_chain()
        if report.ok:
            self.console.print(
                f"[green]The audit chain is intact:[/] {report.checked} events checked, and "
                f"{report.stream_events_checked} in the sealed streams of {report.streams_checked} "
                "competitions whose bids have opened."
            )
            return
        where = f"at event #{report.broken_seq}" if report.broken_seq else "in a sealed stream"
        self.err.print(f"[bold red]The audit chain is broken {where}:[/] {report.reason}")
        self.err.print(f"{report.checked} events before it are intact.")
        sys.exit(1)
