"""Setting up agreements and lots: create, update, move through the lifecycle, add lots and
publish new versions of a lot's rules. Each checks permission and records its audit event
in the same transaction."""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db.models import Max

from caremarket.agreements.choices import PriceUnit
from caremarket.agreements.models import Agreement, Lot, LotRules
from caremarket.agreements.services.problems import Problems
from caremarket.audit.services import audit_record
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import Conflict, ValidationFailed
from caremarket.core.models import model_snapshot
from caremarket.core.money import MoneyError, read_money
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.core.validation import FieldProblems, check_model_fields
from caremarket.orgs.choices import CertificationScheme
from caremarket.orgs.models import Organisation
from caremarket.rules.agreements import (
    DEFAULT_FEE_RATE,
    DEFAULT_REVIEW_INTERVAL_MONTHS,
    AgreementKind,
    AgreementStatus,
    Procedure,
    Threshold,
    fee_rate_problem,
    lot_addition_refusal,
    transition_refusal,
)
from caremarket.rules.dates import spoken_date
from caremarket.rules.questions import parse_questions
from caremarket.rules.roles import Sector

REFERENCE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9.-]{1,29}$")
AGREEMENT_FIELDS = [
    "reference",
    "title",
    "description",
    "owner_id",
    "kind",
    "stage",
    "starts_on",
    "ends_on",
    "applications_open_on",
    "applications_close_on",
    "management_fee_rate",
    "required_standards",
    "max_call_off_term_months",
    "review_interval_months",
]
UPDATABLE = {
    "title",
    "description",
    "ends_on",
    "management_fee_rate",
    "required_standards",
    "max_call_off_term_months",
    "review_interval_months",
}
DRAFT_ONLY = {"kind", "starts_on"}
RULES_FIELDS = ["procedures", "takes_new_suppliers", "questions", "price_units", "thresholds"]


def _check_agreement(a: Agreement, problems: FieldProblems) -> None:
    problems.check(
        bool(REFERENCE_PATTERN.match(a.reference)),
        "reference",
        "Enter a reference of 2 to 30 capital letters, digits, dots or hyphens, like RM3825",
    )
    problems.check(bool(a.title.strip()), "title", "Enter the agreement's title")
    problems.check(a.kind in set(AgreementKind), "kind", "Choose framework or dynamic purchasing system")
    if a.starts_on and a.ends_on and a.ends_on < a.starts_on:
        problems.add("ends_on", "The end date must be on or after the start date")
    try:
        rate = Decimal(a.management_fee_rate)
    except (InvalidOperation, TypeError):
        rate = Decimal("NaN")
    problem = fee_rate_problem(rate)
    if problem:
        problems.add("management_fee_rate", problem)
    standards = a.required_standards
    if not isinstance(standards, list) or not set(standards) <= set(CertificationScheme.values):
        problems.add("required_standards", "Choose standards from the certification schemes Caremarket knows")
    elif len(set(standards)) != len(standards):
        problems.add("required_standards", "Name each standard once")
    term = a.max_call_off_term_months
    problems.check(term is None or 1 <= term <= 240, "max_call_off_term_months", "Enter 1 to 240 months")
    problems.check(
        1 <= (a.review_interval_months or 0) <= 60,
        "review_interval_months",
        "Review at least every 60 months",
    )


@service
def agreement_create(
    *,
    actor: Actor,
    owner: Organisation,
    reference: str,
    title: str,
    kind: str,
    starts_on: date,
    ends_on: date,
    description: str = "",
    management_fee_rate: Decimal = DEFAULT_FEE_RATE,
    required_standards: list[str] | tuple = (),
    max_call_off_term_months: int | None = None,
    review_interval_months: int = DEFAULT_REVIEW_INTERVAL_MONTHS,
    source: str = "",
) -> Agreement:
    require(actor, "agreements.create_agreement", owner)
    agreement = Agreement(
        owner=owner,
        reference=reference.strip().upper(),
        title=title.strip(),
        description=description.strip(),
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        management_fee_rate=management_fee_rate,
        required_standards=list(required_standards),
        max_call_off_term_months=max_call_off_term_months,
        review_interval_months=review_interval_months,
        source=source[:200],
    )
    problems = FieldProblems()
    problems.check(owner.sector == Sector.BUYER, "owner", "An agreement is run by a buyer organisation")
    _check_agreement(agreement, problems)
    check_model_fields(agreement, problems, exclude=["owner"])
    problems.raise_if_any("The agreement could not be created")
    if Agreement.objects.filter(reference=agreement.reference).exists():
        raise Conflict(
            f"An agreement with the reference {agreement.reference} already exists",
            code=ErrorCode.AGREEMENT_REFERENCE_TAKEN,
            details={"fields": {"reference": [f"{agreement.reference} is already taken"]}},
        )
    agreement.management_fee_rate = Decimal(management_fee_rate).quantize(Decimal("0.0001"))
    agreement.save()
    audit_record(
        actor=actor,
        action="agreement.created",
        obj=agreement,
        organisation_id=owner.pk,
        after=model_snapshot(agreement, AGREEMENT_FIELDS),
    )
    return agreement


