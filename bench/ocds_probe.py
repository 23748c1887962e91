"""Run inside a Django process on the `ocds` benchmark's database (bench/ocds.py): write the
stored releases as release packages (not timed), time `ocdskit compile` on them as a subprocess,
time Caremarket's full recompile of every record from the database, check that every compiled
release is identical to ocdskit's, time publishing notices into existing processes through the
service, and print the figures as JSON on the last line (with a feed cursor for the HTTP part)."""

import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from caremarket.core.actor import Actor  # noqa: E402
from caremarket.transparency import feed, recompile  # noqa: E402
from caremarket.transparency.models import Notice, Record, Release  # noqa: E402
from caremarket.transparency.ocds.profile import SCHEMA_FILES, VENDORED_DIR  # noqa: E402
from caremarket.transparency.services import notice_draft, notice_publish  # noqa: E402

PACKAGE_SIZE = 1_000
OCDSKIT = Path(sys.executable).with_name("ocdskit")


def write_packages(path: Path) -> int:
    """The stored releases, as release packages of 1,000 (one JSON document a line)."""
    count = 0
    with path.open("w", encoding="utf-8") as out, connection.cursor() as cursor:
        cursor.execute("SELECT data FROM transparency_release ORDER BY id")
        while rows := cursor.fetchmany(PACKAGE_SIZE):
            releases = ",".join(data if isinstance(data, str) else json.dumps(data) for (data,) in rows)
            out.write(
                '{"uri": "https://caremarket.example/bench", "publishedDate": "2026-12-01T00:00:00Z", '
                f'"version": "1.1", "publisher": {{"name": "Caremarket"}}, "releases": [{releases}]}}\n'
            )
            count += len(rows)
    return count


def run_ocdskit(packages: Path, output: Path) -> float:
    schema = VENDORED_DIR / SCHEMA_FILES["release"]
    started = time.perf_counter()
    with packages.open("rb") as stdin, output.open("wb") as stdout:
        subprocess.run(
            [str(OCDSKIT), "compile", "--schema", str(schema)], stdin=stdin, stdout=stdout, check=True
        )
    return time.perf_counter() - started


def identical(output: Path) -> tuple[bool, int]:
    theirs = {}
    with output.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                compiled = json.loads(line)
                theirs[compiled["ocid"]] = compiled
    ours = dict(Record.objects.values_list("ocid", "compiled_release").iterator(chunk_size=2_000))
    differing = sum(1 for ocid, compiled in ours.items() if theirs.get(ocid) != compiled)
    return differing == 0 and len(theirs) == len(ours), differing + abs(len(theirs) - len(ours))


def publishes(count: int) -> list[float]:
    rng = random.Random(7)
    actor = Actor.system("bench")
    processes = list(
        Notice.objects.filter(notice_type="UK4").values_list("ocid", "publisher_id").order_by("pk")[:20_000]
    )
    from caremarket.orgs.models import Organisation

    publishers = {o.pk: o for o in Organisation.objects.filter(pk__in={p for _, p in processes})}
    times = []
    for number in range(count):
        ocid, publisher_id = rng.choice(processes)
        notice = notice_draft(
            actor=actor,
            publisher=publishers[publisher_id],
            notice_type_code="UK10",
            process_id=ocid.removeprefix(settings.CAREMARKET_OCID_PREFIX + "-"),
            content={
                "contracts": [
                    {
                        "id": "C1",
                        "awardID": "A1",
                        "amendments": [
                            {
                                "id": f"bench-{number}",
                                "date": "2026-11-30T10:00:00Z",
                                "rationale": "More packages of care a week, within the original scope.",
                            }
                        ],
                    }
                ]
            },
        )
        started = time.perf_counter()
        notice_publish(actor=actor, notice=notice)
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="caremarket-ocds-bench-"))
    packages, output = work / "packages.jsonl", work / "compiled.jsonl"
    try:
        releases = write_packages(packages)
        ocdskit_seconds = run_ocdskit(packages, output)
        print(f"ocdskit compile: {ocdskit_seconds:.1f} s for {releases:,} releases", file=sys.stderr)
        started = time.perf_counter()
        result = recompile.recompile_records(workers=2)
        compile_seconds = time.perf_counter() - started
        print(f"recompile (2 workers): {compile_seconds:.1f} s, {result}", file=sys.stderr)
        same, differing = identical(output)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    started = time.perf_counter()
    recompile.recompile_records(workers=1)
    one_worker = time.perf_counter() - started
    started = time.perf_counter()
    forced = recompile.recompile_records(workers=2, force=True)
    write_all = time.perf_counter() - started
    print(f"recompile writing every record: {write_all:.1f} s, {forced}", file=sys.stderr)
    times = publishes(20)  # warm
    times = sorted(publishes(500))
    middle = Release.objects.order_by("pk").values_list("stored_at", "pk")[Release.objects.count() // 2]
    figures = {
        "releases": releases,
        "records": result.records,
        "ocdskit_seconds": round(ocdskit_seconds, 2),
        "compile_seconds": round(compile_seconds, 2),
        "compile_workers": 2,
        "compile_1_worker_seconds": round(one_worker, 2),
        "compile_changed_records": result.changed,
        "compile_write_all_seconds": round(write_all, 2),
        "ratio": round(ocdskit_seconds / compile_seconds, 2),
        "identical": same,
        "differing_records": differing,
        "publish_p50_ms": round(statistics.median(times), 2),
        "publish_p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
        "publishes": len(times),
        "feed_cursor": feed.encode_cursor(*middle),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
