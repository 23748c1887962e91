"""An urgent award under the Provider Selection Regime (regulation 14): the commissioner's
procurement lead or approver records the contract awarded without following the Regime's
processes. The rules decide whether regulation 14 applies (every one of its conditions must
hold: refused with the rules' own sentences otherwise) and advise against a term longer than
the guidance suggests (a warning, not a refusal). The contract is entered into today, the
urgent award notice (PSR_URGENT) is published and an audit event written, in one transaction."""

from datetime import date
from decimal import Decimal

from caremarket.audit.services import audit_record
from caremarket.contracts.services.contracts import _create as _contract_create
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import RuleViolation
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.core.validation import FieldProblems
from caremarket.orgs.models import Organisation
from caremarket.rules import contracts as contract_rules
from caremarket.rules import psr as rules
from caremarket.rules.roles import Sector
from caremarket.rules.standstill import Regime
from caremarket.selection import selectors_urgent as selectors
from caremarket.selection.models import UrgentAward
from caremarket.transparency.content.contracts import signed_content
from caremarket.transparency.publishing import process_id_for, publish_lifecycle_notice

FACTS = selectors.FACTS
NOTICE = "PSR_URGENT"


def _checked(
    problems: FieldProblems,
    *,
    provider: Organisation | None,
    title: str,
    value,
    starts_on: date | None,
    term_months,
    facts: dict[str, bool | None],
    urgency_reason: str,
    today: date,
) -> tuple[Decimal | None, int | None]:
    problems.check(bool((title or "").strip()), "title", "Enter the title of the services")
    if provider is None:
        problems.add("provider", "Choose the provider the contract is awarded to")
    elif provider.sector != Sector.SUPPLIER:
        problems.add("provider", f"{provider.name} is not a provider of services")
    amount = value if isinstance(value, Decimal) else problems.money("value", value)
    if amount is None and "value" not in problems.fields:
        problems.add("value", "Enter the contract's value in pounds")
    elif amount is not None and amount <= 0:
        problems.add("value", "Enter the contract's value in pounds, more than £0.00")
    if starts_on is None:
        problems.add("starts_on", "Enter the day the contract starts")
    elif starts_on < today:
        problems.add("starts_on", "The contract cannot start before today")
    months = None
    try:
        months = int(term_months) if term_months not in (None, "") else None
    except (TypeError, ValueError):
        months = None
    if months is None:
        problems.add("term_months", "Enter the contract's term as a whole number of months, like 6")
    elif not 1 <= months <= 600:
        problems.add("term_months", "Enter a term of 1 to 600 months")
        months = None
    for name, question in FACTS:
        if facts.get(name) is None:
            problems.add(name, f"Answer yes or no: {question[0].lower()}{question[1:]}")
    problems.check(
        bool((urgency_reason or "").strip()), "urgency_reason", "Enter the reason the award is urgent"
    )
    return amount, months


@service
def urgent_award_record(
    *,
    actor: Actor,
    commissioner: Organisation,
    provider: Organisation | None,
    title: str,
    value,
    starts_on: date | None,
    term_months,
    must_be_made_urgently: bool | None,
    urgency_unforeseeable_and_not_attributable: bool | None,
    delay_risks_patient_or_public_safety: bool | None,
    urgency_reason: str,
    description: str = "",
) -> UrgentAward:
    """Record an urgent award: the contract with `provider`, entered into today, and its
    notice. Refused with the rules' reasons when regulation 14 does not apply."""
    require(
        actor,
        "selection.start_process",
        commissioner,
        message="Only a commissioner's procurement leads and approvers record an urgent award",
    )
    today = clock.today()
    facts = {
        "must_be_made_urgently": must_be_made_urgently,
        "urgency_unforeseeable_and_not_attributable": urgency_unforeseeable_and_not_attributable,
        "delay_risks_patient_or_public_safety": delay_risks_patient_or_public_safety,
    }
    problems = FieldProblems()
    problems.check(
        commissioner.sector == Sector.BUYER,
        "commissioner",
        f"{commissioner.name} does not commission services",
    )
    amount, months = _checked(
        problems,
        provider=provider,
        title=title,
        value=value,
        starts_on=starts_on,
        term_months=term_months,
        facts=facts,
        urgency_reason=urgency_reason,
        today=today,
    )
    problems.raise_if_any("The urgent award is not complete")
    decision = rules.urgent_award_permitted(
        rules.UrgentFacts(**{name: bool(v) for name, v in facts.items()}, term_months=months), today
    )
    if not decision.permitted:
        unmet = selectors.unmet_conditions({name: bool(v) for name, v in facts.items()}, today)
        raise RuleViolation(
            "Regulation 14 does not apply, so the contract cannot be awarded urgently: "
            + "; ".join(decision.reasons),
            code=ErrorCode.RULE_VIOLATION,
            details={
                "fields": unmet or {"urgency_reason": list(decision.reasons)},
                "reasons": list(decision.reasons),
            },
        )
    contract = _contract_create(
        actor=actor,
        buyer=commissioner,
        supplier=provider,
        title=title,
        origin=contract_rules.Origin.DIRECT_AWARD,
        value=amount,
        starts_on=starts_on,
        term=f"{months} months",
        service_specification=(description or "").strip(),
        regime=Regime.PROVIDER_SELECTION_REGIME,
    )
    # The urgent award is the contract being entered into: it is signed today.
    contract.stage, contract.signed_on = contract_rules.ContractStatus.SIGNED, today
    contract.touch()
    contract.save()
    content = signed_content(contract, today)
    content["tender"]["description"] = (f"Urgent award under regulation 14: {urgency_reason.strip()}")[:4000]
    notice = publish_lifecycle_notice(
        actor=actor,
        publisher=commissioner,
        code=NOTICE,
        process_id=process_id_for(contract),
        content=content,
        title=contract.title,
        subject=contract,
        subject_ref=contract.reference,
    )
    award = UrgentAward.objects.create(
        lead_commissioner=commissioner,
        provider=provider,
        contract=contract,
        title=contract.title,
        description=(description or "").strip(),
        value=amount,
        starts_on=starts_on,
        term_months=months,
        urgency_reason=urgency_reason.strip(),
        reasons=list(decision.reasons),
        advice=list(decision.advice),
        awarded_on=today,
        notice=notice,
        recorded_by=actor.person,
        **{name: bool(v) for name, v in facts.items()},
    )
    audit_record(
        actor=actor,
        action="selection.urgent_award",
        obj=award,
        organisation_id=commissioner.pk,
        after={
            "contract": contract.reference,
            "provider": provider.code,
            "value": str(amount),
            "starts_on": starts_on,
            "term_months": months,
            "facts": {name: bool(v) for name, v in facts.items()},
            "urgency_reason": award.urgency_reason,
            "advice": list(decision.advice),
            "notice": notice.pk,
            "awarded_on": today,
        },
    )
    return award
