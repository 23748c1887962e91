"""Performance: KPI returns against targets (red, amber, green), customer feedback, the
supplier's self-assessment, improvement plans, and suspension proposals when a KPI fails
repeatedly, which the agreement manager decides."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction

from caremarket.agreements.models import LotSupplier
from caremarket.agreements.services.standing import _lot_supplier_suspend
from caremarket.audit.services import audit_record
from caremarket.contracts.choices import PlanStatus, ProposalStatus
from caremarket.contracts.models import (
    Contract,
    ContractKpi,
    Feedback,
    ImprovementPlan,
    KpiReturn,
    PlanUpdate,
    SelfAssessment,
    SuspensionProposal,
)
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import Conflict, RuleViolation, ValidationFailed
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.notifications.services import notify, people_with_roles
from caremarket.rules import performance as rules
from caremarket.rules.admission import Ground, SupplierStatus
from caremarket.rules.fees import period_label
from caremarket.rules.notifications import MessageKind, message_key
from caremarket.rules.roles import Role

MAX_TEXT = 5000


def _period(period: date, frequency: str = rules.Frequency.MONTHLY) -> date:
    problem = rules.period_problem(period, frequency, clock.today())
    if problem:
        raise ValidationFailed.for_field("period", problem)
    return period


def _proposal_link(proposal: SuspensionProposal) -> str:
    return f"/contracts/proposals/{proposal.pk}"


@service
def kpi_return_submit(*, actor: Actor, kpi: ContractKpi, period: date, actual, note: str = "") -> KpiReturn:
    """The supplier reports a KPI for a month; its RAG status comes from the target. The third red
    in a row raises a suspension proposal to the agreement manager."""
    kpi = (
        ContractKpi.objects.select_for_update(of=("self",))
        .select_related("contract__agreement", "contract__supplier")
        .get(pk=kpi.pk)
    )
    contract = kpi.contract
    require(actor, "contracts.report_performance", contract)
    period = _period(period, kpi.frequency)
    try:
        value = Decimal(str(actual))
    except InvalidOperation:
        raise ValidationFailed.for_field("actual", "Enter the result as a number") from None
    if not value.is_finite():
        raise ValidationFailed.for_field("actual", "Enter the result as a number")
    if kpi.returns.filter(period=period).exists():
        raise Conflict(
            f"{kpi.name} has already been reported for {rules.period_name(period, kpi.frequency)}",
            code=ErrorCode.KPI_RETURN_EXISTS,
        )
    rag = rules.rag_status(value, kpi.target, kpi.direction, amber_limit=kpi.amber_limit)
    result = KpiReturn.objects.create(
        kpi=kpi, period=period, actual=value, rag=rag, note=note.strip(), submitted_by=actor.person
    )
    audit_record(
        actor=actor,
        action="kpi_return.submitted",
        obj=result,
        organisation_id=contract.supplier_id,
        after={
            "contract": contract.reference,
            "kpi": kpi.code,
            "period": period,
            "actual": value,
            "rag": rag,
        },
    )
    history = list(kpi.returns.filter(period__lte=period).order_by("period").values_list("rag", flat=True))
    if rules.is_repeated_failure(history):
        _propose_suspension(actor, kpi, rules.consecutive_reds(history))
    return result


def _propose_suspension(actor: Actor, kpi: ContractKpi, reds: int) -> SuspensionProposal:
    contract = kpi.contract
    proposal = SuspensionProposal.objects.create(
        contract=contract,
        kpi=kpi,
        supplier=contract.supplier,
        agreement=contract.agreement,
        reason=f"{kpi.name} ({kpi.target_label}) has been red for {reds} periods in a row "
        f"on {contract.reference}",
    )
    audit_record(
        actor=actor,
        action="suspension.proposed",
        obj=proposal,
        organisation_id=contract.agreement.owner_id if contract.agreement else contract.buyer_id,
        after={
            "contract": contract.reference,
            "supplier": contract.supplier.code,
            "kpi": kpi.code,
            "reds": reds,
        },
    )
    owner_id = contract.agreement.owner_id if contract.agreement else None
    notify(
        people_with_roles([owner_id], [Role.AGREEMENT_MANAGER]),
        kind=MessageKind.PROPOSAL_RAISED,
        subject=f"Suspension proposed: {contract.supplier.name} on {contract.reference}",
        body=f"{proposal.reason}.\n\nSee the evidence and decide whether to suspend "
        f"{contract.supplier.name} from the lot.",
        link=_proposal_link(proposal),
        organisation=contract.agreement.owner if contract.agreement else None,
        key=message_key(MessageKind.PROPOSAL_RAISED, f"proposal-{proposal.pk}"),
    )
    return proposal


@service
def proposal_decide(
    *, actor: Actor, proposal: SuspensionProposal, suspend: bool, outcome: str
) -> SuspensionProposal:
    """The agreement manager suspends the supplier from the contract's lot, or closes the
    proposal with the reason."""
    proposal = (
        SuspensionProposal.objects.select_for_update(of=("self",))
        .select_related("contract__lot", "agreement")
        .get(pk=proposal.pk)
    )
    require(actor, "contracts.decide_proposal", proposal)
    if proposal.status != ProposalStatus.OPEN:
        raise RuleViolation("This proposal has already been decided", code=ErrorCode.CONFLICT)
    if not outcome.strip():
        raise ValidationFailed.for_field(
            "outcome",
            "Give the grounds for suspending"
            if suspend
            else "Give the reason for closing it without suspending",
        )
    if suspend:
        lot = proposal.contract.lot
        place = (
            LotSupplier.objects.filter(
                lot=lot, supplier=proposal.supplier, status=SupplierStatus.ADMITTED
            ).first()
            if lot
            else None
        )
        if place is None:
            raise RuleViolation(
                f"{proposal.supplier.name} has no place on a lot to be suspended from",
                code=ErrorCode.SUPPLIER_NOT_ON_LOT,
            )
        _lot_supplier_suspend(
            actor=actor, place=place, ground=Ground.POOR_PERFORMANCE, reason=outcome.strip()
        )
    proposal.status, proposal.closed_at = ProposalStatus.CLOSED, clock.now()
    proposal.outcome = ("Suspended: " if suspend else "Not suspended: ") + outcome.strip()[:MAX_TEXT]
    proposal.suspended, proposal.decided_by = bool(suspend), actor.person
    proposal.save()
    audit_record(
        actor=actor,
        action="suspension.decided",
        obj=proposal,
        organisation_id=proposal.agreement.owner_id if proposal.agreement else None,
        after={"suspend": bool(suspend), "outcome": proposal.outcome},
    )
    contract, supplier = proposal.contract, proposal.supplier
    lot = contract.lot.label if contract.lot else "the lot"
    if suspend:
        subject = f"{supplier.name} is suspended from {lot}"
        body = (
            f"{supplier.name} has been suspended from {lot} for poor performance on "
            f"{contract.reference}. Until it is reinstated it cannot be invited to bid or receive "
            f"call-off orders.\n\nGrounds: {outcome.strip()}"
        )
    else:
        subject = f"No suspension for {supplier.name} on {contract.reference}"
        body = f"The suspension proposal was closed without suspending.\n\nReason: {outcome.strip()}"
    notify(
        people_with_roles([supplier.pk], [Role.SUPPLIER_USER, Role.ORG_ADMIN])
        + people_with_roles([contract.buyer_id], [Role.PROCUREMENT_LEAD, Role.APPROVER]),
        kind=MessageKind.SUPPLIER_SUSPENDED,
        subject=subject,
        body=body,
        link=f"/contracts/{contract.reference}/performance",
        organisation=proposal.agreement.owner if proposal.agreement else None,
        key=message_key(MessageKind.SUPPLIER_SUSPENDED, f"proposal-{proposal.pk}"),
    )
    return proposal


@service
def feedback_give(
    *, actor: Actor, contract: Contract, domain: str, stars: int, comment: str = ""
) -> Feedback:
    require(actor, "contracts.give_feedback", contract)
    problem = rules.rating_problem(stars)
    if problem:
        raise ValidationFailed.for_field("stars", problem, code=ErrorCode.FEEDBACK_INVALID)
    if domain not in set(rules.Domain):
        raise ValidationFailed.for_field(
            "domain", "Choose what the feedback is about", code=ErrorCode.FEEDBACK_INVALID
        )
    feedback = Feedback.objects.create(
        contract=contract, domain=domain, stars=stars, comment=comment.strip()[:2000], given_by=actor.person
    )
    audit_record(
        actor=actor,
        action="feedback.given",
        obj=feedback,
        organisation_id=contract.buyer_id,
        after={"contract": contract.reference, "domain": domain, "stars": stars},
    )
    return feedback


@service
def self_assessment_submit(
    *, actor: Actor, contract: Contract, period: date, scores: dict, notes: str = ""
) -> SelfAssessment:
    require(actor, "contracts.report_performance", contract)
    period = _period(period)
    cleaned = {}
    scores = {d: s for d, s in scores.items() if s not in (None, "")}
    for domain, score in scores.items():
        if domain not in set(rules.Domain) or rules.rating_problem(score):
            raise ValidationFailed.for_field("scores", "Score each domain from 1 to 5")
        cleaned[domain] = score
    if not cleaned:
        raise ValidationFailed.for_field("scores", "Score at least one domain")
    if contract.self_assessments.filter(period=period).exists():
        raise Conflict(
            f"The {period_label(period)} self-assessment has already been made",
            code=ErrorCode.KPI_RETURN_EXISTS,
        )
    assessment = SelfAssessment.objects.create(
        contract=contract, period=period, scores=cleaned, notes=notes.strip(), submitted_by=actor.person
    )
    audit_record(
        actor=actor,
        action="self_assessment.submitted",
        obj=assessment,
        organisation_id=contract.supplier_id,
        after={"contract": contract.reference, "period": period, "scores": cleaned},
    )
    return assessment


@service
def improvement_plan_open(
    *,
    actor: Actor,
    contract: Contract,
    title: str,
    actions: str,
    due_on: date | None,
    kpi: ContractKpi | None = None,
    form_key: str = "",
) -> ImprovementPlan:
    """Open a plan; the same form submitted twice (the same `form_key`) opens one plan and
    returns it the second time."""
    require(actor, "contracts.manage_performance", contract)
    form_key = (form_key or "").strip()[:64]
    if form_key:
        existing = ImprovementPlan.objects.filter(contract=contract, form_key=form_key).first()
        if existing is not None:
            return existing
    today = clock.today()
    if not title.strip() or not actions.strip():
        raise ValidationFailed(
            "Give the plan a title and its actions", code=ErrorCode.IMPROVEMENT_PLAN_INVALID
        )
    if due_on is None:
        raise ValidationFailed.for_field(
            "due_on", "Enter the date the plan is due", code=ErrorCode.IMPROVEMENT_PLAN_INVALID
        )
    if due_on <= today:
        raise ValidationFailed.for_field(
            "due_on", "The plan is due after today", code=ErrorCode.IMPROVEMENT_PLAN_INVALID
        )
    if kpi is not None and kpi.contract_id != contract.pk:
        raise ValidationFailed.for_field("kpi", "That KPI is not on this contract")
    try:
        with transaction.atomic():
            plan = ImprovementPlan.objects.create(
                contract=contract,
                kpi=kpi,
                title=title.strip()[:200],
                actions=actions.strip()[:MAX_TEXT],
                opened_on=today,
                due_on=due_on,
                created_by=actor.person,
                form_key=form_key,
            )
    except IntegrityError:  # the same form, submitted at the same moment
        return ImprovementPlan.objects.get(contract=contract, form_key=form_key)
    audit_record(
        actor=actor,
        action="improvement_plan.opened",
        obj=plan,
        organisation_id=contract.buyer_id,
        after={"contract": contract.reference, "title": plan.title, "due_on": due_on},
    )
    return plan


def _open_plan(plan: ImprovementPlan) -> ImprovementPlan:
    plan = ImprovementPlan.objects.select_for_update(of=("self",)).select_related("contract").get(pk=plan.pk)
    if plan.status != PlanStatus.OPEN:
        raise RuleViolation(
            f"The plan “{plan.title}” is already closed", code=ErrorCode.IMPROVEMENT_PLAN_INVALID
        )
    return plan


@service
def improvement_plan_complete(*, actor: Actor, plan: ImprovementPlan, outcome: str = "") -> ImprovementPlan:
    """Close a plan with what it achieved."""
    plan = _open_plan(plan)
    require(actor, "contracts.manage_performance", plan.contract)
    plan.status, plan.completed_on = PlanStatus.COMPLETED, clock.today()
    plan.outcome = outcome.strip()[:MAX_TEXT]
    plan.save()
    audit_record(
        actor=actor,
        action="improvement_plan.completed",
        obj=plan,
        organisation_id=plan.contract.buyer_id,
        after={"completed_on": plan.completed_on, "outcome": plan.outcome},
    )
    return plan


@service
def plan_progress_record(*, actor: Actor, plan: ImprovementPlan, progress: str) -> PlanUpdate:
    """Record progress on an open plan: the buyer's contract managers or the supplier."""
    plan = _open_plan(plan)
    require(actor, "contracts.update_plan", plan.contract)
    if not progress.strip():
        raise ValidationFailed.for_field(
            "progress", "Describe the progress made", code=ErrorCode.IMPROVEMENT_PLAN_INVALID
        )
    update = PlanUpdate.objects.create(
        plan=plan, progress=progress.strip()[:MAX_TEXT], recorded_by=actor.person
    )
    audit_record(
        actor=actor,
        action="improvement_plan.progress",
        obj=plan,
        organisation_id=plan.contract.buyer_id,
        after={"progress": update.progress},
    )
    return update