def _locked(agreement: Agreement) -> Agreement:
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


def _refuse_if_expired(agreement: Agreement) -> None:
    if agreement.status() == AgreementStatus.EXPIRED:
        raise ValidationFailed(
            f"{agreement.reference} expired on {spoken_date(agreement.ends_on)}: it cannot change",
            code=ErrorCode.AGREEMENT_EXPIRED,
        )


@service
def agreement_update(*, actor: Actor, agreement: Agreement, **changes) -> Agreement:
    agreement = _locked(agreement)
    require(actor, "agreements.manage_agreement", agreement)
    unknown = set(changes) - UPDATABLE - DRAFT_ONLY
    if unknown:
        raise ValidationFailed(f"These fields cannot be changed: {', '.join(sorted(unknown))}")
    if set(changes) & DRAFT_ONLY and agreement.stage != AgreementStatus.DRAFT:
        raise ValidationFailed("The kind and start date can change only while the agreement is a draft")
    _refuse_if_expired(agreement)
    before = model_snapshot(agreement, AGREEMENT_FIELDS)
    for name, value in changes.items():
        setattr(agreement, name, value.strip() if isinstance(value, str) and name != "kind" else value)
    if "required_standards" in changes:
        agreement.required_standards = list(agreement.required_standards or [])
    problems = FieldProblems()
    _check_agreement(agreement, problems)
    check_model_fields(agreement, problems, exclude=["owner"])
    problems.raise_if_any("The agreement could not be updated")
    agreement.management_fee_rate = Decimal(agreement.management_fee_rate).quantize(Decimal("0.0001"))
    after = model_snapshot(agreement, AGREEMENT_FIELDS)
    if after == before:
        return agreement
    agreement.touch()
    agreement.save()
    audit_record(
        actor=actor,
        action="agreement.updated",
        obj=agreement,
        organisation_id=agreement.owner_id,
        before={k: v for k, v in before.items() if after[k] != v},
        after={k: v for k, v in after.items() if before[k] != v},
    )
    return agreement


TRANSITION_VERBS = {
    AgreementStatus.OPEN: "published",
    AgreementStatus.LIVE: "made_live",
    AgreementStatus.CLOSED: "closed_to_new_suppliers",
}


@service
def agreement_transition(
    *,
    actor: Actor,
    agreement: Agreement,
    to: str,
    applications_open_on: date | None = None,
    applications_close_on: date | None = None,
) -> Agreement:
    """Move an agreement on in its lifecycle. A framework being published or reopened gives
    its application window."""
    agreement = _locked(agreement)
    require(actor, "agreements.manage_agreement", agreement)
    facts = agreement.facts()
    refusal = transition_refusal(
        facts, to, clock.today(), opens=applications_open_on, closes=applications_close_on
    )
    if refusal:
        raise refusal.error(**{"from": str(agreement.status()), "to": to})
    before = model_snapshot(agreement, ["stage", "applications_open_on", "applications_close_on"])
    agreement.stage = to
    reopening = to == AgreementStatus.LIVE and facts.stage == AgreementStatus.CLOSED
    if agreement.kind == AgreementKind.FRAMEWORK and (to == AgreementStatus.OPEN or reopening):
        agreement.applications_open_on = applications_open_on or clock.today()
        agreement.applications_close_on = applications_close_on
    agreement.touch()
    agreement.save()
    audit_record(
        actor=actor,
        action=f"agreement.{TRANSITION_VERBS[AgreementStatus(to)]}",
        obj=agreement,
        organisation_id=agreement.owner_id,
        before=before,
        after=model_snapshot(agreement, ["stage", "applications_open_on", "applications_close_on"]),
    )
    return agreement


# --- Lots and their rules --------------------------------------------------------------------


