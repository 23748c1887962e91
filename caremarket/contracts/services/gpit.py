"""GP IT: notional allocations per commissioner (spent by orders, see orders.order_place), the
solutions practices may choose, their foundation choice, and own-system requests."""

from decimal import Decimal

from caremarket.agreements.models import Agreement
from caremarket.audit.services import audit_record
from caremarket.contracts import selectors
from caremarket.contracts.models import Allocation, FoundationChoice, GpitSolution, OwnSystemRequest
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import ValidationFailed
from caremarket.core.money import parse_money
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.orgs.choices import OrganisationType
from caremarket.orgs.models import Organisation
from caremarket.rules import gpit as rules
from caremarket.rules.roles import Sector


@service
def allocation_set(
    *, actor: Actor, agreement: Agreement, commissioner: Organisation, financial_year: int, amount
) -> Allocation:
    """Set (or change) a commissioner's notional allocation for a financial year."""
    require(actor, "contracts.manage_allocations", agreement)
    if commissioner.sector != Sector.BUYER:
        raise ValidationFailed.for_field("commissioner", f"{commissioner.name} is not a commissioner")
    amount = parse_money(amount, field="amount")
    allocation = (
        Allocation.objects.select_for_update(of=("self",))
        .filter(commissioner=commissioner, agreement=agreement, financial_year=financial_year)
        .first()
    )
    spent = selectors.allocation_spent(allocation) if allocation else Decimal("0")
    problem = rules.allocation_problem(amount, financial_year, spent)
    if problem:
        raise ValidationFailed.for_field("amount", problem, code=ErrorCode.ALLOCATION_INVALID)
    before = {"amount": allocation.amount} if allocation else None
    if allocation is None:
        allocation = Allocation.objects.create(
            commissioner=commissioner, agreement=agreement, financial_year=financial_year, amount=amount
        )
    else:
        allocation.amount = amount
        allocation.save(update_fields=["amount"])
    audit_record(
        actor=actor,
        action="allocation.set",
        obj=allocation,
        organisation_id=commissioner.pk,
        before=before,
        after={"agreement": agreement.reference, "year": financial_year, "amount": amount},
    )
    return allocation


@service
def solution_record(
    *,
    actor: Actor,
    name: str,
    supplier: Organisation,
    is_foundation: bool,
    accredited: bool,
    supported: bool = True,
) -> GpitSolution:
    require(actor, "agreements.import_definitions")
    solution, _ = GpitSolution.objects.update_or_create(
        name=name.strip(),
        defaults={
            "supplier": supplier,
            "is_foundation": is_foundation,
            "accredited": accredited,
            "supported": supported,
        },
    )
    audit_record(
        actor=actor,
        action="gpit_solution.recorded",
        obj=solution,
        organisation_id=supplier.pk,
        after={"foundation": is_foundation, "accredited": accredited, "supported": supported},
    )
    return solution


def _practice(practice: Organisation) -> None:
    if practice.org_type != OrganisationType.GP_PRACTICE:
        raise ValidationFailed.for_field("practice", f"{practice.name} is not a GP practice")


@service
def foundation_choose(*, actor: Actor, practice: Organisation, solution: GpitSolution) -> FoundationChoice:
    """A practice chooses its accredited foundation solution (and may change it)."""
    require(actor, "contracts.choose_foundation", practice)
    _practice(practice)
    refusal = rules.foundation_choice_refusal(
        solution.name, is_foundation=solution.is_foundation, accredited=solution.accredited
    )
    if refusal:
        raise refusal.error(solution=solution.name)
    choice = FoundationChoice.objects.select_for_update().filter(practice=practice).first()
    before = {"solution": choice.solution.name} if choice else None
    if choice is None:
        choice = FoundationChoice(practice=practice)
    choice.solution, choice.chosen_at, choice.chosen_by = solution, clock.now(), actor.person
    choice.save()
    audit_record(
        actor=actor,
        action="foundation.chosen",
        obj=choice,
        organisation_id=practice.pk,
        before=before,
        after={"solution": solution.name},
    )
    return choice


@service
def own_system_request(
    *, actor: Actor, practice: Organisation, commissioner: Organisation, system_name: str, purpose: str
) -> OwnSystemRequest:
    """A practice asks to use its own system on NHS infrastructure. Software marked unsupported is
    refused at once; anything else goes to the commissioner."""
    require(actor, "contracts.choose_foundation", practice)
    _practice(practice)
    if not system_name.strip() or not purpose.strip():
        raise ValidationFailed("Name the system and say what it is for")
    if commissioner.sector != Sector.BUYER or commissioner.org_type == OrganisationType.GP_PRACTICE:
        raise ValidationFailed.for_field("commissioner", f"{commissioner.name} is not a commissioner")
    known = GpitSolution.objects.filter(name__iexact=system_name.strip()).first()
    refusal = rules.own_system_refusal(
        system_name.strip(), supported=known.supported if known else True, touches_nhs_infrastructure=True
    )
    if refusal:
        raise refusal.error(system=system_name.strip())
    request = OwnSystemRequest.objects.create(
        practice=practice,
        commissioner=commissioner,
        system_name=system_name.strip()[:200],
        purpose=purpose.strip(),
        requested_by=actor.person,
    )
    audit_record(
        actor=actor,
        action="own_system.requested",
        obj=request,
        organisation_id=practice.pk,
        after={"system": request.system_name, "commissioner": commissioner.code},
    )
    return request


@service
def own_system_decide(
    *, actor: Actor, request: OwnSystemRequest, decision: str, reason: str = ""
) -> OwnSystemRequest:
    request = OwnSystemRequest.objects.select_for_update().get(pk=request.pk)
    require(actor, "contracts.decide_own_system", request)
    refusal = rules.decision_refusal(request.status, decision, reason)
    if refusal:
        raise refusal.error(request=request.pk)
    request.status, request.reason = decision, reason.strip()
    request.decided_at, request.decided_by = clock.now(), actor.person
    request.save()
    audit_record(
        actor=actor,
        action=f"own_system.{decision}",
        obj=request,
        organisation_id=request.commissioner_id,
        after={"system": request.system_name, "decision": decision, "reason": request.reason},
    )
    return request
