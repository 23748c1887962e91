"""`@service`: how every public service function is declared.

A service is its own transaction: `transaction.atomic(durable=True)` refuses to run nested
inside another atomic block, so a service can never be swallowed by a caller's transaction
by accident (its audit event and its on-commit side effects belong to it alone). A service
that needs another service's write calls that service's internal `_…` helper instead.
`tests/test_services_durable.py` checks that every public function in a services module
carries the mark."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import ParamSpec, TypeVar

from django.db import transaction

P = ParamSpec("P")
R = TypeVar("R")


# The depth of atomic blocks inside `request_transaction`, while one is open.
_request_depth: ContextVar[int | None] = ContextVar("request_transaction_depth", default=None)


@contextmanager
def request_transaction() -> Iterator[None]:
    """One durable transaction around an interface operation that must commit a row of its own
    with the services it calls: the API's stored response to an `Idempotency-Key`
    (`caremarket.api.idempotency`), which must never be committed apart from what it created.
    A service called directly inside joins it; a service called from inside another service (or
    from any other atomic block) still refuses."""
    with transaction.atomic(durable=True):
        token = _request_depth.set(len(transaction.get_connection().atomic_blocks))
        try:
            yield
        finally:
            _request_depth.reset(token)


def _directly_inside_request_transaction() -> bool:
    depth = _request_depth.get()
    return depth is not None and depth == len(transaction.get_connection().atomic_blocks)


def service(fn: Callable[P, R]) -> Callable[P, R]:
    """Run `fn` in its own durable transaction, and mark it as a service."""

    @wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with transaction.atomic(durable=not _directly_inside_request_transaction()):
            return fn(*args, **kwargs)

    run.is_service = True  # type: ignore[attr-defined]
    run.durable = True  # type: ignore[attr-defined]
    return run
