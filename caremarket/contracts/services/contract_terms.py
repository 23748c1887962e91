"""Changing what a contract says: numbered variations with each term before and after, KPIs
with targets, and subcontractors under a lead provider with their shares."""

from datetime import date
from decimal import Decimal, InvalidOperation

from caremarket.audit.services import audit_record
from caremarket.contracts import selectors
from caremarket.contracts.models import Contract, ContractKpi, Subcontract, Variation
from caremarket.contracts.services.contracts import _kpi_rows, _locked_contract
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import Conflict, RuleViolation, ValidationFailed
from caremarket.core.money import parse_money
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.core.validation import FieldProblems
from caremarket.orgs.models import Organisation
from caremarket.rules import contracts as rules
from caremarket.rules import psr as psr_rules
from caremarket.rules.performance import Direction, Domain
from caremarket.rules.roles import Sector
from caremarket.transparency.content import contracts as notices

# The grounds of regulation 13(1) on which a contract under the Provider Selection Regime may
# be modified without a new process, as a commissioner reads them.
PSR_GROUNDS: dict[str, str] = {
    psr_rules.ModificationGround.PROVIDED_FOR: "The contract clearly provided for this change",
    psr_rules.ModificationGround.PROVIDER_SUCCESSION: (
        "A new provider takes over the contract after a takeover, merger, acquisition or insolvency"
    ),
    psr_rules.ModificationGround.EXTERNAL_FACTORS: (
        "The change responds to things outside the authority's and the provider's control, "
        "like patient numbers or prices set by a formula"
    ),
    psr_rules.ModificationGround.AUTHORITY_DECISION: "The change is the authority's own decision",
}
# The grounds that ask whether the change makes the contract materially different in character.
PSR_CHARACTER_GROUNDS = frozenset(
    {psr_rules.ModificationGround.EXTERNAL_FACTORS, psr_rules.ModificationGround.AUTHORITY_DECISION}
)


def _typed(field: str, value):
    if field == "value":
        amount = parse_money(value, field="value")
        if amount <= 0:
            raise ValidationFailed.for_field("value", "The value must be more than £0.00")
        return amount
    if field == "notice_months":
        try:
            months = int(value)
        except (TypeError, ValueError):
            raise ValidationFailed.for_field("notice_months", "Enter the notice period in months") from None
        if not 0 <= months <= 36:
            raise ValidationFailed.for_field("notice_months", "Enter a notice period of 0 to 36 months")
        return months
    return str(value).strip()


def _value_when_entered_into(contract: Contract) -> Decimal:
    """The contract's value before its first variation that changed it (its value now if none)."""
    for changes in contract.variations.order_by("number").values_list("changes", flat=True):
        if isinstance(changes, dict) and "value" in changes:
            return Decimal(str(changes["value"]["before"]))
    return contract.value


def _psr_modification(
    contract: Contract,
    new_value: Decimal,
    ground: str,
    materially_different_in_character: bool | None,
    successor_meets_basic_selection_criteria: bool | None,
) -> psr_rules.ModificationDecision:
    """Whether regulation 13 permits the modification (refused with the rule's reasons, or
    with what is missing), the cumulative change counted since the contract was entered into."""
    problems = FieldProblems()
    ground = (ground or "").strip()
    if ground not in PSR_GROUNDS:
        problems.add("psr_ground", "Choose the ground of regulation 13 the modification relies on")
    if ground in PSR_CHARACTER_GROUNDS and materially_different_in_character is None:
        problems.add(
            "materially_different_in_character",
            "Answer yes or no: does the change make the contract materially different in character?",
        )
    if (
        ground == psr_rules.ModificationGround.PROVIDER_SUCCESSION
        and successor_meets_basic_selection_criteria is None
    ):
        problems.add(
            "successor_meets_basic_selection_criteria",
            "Answer yes or no: does the new provider meet the basic selection criteria?",
        )
    problems.raise_if_any("The modification is not complete")
    original = _value_when_entered_into(contract)
    decision = psr_rules.modification_permitted(
        psr_rules.ModificationFacts(
            ground=ground,
            original_lifetime_value=original,
            cumulative_change=new_value - original,
            materially_different_in_character=bool(materially_different_in_character)
            if ground in PSR_CHARACTER_GROUNDS
            else False,
            successor_meets_basic_selection_criteria=bool(successor_meets_basic_selection_criteria)
            if ground == psr_rules.ModificationGround.PROVIDER_SUCCESSION
            else True,
        ),
        clock.today(),
    )
    if not decision.permitted:
        raise RuleViolation(
            f"{contract.reference} cannot be modified without a new process: " + "; ".join(decision.reasons),
            code=ErrorCode.VARIATION_INVALID,
            details={"fields": {"psr_ground": list(decision.reasons)}, "reasons": list(decision.reasons)},
        )
    return decision


