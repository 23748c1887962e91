"""caremarket audit verify: walk the hash chain and name the first broken link.

`caremarket audit verify --against-published [FILE]` also checks the chain against the anchors
Caremarket's published releases carry (caremarket/audit/published.py): the stored releases, or
those in FILE (a release or record package, or the feed's bulk .jsonl.gz download)."""

import sys
import time
from pathlib import Path

from rich.table import Table

from caremarket.audit.published import PublishedFileError, verify_against_published
from caremarket.audit.sealer import seal_pending
from caremarket.audit.verify import verify_now
from caremarket.core.commands import CaremarketCommand

SHOWN_PROBLEMS = 20


class Command(CaremarketCommand):
    help = "Work with the audit log. `audit verify` checks the hash chain; `audit seal` seals events."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="recompute every hash and report the first broken link")
        verify.add_argument(
            "--against-published",
            nargs="?",
            const="",
            default=None,
            metavar="FILE",
            help="also check the audit anchors of published releases: the stored ones, or those in FILE",
        )
        seal = sub.add_parser(
            "seal",
            help="seal committed events into batches, once or every few seconds (the sealer beside the "
            "web servers when they do not seal after each commit)",
        )
        seal.add_argument("--every", type=float, default=0, metavar="SECONDS", help="repeat at this interval")
        seal.add_argument(
            "--for", dest="for_seconds", type=float, default=0, metavar="SECONDS", help="stop after this long"
        )

    def handle(self, *args, action, against_published=None, every=0, for_seconds=0, **options):
        if action == "seal":
            self._seal(every, for_seconds)
            return
        chain_ok = self._chain()
        if against_published is None:
            if not chain_ok:
                sys.exit(1)
            return
        anchors_ok = self._anchors(Path(against_published) if against_published else None)
        if not (chain_ok and anchors_ok):
            sys.exit(1)

    def _seal(self, every: float, for_seconds: float) -> None:
        stop = time.monotonic() + for_seconds if for_seconds else float("inf")
        sealed = 0
        while True:
            sealed += sum(batch.count for batch in seal_pending())
            if not every or time.monotonic() + every > stop:
                break
            time.sleep(every)
        seal_pending()
        self.console.print(f"Sealed {sealed:,} events.")

    def _anchors(self, path: Path | None) -> bool:
        try:
            report = verify_against_published(path)
        except PublishedFileError as exc:
            self.err.print(f"[bold red]{path} {exc}[/]")
            return False
        unanchored = f" ({report.unanchored} without an anchor, imported)" if report.unanchored else ""
        if report.ok:
            newest = f", the newest at event #{report.newest_sequence}" if report.newest_sequence else ""
            self.console.print(
                f"[green]The published releases agree with the audit chain:[/] {report.checked} anchors "
                f"in {report.source} checked{newest}{unanchored}."
            )
            return True
        self.err.print(
            f"[bold red]{report.problem_count} of {report.checked} published releases in {report.source} "
            "disagree with the audit chain:[/] the chain has been rewritten since they were published."
        )
        table = Table("release", "ocid", "anchored at", "problem", title_justify="left")
        for problem in report.problems[:SHOWN_PROBLEMS]:
            sequence = f"#{problem.sequence}" if problem.sequence is not None else "—"
            table.add_row(problem.release_id, problem.ocid, sequence, problem.reason)
        self.err.print(table)
        if report.problem_count > SHOWN_PROBLEMS:
            self.err.print(f"… and {report.problem_count - SHOWN_PROBLEMS} more.")
        return False

    def _chain(self) -> bool:
        report = verify_now()
        if report.ok:
            self.console.print(
                f"[green]The audit chain is intact:[/] {report.checked} events checked, and "
                f"{report.stream_events_checked} in the sealed streams of {report.streams_checked} "
                "competitions whose bids have opened."
            )
            return True
        where = f"at event #{report.broken_seq}" if report.broken_seq else "in a sealed stream"
        self.err.print(f"[bold red]The audit chain is broken {where}:[/] {report.reason}")
        self.err.print(f"{report.checked} events before it are intact.")
        return False
