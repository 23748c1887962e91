"""Running a process under the Provider Selection Regime: starting it, choosing the process
from the facts, recording the decision against the key criteria, publishing the notice of
intention (which starts the standstill and locks the record), recording representations and the
authority's review of them, and awarding the contract with its confirmation notice. The steps
after the notice of intention live in services.psr_award and the shared guards in
services.psr_common; both are re-exported here, so `services.psr.psr_award` keeps working.

Every service checks who may act, refuses with the rules' own sentences (rules.psr), runs in
its own transaction and writes an audit event; notices go out through transparency in the same
transaction, so a refused notice rolls the step back with it."""

from decimal import Decimal

from caremarket.audit.services import audit_record
from caremarket.contracts.models import Contract
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import RuleViolation, ValidationFailed
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.core.validation import FieldProblems
from caremarket.orgs.models import Organisation
from caremarket.rules import psr as rules
from caremarket.rules.dates import spoken_date
from caremarket.rules.roles import Sector
from caremarket.selection import selectors_psr as selectors
from caremarket.selection.models import PsrDecision, SelectionProcess
from caremarket.selection.services.psr_award import (  # noqa: F401  (re-exported: services.psr.psr_award)
    psr_award,
    psr_representation_clarify,
    psr_representation_record,
    psr_review_record,
)
from caremarket.selection.services.psr_common import (  # noqa: F401
    DIRECT_AWARDS,
    MSP,
    _locked,
    _manager_permission,
    _refuse_if_ended,
    _refuse_step,
    _require_manager,
)
from caremarket.transparency.ocds.builder import Party, ocds_value
from caremarket.transparency.publishing import publish_lifecycle_notice


def _msp_decision_problems(selection: SelectionProcess, provider: Organisation | None, problems) -> None:
    """The Most Suitable Provider process records its decision only after gateway 2, for the
    lead provider of one of its alliances."""
    if not selectors.msp_gateway2_passed(selection):
        raise RuleViolation(
            "Gateway 2 has not passed: the decision against the key criteria is recorded once the "
            "delivery plan, the innovation plan and the service contract are agreed and gateway 2 "
            "has passed",
            code=ErrorCode.RULE_VIOLATION,
        )
    if provider is not None and not selectors.msp_alliance_led_by(selection, provider):
        problems.add(
            "provider",
            f"{provider.name} does not lead an alliance of {selection.reference}: "
            "choose the lead provider of the alliance the contract goes to",
        )


def _next_reference() -> str:
    year = clock.today().year
    prefix = f"PSR-{year}-"
    last = (
        SelectionProcess.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.removeprefix(prefix)) + 1 if last and last.removeprefix(prefix).isdigit() else 1
    return f"{prefix}{number:05d}"


# --- Starting a process and choosing it ---------------------------------------------------------


@service
def selection_start(
    *,
    actor: Actor,
    lead_commissioner: Organisation,
    title: str,
    description: str = "",
    commissioners: list[Organisation] | None = None,
    estimated_value: Decimal | str | None = None,
    term_min_months: int | None = None,
    term_max_months: int | None = None,
    existing_contract: Contract | None = None,
) -> SelectionProcess:
    """Start a process for `lead_commissioner` (and any other commissioners with it)."""
    require(actor, "selection.start_process", lead_commissioner)
    problems = FieldProblems()
    problems.check(bool((title or "").strip()), "title", "Enter the title of the services")
    problems.check(
        lead_commissioner.sector == Sector.BUYER,
        "lead_commissioner",
        f"{lead_commissioner.name} does not commission services",
    )
    others = [c for c in (commissioners or []) if c.pk != lead_commissioner.pk]
    for other in others:
        problems.check(
            other.sector == Sector.BUYER, "commissioners", f"{other.name} does not commission services"
        )
    value = (
        problems.money("estimated_value", estimated_value)
        if not isinstance(estimated_value, Decimal)
        else estimated_value
    )
    if value is not None and value <= 0:
        problems.add("estimated_value", "Enter the estimated value in pounds, more than £0.00")
    for name, months in (("term_min_months", term_min_months), ("term_max_months", term_max_months)):
        if months is not None and not 1 <= int(months) <= 600:
            problems.add(name, "Enter a term of 1 to 600 months")
    if term_min_months and term_max_months and int(term_min_months) > int(term_max_months):
        problems.add("term_max_months", "The longest term cannot be shorter than the shortest")
    if existing_contract is not None and existing_contract.buyer_id not in {
        lead_commissioner.pk,
        *(o.pk for o in others),
    }:
        problems.add(
            "existing_contract", f"{existing_contract.reference} is not a contract of the commissioners"
        )
    problems.raise_if_any("The process is not complete")
    selection = SelectionProcess.objects.create(
        reference=_next_reference(),
        title=title.strip()[:255],
        description=(description or "").strip(),
        lead_commissioner=lead_commissioner,
        estimated_value=value,
        term_min_months=term_min_months or None,
        term_max_months=term_max_months or None,
        existing_contract=existing_contract,
        stage="draft",
    )
    selection.commissioners.set([lead_commissioner, *others])
    audit_record(
        actor=actor,
        action="selection.started",
        obj=selection,
        organisation_id=lead_commissioner.pk,
        after={
            "reference": selection.reference,
            "title": selection.title,
            "commissioners": sorted(o.code for o in [lead_commissioner, *others]),
            "estimated_value": str(value) if value is not None else None,
            "existing_contract": existing_contract.reference if existing_contract else None,
        },
    )
    return selection


