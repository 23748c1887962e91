"""Agreements as data: load an agreement, its lots and their questions from a definition
(a YAML or JSON fixture, or a public framework read from the Digital Marketplace).

All or nothing: every problem in a definition is reported (one row per part), and only a
clean definition is written. Loading it again adds the lots that are new, publishes a new
version of any lot's rules that changed, and leaves the rest (and the agreement's status)
as it is.
"""

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from caremarket.agreements.models import Agreement, Lot
from caremarket.agreements.services.agreements import (
    AGREEMENT_FIELDS,
    RULES_FIELDS,
    _check_agreement,
    _clean_rules,
    _new_rules,
    _rules_summary,
)
from caremarket.audit.services import audit_record
from caremarket.core.actor import Actor
from caremarket.core.errors import ImportFailed
from caremarket.core.models import model_snapshot
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.core.validation import FieldProblems
from caremarket.orgs.models import Organisation
from caremarket.rules.agreements import (
    DEFAULT_FEE_RATE,
    DEFAULT_REVIEW_INTERVAL_MONTHS,
    STAGES,
    AgreementStatus,
)
from caremarket.rules.roles import Sector

TOP_KEYS = {
    "reference",
    "title",
    "owner",
    "kind",
    "status",
    "starts_on",
    "ends_on",
    "applications",
    "description",
    "management_fee_percent",
    "management_fee_rate",
    "required_standards",
    "max_call_off_term_months",
    "review_interval_months",
    "common_questions",
    "lots",
}
LOT_KEYS = {
    "number",
    "code",
    "title",
    "description",
    "procedures",
    "takes_new_suppliers",
    "price_units",
    "thresholds",
    "questions",
}


@dataclass
class ImportResult:
    reference: str
    created: bool = False
    lots_added: int = 0
    lots_changed: int = 0
    questions: int = 0


