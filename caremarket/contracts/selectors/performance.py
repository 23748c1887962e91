"""Performance reads: KPI trends, the balanced scorecard and suspension proposals."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet

from caremarket.contracts.choices import ProposalStatus
from caremarket.contracts.models import (
    Contract,
    KpiReturn,
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


def kpi_trends(contract: Contract) -> list[KpiTrend]:
    kpis = list(contract.kpis.order_by("code"))
    results: dict[int, list[KpiReturn]] = {}
    for r in KpiReturn.objects.filter(kpi__contract=contract).order_by("period"):
        results.setdefault(r.kpi_id, []).append(r)
    return [KpiTrend(k, results.get(k.pk, [])) for k in kpis]


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
    from caremarket.contracts.models import Feedback, SelfAssessment

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


def proposal_for_actor(actor: Actor, proposal_id: int) -> SuspensionProposal:
    proposal = (
        SuspensionProposal.objects.select_related("contract", "agreement", "supplier", "kpi")
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