def _facts_record(facts: dict) -> dict:
    """The chooser's facts as the process keeps them (booleans, money as strings)."""
    record: dict = {}
    for name in selectors.BOOLEAN_FACTS:
        record[name] = bool(facts.get(name))
    for name in selectors.MONEY_FACTS:
        value = facts.get(name)
        record[name] = None if value in (None, "") else str(value)
    return record


@service
def selection_choose(
    *, actor: Actor, selection: SelectionProcess, facts: dict, process: str
) -> SelectionProcess:
    """Record the chooser's facts and the process chosen: refused when the rules do not open
    it for these facts (with why not), or when one of Direct Award A or B must be followed."""
    selection = _locked(selection)
    _require_manager(actor, selection)
    _refuse_if_ended(selection)
    decision = PsrDecision.objects.filter(selection=selection).first()
    if decision is not None and decision.intention_published_on is not None:
        raise RuleViolation(
            f"The notice of intention was published on {spoken_date(decision.intention_published_on)}: "
            "the process can no longer be changed",
            code=ErrorCode.RULE_VIOLATION,
        )
    for name in selectors.MONEY_FACTS:
        value = facts.get(name)
        if value not in (None, "") and not isinstance(value, Decimal):
            raise ValidationFailed.for_field(name, "Enter the lifetime value in pounds, like 1,250,000")
    record = _facts_record(facts)
    today = clock.today()
    choice = rules.choose_process(selectors.facts_from_record(record), today)
    try:
        chosen = rules.Process(process)
    except ValueError:
        raise ValidationFailed.for_field("process", "Choose one of the processes") from None
    option = choice.option(chosen)
    if not option.open:
        raise RuleViolation(
            f"{option.name} is not open: " + "; ".join(option.reasons),
            code=ErrorCode.RULE_VIOLATION,
            details={"fields": {"process": [option.sentence]}},
        )
    before = {"process": selection.process, "facts": selection.facts}
    selection.facts = record
    selection.process = str(chosen)
    selection.stage = "process_chosen"
    selection.touch()
    selection.save(update_fields=["facts", "process", "stage", "updated_at"])
    audit_record(
        actor=actor,
        action="selection.process_chosen",
        obj=selection,
        organisation_id=selection.lead_commissioner_id,
        before=before,
        after={"process": selection.process, "facts": record, "open": [str(p) for p in choice.open]},
    )
    return selection


# --- The decision record -------------------------------------------------------------------------


def _criteria(rows: list[dict]) -> tuple[list[rules.CriterionRecord], list[dict], FieldProblems]:
    problems = FieldProblems()
    records, stored = [], []
    for row in rows:
        code = row.get("criterion", "")
        weight = row.get("weight")
        if isinstance(weight, str):
            text = weight.strip().removesuffix("%").strip()
            if text:
                try:
                    weight = Decimal(text)
                except ArithmeticError:
                    problems.add(f"{code}_weight", "Enter the weight as a percentage, like 30")
                    weight = None
            else:
                weight = None
        importance = (row.get("importance") or "").strip() or None
        rationale = (row.get("rationale") or "").strip()
        records.append(rules.CriterionRecord(code, rationale, weight, importance))
        stored.append(
            {
                "criterion": code,
                "weight": None if weight is None else str(weight),
                "importance": importance or "",
                "rationale": rationale,
            }
        )
    return records, stored, problems