def read_definition(path: Path) -> dict:
    """A definition file's contents: YAML (.yaml, .yml) or JSON (.json)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
        data = json.loads(text) if str(path).endswith(".json") else yaml.safe_load(text)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise ImportFailed(f"Cannot read {path}: {exc}", problems=[]) from None
    if not isinstance(data, dict):
        raise ImportFailed(f"{path} does not hold an agreement definition", problems=[])
    return data


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _rate(data: dict) -> Decimal | None:
    try:
        if "management_fee_rate" in data:
            return Decimal(str(data["management_fee_rate"]))
        if "management_fee_percent" in data:
            return Decimal(str(data["management_fee_percent"])) / 100
    except InvalidOperation:
        return None
    return DEFAULT_FEE_RATE


def _rows(problems: FieldProblems, row: str) -> list[dict]:
    messages = [f"{field}: {m}" for field, ms in problems.fields.items() for m in ms]
    return [{"row": row, "problems": messages}] if messages else []


def _parse(data: dict) -> tuple[dict, list[dict], list[dict]]:
    """The agreement's fields, each lot's fields and rules, and every problem by part."""
    rows: list[dict] = []
    problems = FieldProblems()
    unknown = sorted(set(data) - TOP_KEYS)
    if unknown:
        problems.add("definition", f"unknown keys {', '.join(unknown)}")
    owner = Organisation.objects.filter(code__iexact=str(data.get("owner", ""))).first()
    if owner is None:
        problems.add("owner", f"there is no organisation with the code {data.get('owner')!r}")
    elif owner.sector != Sector.BUYER:
        problems.add("owner", "an agreement is run by a buyer organisation")
    window = data.get("applications") or {}
    fields = {
        "reference": str(data.get("reference", "")).strip().upper(),
        "title": str(data.get("title", "")).strip(),
        "description": str(data.get("description", "")).strip(),
        "owner": owner,
        "kind": data.get("kind", ""),
        "stage": data.get("status", AgreementStatus.DRAFT),
        "starts_on": _date(data.get("starts_on")),
        "ends_on": _date(data.get("ends_on")),
        "applications_open_on": _date(window.get("opens_on")) if window.get("opens_on") else None,
        "applications_close_on": _date(window.get("closes_on")) if window.get("closes_on") else None,
        "management_fee_rate": _rate(data),
        "required_standards": list(data.get("required_standards") or []),
        "max_call_off_term_months": data.get("max_call_off_term_months"),
        "review_interval_months": data.get("review_interval_months") or DEFAULT_REVIEW_INTERVAL_MONTHS,
    }
    problems.check(fields["stage"] in STAGES, "status", f"choose one of {', '.join(sorted(STAGES))}")
    problems.check(fields["starts_on"] is not None, "starts_on", "give the start date as YYYY-MM-DD")
    problems.check(fields["ends_on"] is not None, "ends_on", "give the end date as YYYY-MM-DD")
    if fields["management_fee_rate"] is None:
        problems.add("management_fee_rate", "give the fee as a number, like 1 (percent)")
    else:
        _check_agreement(Agreement(**{k: v for k, v in fields.items() if k != "owner"}), problems)
    rows += _rows(problems, "agreement")
    lots = _parse_lots(data, rows)
    return fields, lots, rows


def _parse_lots(data: dict, rows: list[dict]) -> list[dict]:
    common = list(data.get("common_questions") or [])
    lots, numbers = [], set()
    items = data.get("lots")
    if not isinstance(items, list) or not items:
        rows.append({"row": "lots", "problems": ["an agreement needs at least one lot"]})
        return lots
    for position, item in enumerate(items, start=1):
        problems = FieldProblems()
        item = item if isinstance(item, dict) else {}
        unknown = sorted(set(item) - LOT_KEYS)
        if unknown:
            problems.add("lot", f"unknown keys {', '.join(unknown)}")
        number = item.get("number", position)
        if not isinstance(number, int) or number in numbers or not 1 <= number <= 999:
            problems.add("number", "number each lot once, from 1 to 999")
        numbers.add(number)
        problems.check(bool(str(item.get("title", "")).strip()), "title", "give the lot's title")
        rules = _clean_rules(
            item.get("procedures"),
            item.get("takes_new_suppliers", True),
            common + list(item.get("questions") or []),
            item.get("price_units"),
            item.get("thresholds"),
            problems,
        )
        rows += _rows(problems, f"lot {number}")
        lots.append(
            {
                "number": number,
                "code": str(item.get("code", ""))[:60],
                "title": str(item.get("title", "")).strip()[:255],
                "description": str(item.get("description", "")).strip(),
                "rules": rules,
            }
        )
    return lots


@service
def agreement_import(*, actor: Actor, definition: dict, source: str = "") -> ImportResult:
    require(actor, "agreements.import_definitions")
    fields, lots, rows = _parse(definition)
    if rows:
        raise ImportFailed(
            f"The definition of {fields['reference'] or 'an agreement'} has problems", problems=rows
        )
    existing = Agreement.objects.select_for_update().filter(reference=fields["reference"]).first()
    result = ImportResult(reference=fields["reference"], created=existing is None)
    if existing is None:
        agreement = Agreement.objects.create(**fields, source=source[:200])
    else:
        agreement = existing
        _update_details(actor, agreement, fields)
    current = {lot.number: lot for lot in agreement.lots.select_related("current_rules")}
    for item in lots:
        lot = current.get(item["number"])
        result.questions += len(item["rules"]["questions"])
        if lot is None:
            lot = Lot.objects.create(
                agreement=agreement,
                number=item["number"],
                code=item["code"],
                title=item["title"],
                description=item["description"],
            )
            _new_rules(lot, item["rules"], actor, note=f"Imported from {source}"[:255])
            result.lots_added += 1
        elif model_snapshot(lot.current_rules, RULES_FIELDS) != item["rules"] or lot.title != item["title"]:
            lot.title, lot.description = item["title"], item["description"]
            lot.save(update_fields=["title", "description"])
            _new_rules(lot, item["rules"], actor, note=f"Imported again from {source}"[:255])
            audit_record(
                actor=actor,
                action="lot.rules_changed",
                obj=lot,
                organisation_id=agreement.owner_id,
                after={"version": lot.current_rules.version, **_rules_summary(item["rules"])},
            )
            result.lots_changed += 1
    if result.created or result.lots_added or result.lots_changed:
        audit_record(
            actor=actor,
            action="agreement.imported",
            obj=agreement,
            organisation_id=agreement.owner_id,
            after={
                **(model_snapshot(agreement, AGREEMENT_FIELDS) if result.created else {}),
                "source": source,
                "lots_added": result.lots_added,
                "lots_changed": result.lots_changed,
            },
        )
    return result


def _update_details(actor: Actor, agreement: Agreement, fields: dict) -> None:
    """A definition loaded again updates the agreement's details, never its status."""
    names = [f for f in AGREEMENT_FIELDS if f not in ("stage", "owner_id", "reference")]
    before = model_snapshot(agreement, names)
    for name in names:
        setattr(agreement, name, fields[name])
    after = model_snapshot(agreement, names)
    changed = {k for k in names if before[k] != after[k]}
    if not changed:
        return
    agreement.touch()
    agreement.save()
    audit_record(
        actor=actor,
        action="agreement.updated",
        obj=agreement,
        organisation_id=agreement.owner_id,
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
    )
