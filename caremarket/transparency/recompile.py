"""Recompiling every process's record from its stored releases.

Publishing keeps each record up to date one release at a time, so a full recompile is only for
repairs and for a change of the merge rules (a new version of the UK profile). The releases are
read in (ocid, date) order, each process's compiled release is made with the fast merge
(`records.compile_releases`, ocdsmerge's rules) and compared with the stored one, and those that
differ are written back in batches (all of them with `force`). With `workers > 1`
the processes are split into ranges of ocids, one range a worker process.
"""

import json
import multiprocessing
from dataclasses import dataclass
from typing import Any

from django.db import connection, connections, transaction

from caremarket.transparency.models import Record, Release
from caremarket.transparency.ocds import records

BATCH = 1_000


@dataclass(frozen=True)
class Recompiled:
    records: int
    releases: int
    changed: int  # records written


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def _grouped(rows):
    ocid, group = None, []
    for release_ocid, data in rows:
        if release_ocid != ocid:
            if group:
                yield ocid, group
            ocid, group = release_ocid, []
        group.append(_json(data))
    if group:
        yield ocid, group


def _releases(first: str, last: str) -> list[tuple[str, Any]]:
    """(ocid, data) of the releases with ocids from `first` to `last`, in ocid then date order,
    read straight from the table (the JSON decoded once, later). Read whole, so no read is open
    while the records are written (SQLite cannot turn a reader with an older snapshot into a
    writer, when another process has written since)."""
    table = connection.ops.quote_name(Release._meta.db_table)
    sql = f"SELECT ocid, data FROM {table} WHERE ocid >= %s AND ocid <= %s ORDER BY ocid, date, id"
    with connection.cursor() as cursor:
        cursor.execute(sql, [first, last])
        return cursor.fetchall()


def _stored(ocids: list[str]) -> dict[str, tuple[Any, int]]:
    table = connection.ops.quote_name(Record._meta.db_table)
    marks = ", ".join(["%s"] * len(ocids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ocid, compiled_release, release_count FROM {table} WHERE ocid IN ({marks})",
            ocids,
        )
        return {ocid: (compiled, count) for ocid, compiled, count in cursor.fetchall()}


def _write(rows: list[tuple[str, dict[str, Any], int]]) -> None:
    field = Record._meta.get_field("compiled_release")
    table = connection.ops.quote_name(Record._meta.db_table)
    sql = f"UPDATE {table} SET compiled_release = %s, release_count = %s WHERE ocid = %s"
    params = [(field.get_db_prep_save(compiled, connection), count, ocid) for ocid, compiled, count in rows]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _flush(pending: list[tuple[str, dict[str, Any], int]], force: bool) -> int:
    """Write the records whose compiled release (or count) differs from the stored one (all of
    them with `force`). Returns how many were written."""
    if not force:
        stored = _stored([ocid for ocid, _, _ in pending])
        pending = [
            (ocid, compiled, count)
            for ocid, compiled, count in pending
            if ocid not in stored or stored[ocid][1] != count or _json(stored[ocid][0]) != compiled
        ]
    if pending:
        _write(pending)
    return len(pending)


def recompile_range(low: str | None = None, high: str | None = None, *, force: bool = False) -> Recompiled:
    """Recompile the records whose ocid is in [low, high) (None: unbounded), a batch of records
    at a time, writing those that changed (all, with `force`)."""
    ocids = Record.objects.order_by("ocid")
    if low is not None:
        ocids = ocids.filter(ocid__gte=low)
    if high is not None:
        ocids = ocids.filter(ocid__lt=high)
    ocids = list(ocids.values_list("ocid", flat=True))
    done = releases = changed = 0
    for start in range(0, len(ocids), BATCH):
        chunk = ocids[start : start + BATCH]
        pending = []
        for ocid, group in _grouped(_releases(chunk[0], chunk[-1])):
            pending.append((ocid, records.compile_releases(group), len(group)))
            releases += len(group)
        done += len(pending)
        changed += _flush(pending, force)
    return Recompiled(records=done, releases=releases, changed=changed)


def _ranges(workers: int) -> list[tuple[str | None, str | None]]:
    ocids = list(Record.objects.order_by("ocid").values_list("ocid", flat=True))
    if workers <= 1 or len(ocids) < workers:
        return [(None, None)]
    bounds = [ocids[len(ocids) * n // workers] for n in range(1, workers)]
    return list(zip([None, *bounds], [*bounds, None], strict=True))


def _worker(job: tuple[str | None, str | None, bool]) -> Recompiled:
    low, high, force = job
    return recompile_range(low, high, force=force)


def recompile_records(*, workers: int = 1, force: bool = False) -> Recompiled:
    """Recompile every record from its releases, in `workers` processes; only the records that
    changed are written (all of them with `force`)."""
    ranges = _ranges(workers)
    if len(ranges) == 1:
        return recompile_range(force=force)
    # Each worker opens its own connection: none may be inherited across the fork.
    connections.close_all()
    context = multiprocessing.get_context("fork")
    with context.Pool(len(ranges)) as pool:
        results = pool.map(_worker, [(low, high, force) for low, high in ranges])
    return Recompiled(
        records=sum(r.records for r in results),
        releases=sum(r.releases for r in results),
        changed=sum(r.changed for r in results),
    )
