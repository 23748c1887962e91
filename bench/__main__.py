"""Run the benchmarks and record their figures in bench/results.json."""

import argparse
import importlib
import json
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

BENCHMARKS = [
    "api_baseline",
    "ap_evaluation",
    "catalogue_search",
    "bid_surge",
    "orders",
    "ocds",
    "audit_append",
]
RESULTS = Path(__file__).parent / "results.json"


def _shown(value) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)  # e.g. which database a benchmark ran on


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make bench")
    parser.add_argument("--only", choices=BENCHMARKS, help="run just this benchmark")
    args = parser.parse_args(argv)
    console = Console()
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    for name in [args.only] if args.only else BENCHMARKS:
        console.rule(f"[bold]{name}")
        figures = importlib.import_module(f"bench.{name}").run(console)
        results[name] = figures
        RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
        table = Table("metric", "value", title=name, title_justify="left")
        for metric, value in figures.items():
            table.add_row(metric, _shown(value))
        console.print(table)
    console.print(f"Written to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
