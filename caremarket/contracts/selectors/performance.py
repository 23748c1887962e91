"""Performance reads: KPI trends, the balanced scorecard and suspension proposals."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet

from caremarket.contracts.choices import ProposalStatus
from caremarket.contracts.models import (
    Contract,
    ContractKpi,
    Feedback,
    ImprovementPlan,
    KpiReturn,
    SelfAssessment,
    SuspensionProposal,
)
from caremarket.contracts.selectors.core import RegisterFilters, contracts_for_actor, managed_org_ids
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.errors import NotFound
from caremarket.core.permissions import can
from caremarket.orgs.models import Organisation
from caremarket.rules import performance as perf

# --- Performance ----------------------------------------------------------------------------


@dataclass
class KpiTrend:
    kpi: object
    results: list[KpiReturn]

    @property
    def latest(self) -> KpiReturn | None:
        return self.results[-1] if self.results else None

    @property
    def periods_due(self) -> list[date]:
        """The recent ended periods with no result yet, latest first (for the report form)."""
        done = {r.period for r in self.results}
        recent = perf.recent_periods(clock.today(), self.kpi.frequency, 6)
        starts = self.kpi.contract.starts_on
        return [p for p in recent if p not in done and perf.period_end(p, self.kpi.frequency) >= starts]

    def chart(self) -> dict:
        """One KPI's chart: its results and target line, in its own unit."""
        kpi = self.kpi
        return {
            "id": f"kpi-chart-{kpi.code}",
            "label": kpi.name,
            "unit": kpi.unit,
            "target": float(kpi.target),
            "amber": None if kpi.amber_limit is None else float(kpi.amber_limit),
            "labels": [perf.period_short(r.period, kpi.frequency) for r in self.results],
            "values": [float(r.actual) for r in self.results],
            "rags": [r.rag for r in self.results],
        }


def kpi_trends(contract: Contract, kpi: ContractKpi | None = None) -> list[KpiTrend]:
    kpis = [kpi] if kpi is not None else list(contract.kpis.order_by("code"))
    results: dict[int, list[KpiReturn]] = {}
    returns = KpiReturn.objects.filter(kpi__contract=contract)
    if kpi is not None:
        returns = returns.filter(kpi=kpi)
    for r in returns.order_by("period"):
        results.setdefault(r.kpi_id, []).append(r)
    for k in kpis:
        k.contract = contract
    return [KpiTrend(k, results.get(k.pk, [])) for k in kpis]


def plans_with_progress(contract: Contract) -> list[ImprovementPlan]:
    """The contract's improvement plans, open first, each with its progress updates."""
    plans = list(contract.improvement_plans.select_related("kpi").prefetch_related("updates__recorded_by"))
    return sorted(plans, key=lambda p: (p.status != "open", p.due_on, p.pk))


def plan_updates(plan: ImprovementPlan) -> list:
    """A plan's progress updates, oldest first (prefetched by `plans_with_progress`)."""
    return list(plan.updates.all())


def plan_of(contract: Contract, plan_id) -> ImprovementPlan | None:
    try:
        return contract.improvement_plans.filter(pk=int(plan_id)).first()
    except (TypeError, ValueError):
        return None


def latest_self_assessment(contract: Contract) -> SelfAssessment | None:
    return contract.self_assessments.order_by("-period").first()


def self_assessment_periods(contract: Contract) -> list[date]:
    done = set(contract.self_assessments.values_list("period", flat=True))
    recent = perf.recent_periods(clock.today(), perf.Frequency.MONTHLY, 6)
    return [p for p in recent if p not in done and perf.period_end(p) >= contract.starts_on]