@service
def contract_vary(
    *,
    actor: Actor,
    contract: Contract,
    summary: str,
    changes: dict,
    agreed_on: date | None = None,
    psr_ground: str = "",
    materially_different_in_character: bool | None = None,
    successor_meets_basic_selection_criteria: bool | None = None,
) -> Variation:
    """Record a numbered amendment: each changed term before and after.

    A contract under the Provider Selection Regime is modified only as regulation 13 permits:
    on one of its grounds (`psr_ground`, with whether the change makes the contract materially
    different in character, or whether a succeeding provider meets the basic selection
    criteria), refused with the rule's reasons otherwise (a new process is needed). Its
    modification notice (PSR_MODIFICATION) is published only when the rule requires one; a
    Procurement Act contract publishes its contract change notice as before."""
    contract = _locked_contract(contract)
    require(actor, "contracts.manage_contract", contract)
    if not summary.strip():
        raise ValidationFailed.for_field("summary", "Describe the variation")
    typed = {
        field: _typed(field, value) for field, value in changes.items() if field in rules.VARIABLE_FIELDS
    }
    unknown = {f: ("", "") for f in changes if f not in rules.VARIABLE_FIELDS}
    pairs = {f: (str(getattr(contract, f)), str(v)) for f, v in typed.items()} | unknown
    refusal = rules.variation_refusal(contract.facts(), clock.today(), pairs)
    if refusal:
        raise refusal.error(contract=contract.reference)
    if "value" in typed:
        committed = selectors.committed_value(contract)
        if typed["value"] < committed:
            raise RuleViolation(
                f"Orders worth £{committed:,.2f} are already placed: the value cannot go below that",
                code=ErrorCode.VARIATION_INVALID,
            )
    psr = notices.is_psr_contract(contract)
    modification = (
        _psr_modification(
            contract,
            typed.get("value", contract.value),
            psr_ground,
            materially_different_in_character,
            successor_meets_basic_selection_criteria,
        )
        if psr
        else None
    )
    recorded = {
        f: {"before": str(getattr(contract, f)), "after": str(v)}
        for f, v in typed.items()
        if str(getattr(contract, f)) != str(v)
    }
    for field, value in typed.items():
        setattr(contract, field, value)
    contract.touch()
    contract.save()
    number = (contract.variations.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    variation = Variation.objects.create(
        contract=contract,
        number=number,
        summary=summary.strip(),
        changes=recorded,
        agreed_on=agreed_on or clock.today(),
        psr_ground=psr_ground.strip() if psr else "",
        recorded_by=actor.person,
    )
    after = {**{f: c["after"] for f, c in recorded.items()}, "variation": number}
    if modification is not None:
        after |= {
            "psr_ground": variation.psr_ground,
            "psr_reasons": list(modification.reasons),
            "psr_notice_required": modification.notice_required,
        }
    audit_record(
        actor=actor,
        action="contract.varied",
        obj=contract,
        organisation_id=contract.buyer_id,
        before={f: c["before"] for f, c in recorded.items()},
        after=after,
    )
    # Under the Provider Selection Regime the modification notice goes out only when regulation
    # 13 asks for one; under the Procurement Act the contract change notice always does.
    if modification is None or modification.notice_required:
        notices.publish_varied(actor=actor, variation=variation)
    return variation


@service
def kpi_add(
    *,
    actor: Actor,
    contract: Contract,
    code: str,
    name: str,
    target,
    domain: str = Domain.SERVICES,
    direction: str = Direction.HIGHER,
    unit: str = "",
) -> ContractKpi:
    contract = _locked_contract(contract)
    require(actor, "contracts.manage_contract", contract)
    problems = FieldProblems()
    rows = _kpi_rows(
        [
            {
                "code": code,
                "name": name,
                "target": target,
                "domain": domain,
                "direction": direction,
                "unit": unit,
            }
        ],
        problems,
    )
    problems.raise_if_any()
    if contract.kpis.filter(code=rows[0]["code"]).exists():
        raise Conflict(
            f"{contract.reference} already has a KPI {rows[0]['code']}", code=ErrorCode.KPI_INVALID
        )
    kpi = ContractKpi.objects.create(contract=contract, **rows[0])
    audit_record(
        actor=actor,
        action="contract.kpi_added",
        obj=kpi,
        organisation_id=contract.buyer_id,
        after={"contract": contract.reference, **rows[0]},
    )
    return kpi


@service
def subcontract_add(
    *, actor: Actor, contract: Contract, subcontractor: Organisation, share_percent, services: str = ""
) -> Subcontract:
    """Name a subcontractor under the contract's lead provider, with its share of the contract."""
    contract = _locked_contract(contract)
    require(actor, "contracts.manage_contract", contract)
    if subcontractor.sector != Sector.SUPPLIER:
        raise ValidationFailed.for_field("subcontractor", f"{subcontractor.name} is not a supplier")
    try:
        share = Decimal(str(share_percent)).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValidationFailed.for_field(
            "share_percent", "Enter the share as a percentage, like 25"
        ) from None
    existing = [
        rules.SubcontractFacts(s.subcontractor.code, s.share_percent)
        for s in contract.subcontracts.select_related("subcontractor")
    ]
    refusal = rules.subcontract_refusal(
        contract.supplier.code, existing, rules.SubcontractFacts(subcontractor.code, share)
    )
    if refusal:
        raise refusal.error(contract=contract.reference)
    sub = Subcontract.objects.create(
        contract=contract, subcontractor=subcontractor, share_percent=share, services=services.strip()[:255]
    )
    audit_record(
        actor=actor,
        action="contract.subcontractor_added",
        obj=sub,
        organisation_id=contract.buyer_id,
        after={"contract": contract.reference, "subcontractor": subcontractor.code, "share_percent": share},
    )
    return sub
