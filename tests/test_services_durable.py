"""Every public service function is its own durable transaction (`caremarket.core.services.service`).

A durable atomic block refuses to run inside another one, so a service cannot be nested in a
caller's transaction by accident. Reads belong in selectors and pure functions in `rules`; a
helper that must run inside its caller's transaction is `_private`."""

import importlib
import inspect
from pathlib import Path

import pytest
from django.db import transaction

import caremarket
from caremarket.core.services import service

ROOT = Path(caremarket.__file__).parent

# Public functions in services modules that are deliberately not services, and why.
ALLOWED = {
    # The audit writers append inside the calling service's transaction (they refuse to run
    # outside one): every service shares them.
    "caremarket.audit.services.audit_record": "runs inside its caller's transaction",
    "caremarket.audit.services.sealed_record": "runs inside its caller's transaction",
    "caremarket.audit.services.append_event": "runs inside audit_record's or the sealer's transaction",
    # After a commit that wrote events: the sealer opens its own transaction.
    "caremarket.audit.services.seal_after_commit": "calls the sealer, which opens its own",
    # Messages are part of the change that causes them: kept in its transaction, emailed on
    # commit (notify refuses to run outside a transaction).
    "caremarket.notifications.services.notify": "runs inside its caller's transaction",
    # A read of who to tell, used by the services that call notify.
    "caremarket.notifications.services.people_with_roles": "read-only lookup",
    # Moves the search index's version on inside the transaction that changed the documents
    # (the listing services, and the bulk catalogue generator's own transaction).
    "caremarket.catalogue.services.index.index_moved": "runs inside its caller's transaction",
    # Read-only refusals: the one predicate each, called by the services that need it inside
    # their own transaction (and by the demo loader before it lists a service).
    "caremarket.agreements.services.standing.ensure_supplier_can_trade": "read-only guard",
    "caremarket.agreements.services.standing.ensure_call_off_allowed": "read-only guard",
    # Pure: parses a definition file, no database (the import command and the demo read the
    # file, then call `agreement_import`).
    "caremarket.agreements.services.definitions.read_definition": "pure file reader",
    # Pure: whether a competition is priced by a price list (no database).
    "caremarket.competitions.services.bids.needs_price_list": "pure predicate",
}


def _services_modules() -> list[str]:
    paths = sorted(ROOT.glob("*/services.py")) + sorted(ROOT.glob("*/services/*.py"))
    names = []
    for path in paths:
        if path.name == "__init__.py" or path == ROOT / "core" / "services.py":
            continue  # packages re-export; core/services.py defines the decorator itself
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        names.append(".".join(parts))
    return names


def _public_functions():
    for name in _services_modules():
        module = importlib.import_module(name)
        for attr, fn in vars(module).items():
            if attr.startswith("_") or not inspect.isfunction(fn):
                continue
            if fn.__module__ != module.__name__:
                continue
            yield f"{module.__name__}.{attr}", fn


def test_services_modules_are_found():
    assert len(_services_modules()) > 20


def test_every_public_service_is_durable():
    found = dict(_public_functions())
    assert len(found) > 100
    missing = sorted(
        name for name, fn in found.items() if name not in ALLOWED and not getattr(fn, "is_service", False)
    )
    assert not missing, (
        "Public functions in services modules must be `@service` (a durable transaction), "
        "or move to selectors (reads), rules (pure) or a `_private` helper:\n  " + "\n  ".join(missing)
    )


def test_the_allow_list_names_real_functions():
    found = dict(_public_functions())
    assert sorted(ALLOWED.keys() - found.keys()) == []
    assert not [name for name in ALLOWED if getattr(found[name], "is_service", False)]


@service
def _a_service() -> str:
    return "ran"


@pytest.mark.django_db
def test_a_service_refuses_to_run_inside_another_atomic_block():
    assert _a_service() == "ran"  # the test's own transaction does not count
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        _a_service()