def scorecard_for(contracts: list[Contract], since: date | None = None) -> list[perf.DomainScore]:
    """The balanced scorecard over these contracts: KPI results and feedback of the last year,
    and the latest self-assessment of each contract."""
    since = since or clock.today() - timedelta(days=365)
    ids = [c.pk for c in contracts]
    kpi_results = list(
        KpiReturn.objects.filter(kpi__contract_id__in=ids, period__gte=since).values_list(
            "kpi__domain", "rag"
        )
    )
    feedback = list(
        Feedback.objects.filter(contract_id__in=ids, given_at__date__gte=since).values_list("domain", "stars")
    )
    own: dict[str, list[int]] = {}
    seen = set()
    for assessment in SelfAssessment.objects.filter(contract_id__in=ids).order_by("-period"):
        if assessment.contract_id in seen:
            continue
        seen.add(assessment.contract_id)
        for domain, score in assessment.scores.items():
            own.setdefault(domain, []).append(score)
    averaged = {d: round(sum(s) / len(s)) for d, s in own.items()}
    return perf.scorecard(kpi_results, feedback, averaged)


def supplier_scorecard(actor: Actor, supplier: Organisation) -> tuple[list[Contract], list[perf.DomainScore]]:
    contracts = [c for c in contracts_for_actor(actor, RegisterFilters(supplier=supplier.code))]
    return contracts, scorecard_for(contracts)


def proposals_for_actor(actor: Actor) -> QuerySet[SuspensionProposal]:
    proposals = SuspensionProposal.objects.select_related("contract", "kpi", "supplier", "agreement")
    if not actor.sees_everything:
        proposals = proposals.filter(agreement__owner_id__in=managed_org_ids(actor))
    return proposals.filter(status=ProposalStatus.OPEN).order_by("raised_at")


def all_proposals_for_actor(actor: Actor) -> list[SuspensionProposal]:
    """Every proposal on the agreements the actor manages: open ones first, then decided."""
    proposals = SuspensionProposal.objects.select_related(
        "contract", "kpi", "supplier", "agreement", "decided_by"
    )
    if not actor.sees_everything:
        proposals = proposals.filter(agreement__owner_id__in=managed_org_ids(actor))
    found = list(proposals.order_by("-raised_at", "-id")[:200])
    return sorted(found, key=lambda p: p.status != ProposalStatus.OPEN)


@dataclass
class ProposalEvidence:
    proposal: SuspensionProposal
    trend: KpiTrend
    plans: list[ImprovementPlan]
    feedback: list[Feedback]
    place: object  # the supplier's place on the contract's lot, if any


def proposal_evidence(proposal: SuspensionProposal) -> ProposalEvidence:
    from caremarket.agreements.models import LotSupplier

    contract = proposal.contract
    place = (
        LotSupplier.objects.filter(lot_id=contract.lot_id, supplier_id=proposal.supplier_id).first()
        if contract.lot_id
        else None
    )
    return ProposalEvidence(
        proposal=proposal,
        trend=kpi_trends(contract, proposal.kpi)[0],
        plans=plans_with_progress(contract),
        feedback=list(contract.feedback.select_related("given_by")[:20]),
        place=place,
    )


def proposal_for_actor(actor: Actor, proposal_id: int) -> SuspensionProposal:
    proposal = (
        SuspensionProposal.objects.select_related(
            "contract__lot", "contract__buyer", "agreement", "supplier", "kpi", "decided_by"
        )
        .filter(pk=proposal_id)
        .first()
    )
    if proposal is None or not (
        actor.sees_everything
        or can(actor, "contracts.decide_proposal", proposal)
        or can(actor, "contracts.view_contract", proposal.contract)
    ):
        raise NotFound(f"There is no proposal #{proposal_id} that you can see")
    return proposal


def plan_for_actor(actor: Actor, plan_id: int) -> ImprovementPlan:
    plan = ImprovementPlan.objects.select_related("contract", "kpi").filter(pk=plan_id).first()
    if plan is None or not (actor.sees_everything or can(actor, "contracts.view_contract", plan.contract)):
        raise NotFound(f"There is no improvement plan #{plan_id} that you can see")
    return plan
