"""One writer process of the audit_append benchmark: writes audit events for a number of seconds,
one per transaction, with or without the single global lock of the old design."""

import json
import sys
import time

import django


def main(design: str, seconds: float, work_ms: int) -> None:
    django.setup()
    from django.db import connection, transaction

    from caremarket.audit.services import audit_record
    from caremarket.core.actor import Actor

    actor = Actor(
        person=None, label="bench:audit_append", roles_by_org={}, platform_roles=frozenset({"system"})
    )
    events = errors = 0
    start = time.perf_counter()
    end = start + seconds
    while time.perf_counter() < end:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                if design == "single_lock":
                    # The replaced design: one lock, taken with the event, held to commit.
                    cursor.execute("SELECT pg_advisory_xact_lock(1)")
                audit_record(actor=actor, action="bench.happened", object_type="bench", after={"n": events})
                cursor.execute("SELECT pg_sleep(%s)", [work_ms / 1000])
            events += 1
        except Exception:  # counted and reported: the run goes on
            errors += 1
    print(json.dumps({"events": events, "errors": errors, "seconds": time.perf_counter() - start}))


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]), int(sys.argv[3]))