def _clean_rules(
    procedures, takes_new_suppliers, questions, price_units, thresholds, problems: FieldProblems
) -> dict:
    procedures = list(dict.fromkeys(procedures or []))
    if not procedures:
        problems.add("procedures", "Choose at least one call-off procedure")
    elif not set(procedures) <= set(Procedure):
        problems.add("procedures", "Choose further competition, direct award or both")
    price_units = list(dict.fromkeys(price_units or []))
    if not set(price_units) <= set(PriceUnit.values):
        problems.add("price_units", f"Choose price units from: {', '.join(PriceUnit.values)}")
    parsed = parse_questions(list(questions or []))
    for problem in parsed.problems[:20]:
        problems.add("questions", problem)
    amounts = {}
    for name, amount in (thresholds or {}).items():
        if name not in set(Threshold):
            problems.add("thresholds", f"'{name}' is not a threshold Caremarket knows")
            continue
        try:
            value = read_money(amount)
        except (MoneyError, TypeError):
            value = None
        if value is None or value <= 0:
            problems.add(
                "thresholds", f"Enter {name.replace('_', ' ')} as an amount in pounds, like 50,000.00"
            )
            continue
        amounts[name] = str(value)
    return {
        "procedures": procedures,
        "takes_new_suppliers": bool(takes_new_suppliers),
        "questions": [q.to_dict() for q in parsed.questions],
        "price_units": price_units,
        "thresholds": amounts,
    }


def _new_rules(lot: Lot, rules: dict, actor: Actor, note: str) -> LotRules:
    version = (lot.rules_versions.aggregate(v=Max("version"))["v"] or 0) + 1
    created = LotRules.objects.create(
        lot=lot, version=version, note=note[:255], created_by=actor.person, **rules
    )
    lot.current_rules = created
    lot.touch()
    lot.save(update_fields=["current_rules", "updated_at"])
    return created


def _rules_summary(rules: dict) -> dict:
    return {**{k: v for k, v in rules.items() if k != "questions"}, "questions": len(rules["questions"])}


@service
def lot_add(
    *,
    actor: Actor,
    agreement: Agreement,
    title: str,
    procedures: list[str],
    number: int | None = None,
    code: str = "",
    description: str = "",
    takes_new_suppliers: bool = True,
    questions: list[dict] | tuple = (),
    price_units: list[str] | tuple = (),
    thresholds: dict | None = None,
) -> Lot:
    agreement = _locked(agreement)
    require(actor, "agreements.manage_agreement", agreement)
    refusal = lot_addition_refusal(agreement.facts(), clock.today())
    if refusal:
        raise refusal.error()
    if number is None:
        number = (agreement.lots.aggregate(n=Max("number"))["n"] or 0) + 1
    lot = Lot(
        agreement=agreement, number=number, code=code.strip(), title=title.strip(), description=description
    )
    problems = Problems()
    problems.check(1 <= number <= 999, "number", "Number the lot from 1 to 999")
    problems.check(bool(lot.title), "title", "Enter the lot's title")
    check_model_fields(lot, problems, exclude=["agreement", "current_rules", "description"])
    rules = _clean_rules(procedures, takes_new_suppliers, questions, price_units, thresholds, problems)
    problems.raise_if_any("The lot could not be added", code=ErrorCode.LOT_RULES_INVALID)
    if agreement.lots.filter(number=number).exists():
        raise Conflict(
            f"{agreement.reference} already has a lot {number}",
            code=ErrorCode.LOT_NUMBER_TAKEN,
            details={"fields": {"number": [f"Lot {number} already exists"]}},
        )
    lot.save()
    _new_rules(lot, rules, actor, note="First version")
    audit_record(
        actor=actor,
        action="lot.added",
        obj=lot,
        organisation_id=agreement.owner_id,
        after={
            "agreement": agreement.reference,
            "number": number,
            "title": lot.title,
            **_rules_summary(rules),
        },
    )
    return lot


@service
def lot_rules_update(
    *,
    actor: Actor,
    lot: Lot,
    procedures: list[str],
    takes_new_suppliers: bool,
    questions: list[dict] | None = None,
    price_units: list[str] | tuple = (),
    thresholds: dict | None = None,
    note: str = "",
) -> LotRules:
    """Publish a new version of a lot's rules (the same rules again change nothing).
    Questions left out keep the current ones."""
    lot = (
        Lot.objects.select_for_update(of=("self",))
        .select_related("agreement", "current_rules")
        .get(pk=lot.pk)
    )
    require(actor, "agreements.manage_agreement", lot.agreement)
    _refuse_if_expired(lot.agreement)
    current = lot.current_rules
    if questions is None:
        questions = current.questions if current else []
    problems = Problems()
    rules = _clean_rules(procedures, takes_new_suppliers, questions, price_units, thresholds, problems)
    problems.raise_if_any("The lot's rules could not be changed", code=ErrorCode.LOT_RULES_INVALID)
    if current is not None and model_snapshot(current, RULES_FIELDS) == rules:
        return current
    created = _new_rules(lot, rules, actor, note=note.strip() or "Rules changed")
    audit_record(
        actor=actor,
        action="lot.rules_changed",
        obj=lot,
        organisation_id=lot.agreement.owner_id,
        before={"version": current.version, **_rules_summary(model_snapshot(current, RULES_FIELDS))}
        if current
        else None,
        after={"version": created.version, **_rules_summary(rules)},
    )
    return created