@service
def psr_decision_record(
    *,
    actor: Actor,
    selection: SelectionProcess,
    provider: Organisation | None,
    contract_value: Decimal | str | None,
    criteria: list[dict],
) -> PsrDecision:
    """Record (or change) the decision: the provider chosen, the contract value and how each
    of the five key criteria was taken into account. Refused once the notice of intention is
    published, or while anything is missing (each problem said)."""
    selection = _locked(selection)
    _require_manager(actor, selection)
    _refuse_if_ended(selection)
    if not selection.process:
        raise RuleViolation("Choose the process before recording the decision", code=ErrorCode.RULE_VIOLATION)
    msp_problems = FieldProblems()
    if selection.process == MSP:
        _msp_decision_problems(selection, provider, msp_problems)
    today = clock.today()
    decision, _ = PsrDecision.objects.select_for_update().get_or_create(selection=selection)
    locked = rules.decision_record_locked(decision.intention_published_on, today)
    if locked:
        raise locked.error(selection=selection.reference)
    if decision.awarded_on:
        raise RuleViolation(
            f"The contract was awarded on {spoken_date(decision.awarded_on)}", code=ErrorCode.RULE_VIOLATION
        )
    records, stored, problems = _criteria(criteria)
    for name, sentences in msp_problems.fields.items():
        for sentence in sentences:
            problems.add(name, sentence)
    if provider is None:
        problems.add("provider", "Choose the provider the contract is to be awarded to")
    elif provider.sector != Sector.SUPPLIER:
        problems.add("provider", f"{provider.name} is not a provider of services")
    value = (
        contract_value
        if isinstance(contract_value, Decimal)
        else problems.money("contract_value", contract_value)
    )
    if value is None and "contract_value" not in problems.fields:
        problems.add("contract_value", "Enter the contract's value in pounds")
    elif value is not None and value <= 0:
        problems.add("contract_value", "Enter the contract's value in pounds, more than £0.00")
    names = {c.code: c.name for c in rules.key_criteria(today)}
    for sentence in rules.decision_record_problems(records, today):
        field = next((code for code, name in names.items() if sentence.startswith(name)), "criteria")
        problems.add(field, sentence)
    problems.raise_if_any("The decision record is not complete")
    before = {
        "provider": decision.provider.code if decision.provider_id else None,
        "contract_value": str(decision.contract_value) if decision.contract_value is not None else None,
        "criteria": decision.criteria,
    }
    decision.provider = provider
    decision.contract_value = value
    decision.criteria = stored
    decision.complete = True
    decision.recorded_by = actor.person
    decision.touch()
    decision.save()
    audit_record(
        actor=actor,
        action="selection.decision_recorded",
        obj=selection,
        organisation_id=selection.lead_commissioner_id,
        before=before,
        after={"provider": provider.code, "contract_value": str(value), "criteria": stored},
    )
    return decision


# --- The notice of intention and the standstill --------------------------------------------------


def _award_content(selection: SelectionProcess, decision: PsrDecision) -> dict:
    provider = decision.provider
    party = Party(code=provider.code, name=provider.name, roles=("supplier",))
    award = {
        "id": f"{selection.reference}-award-{decision.round}",
        "title": selection.title,
        "status": "pending",
        "suppliers": [{"id": party.party_id, "name": provider.name}],
        "value": ocds_value(decision.contract_value),
    }
    return {
        "tender": {"title": selection.title, "description": selection.description[:4000]},
        "parties": [party.as_ocds()],
        "awards": [award],
    }


@service
def psr_intention_publish(*, actor: Actor, selection: SelectionProcess) -> PsrDecision:
    """Publish the notice of intention to award (PSR_INTENTION): it starts the standstill of 8
    working days and locks the decision record."""
    selection = _locked(selection)
    _require_manager(actor, selection)
    _refuse_if_ended(selection)
    today = clock.today()
    _refuse_step(selection, rules.Step.PUBLISH_INTENTION, today)
    decision = (
        PsrDecision.objects.select_for_update(of=("self",))
        .select_related("provider")
        .get(selection=selection)
    )
    notice = publish_lifecycle_notice(
        actor=actor,
        publisher=selection.lead_commissioner,
        code="PSR_INTENTION",
        process_id=selection.reference,
        content=_award_content(selection, decision),
        title=selection.title,
        subject=selection,
        subject_ref=selection.reference,
    )
    decision.intention_published_on = today
    decision.intention_notice = notice
    decision.touch()
    decision.save()
    selection.stage = "standstill"
    selection.touch()
    selection.save(update_fields=["stage", "updated_at"])
    ends = rules.standstill_ends_on(today)
    audit_record(
        actor=actor,
        action="selection.intention_published",
        obj=selection,
        organisation_id=selection.lead_commissioner_id,
        after={
            "notice": notice.pk,
            "published_on": today,
            "standstill_ends_on": ends,
            "round": decision.round,
        },
    )
    return decision
