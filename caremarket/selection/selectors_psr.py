"""Reading the Provider Selection Regime's processes: the chooser's facts, where a process stands
(as the rules' plain state), who sees which process, and the rows of the annual summary."""

from dataclasses import fields
from datetime import date
from decimal import Decimal

from django.db.models import Q

from caremarket.contracts.models import Contract
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.errors import ApplicationError, NotFound
from caremarket.core.permissions import can
from caremarket.orgs.models import Organisation
from caremarket.rules import provider_assessment as pa
from caremarket.rules import psr as rules
from caremarket.rules.roles import Sector
from caremarket.selection.models import PsrDecision, PsrRepresentation, SelectionProcess

# The chooser's questions: (fact, question, hint), in the regulation's order.
FACT_QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("existing_provider", "Is there an existing provider of these services?", "Someone provides them today"),
    (
        "only_existing_provider_capable",
        "Is only the existing provider capable of providing them, due to their nature?",
        "For example, the services are tied to the provider's estate or specialist staff",
    ),
    ("framework_agreement", "Is the procurement to conclude a framework agreement?", ""),
    ("patient_choice", "Are patients offered a choice of provider of these services?", ""),
    ("providers_unrestricted", "Is the number of providers left unrestricted by the authority?", ""),
    (
        "all_capable_providers_offered",
        "Will every provider that meets all the requirements be offered a contract?",
        "",
    ),
    (
        "expressions_of_interest_open",
        "Can providers express an interest in providing the services?",
        "",
    ),
    (
        "existing_contract_expiring",
        "Is an existing contract due to expire, to be replaced by the new one?",
        "",
    ),
    (
        "provider_satisfactory",
        "Is the existing provider satisfying the existing contract, and likely to satisfy the new one?",
        "To a sufficient standard, judged against the key criteria",
    ),
    (
        "change_attributable_to_authority",
        "Is the change in lifetime value attributable to a decision of the authority?",
        "",
    ),
    (
        "materially_different_in_character",
        "Are the proposed arrangements materially different in character from the existing contract?",
        "",
    ),
    (
        "able_to_identify_most_suitable",
        "Can the authority identify the most suitable provider without a competition?",
        "Considering the key criteria and the basic selection criteria",
    ),
)
MONEY_FACTS = ("old_lifetime_value", "new_lifetime_value")
BOOLEAN_FACTS = tuple(name for name, _, _ in FACT_QUESTIONS)

STAGE_LABELS = {
    "draft": "Choosing the process",
    "process_chosen": "Recording the decision",
    "standstill": "Standstill",
    "paused": "Awaiting the review of representations",
    "awarded": "Contract awarded",
    "abandoned": "Abandoned",
}


def _heading(phrase: str) -> str:
    """ "the written submission" as a label: "Written submission"."""
    phrase = phrase.removeprefix("the ")
    return phrase[:1].upper() + phrase[1:]


# A Most Suitable Provider process's own stages.
MSP_STAGE_LABELS = {str(stage): _heading(label) for stage, label in pa.STAGE_LABELS.items()}


def stage_label(code: str) -> str:
    """A process's stage in words, whichever process it runs."""
    label = STAGE_LABELS.get(code) or MSP_STAGE_LABELS.get(code)
    return label or code.replace("_", " ").capitalize()


def process_label(code: str) -> str:
    if not code:
        return "Not chosen yet"
    try:
        return rules.process_rule(code, clock.today()).name
    except ApplicationError:  # an unknown code is shown as it is
        return code


def facts_from_record(record: dict) -> rules.ProcessFacts:
    """The rules' facts from the JSON the process keeps (money as strings)."""
    known = {f.name for f in fields(rules.ProcessFacts)}
    values = {}
    for name, value in (record or {}).items():
        if name not in known or value is None or value == "":
            continue
        values[name] = Decimal(str(value)) if name in MONEY_FACTS else bool(value)
    return rules.ProcessFacts(**values)


def choice_for(selection: SelectionProcess, on: date | None = None) -> rules.Choice:
    return rules.choose_process(facts_from_record(selection.facts), on or clock.today())


def decision_of(selection: SelectionProcess) -> PsrDecision | None:
    return PsrDecision.objects.filter(selection=selection).select_related("provider").first()


def representations_of(selection: SelectionProcess, round_: int | None = None):
    decision = decision_of(selection)
    current = round_ or (decision.round if decision else 1)
    return (
        PsrRepresentation.objects.filter(selection=selection, round=current)
        .select_related("provider")
        .order_by("received_on", "pk")
    )


def review_of(decision: PsrDecision | None) -> rules.Review | None:
    if decision is None or not decision.review_decision:
        return None
    return rules.Review(
        rules.ReviewDecision(decision.review_decision), decision.review_decided_on, decision.repeat_from
    )


def state_of(selection: SelectionProcess) -> rules.PsrState:
    """The rules' plain state of a process whose process has been chosen."""
    decision = decision_of(selection)
    reps = tuple(rules.Representation(r.provider.name, r.received_on) for r in representations_of(selection))
    return rules.PsrState(
        process=rules.Process(selection.process),
        decision_record_complete=bool(decision and decision.complete),
        intention_published_on=decision.intention_published_on if decision else None,
        representations=reps,
        review=review_of(decision),
        contract_awarded_on=decision.awarded_on if decision else None,
        confirmation_published_on=decision.awarded_on if decision and decision.award_notice_id else None,
        abandoned=selection.stage == "abandoned",
    )


def next_steps(selection: SelectionProcess, today: date | None = None) -> rules.NextSteps | None:
    if not selection.process:
        return None
    return rules.next_step(state_of(selection), today or clock.today())


def standstill_of(selection: SelectionProcess) -> rules.PsrStandstill | None:
    state = state_of(selection) if selection.process else None
    if state is None or state.intention_published_on is None:
        return None
    return rules.psr_standstill(state.intention_published_on, state.representations, state.review)


def manager_permission(selection: SelectionProcess) -> str:
    """The permission to run the process's steps: the Most Suitable Provider process is run by
    any of its commissioners' procurement leads and approvers (as its other steps are); the
    other processes by the lead commissioner's."""
    if selection.process == rules.Process.MOST_SUITABLE_PROVIDER:
        return "selection.manage_msp"
    return "selection.manage_psr"


def process_page(selection: SelectionProcess) -> str:
    """The address of the process's own page (the Most Suitable Provider process has its own)."""
    if selection.process == rules.Process.MOST_SUITABLE_PROVIDER and hasattr(selection, "msp"):
        return f"/selection/msp/{selection.reference}"
    return f"/selection/{selection.reference}"


def msp_gateway2_passed(selection: SelectionProcess) -> bool:
    """Whether the Most Suitable Provider process has passed gateway 2 (its decision follows)."""
    from caremarket.selection.models import GatewayDecision

    return GatewayDecision.objects.filter(process=selection, gateway=2, decision="passed").exists()


def msp_alliance_led_by(selection: SelectionProcess, provider: Organisation):
    """The process's alliance led by `provider`, or None."""
    return selection.alliances.select_related("lead").filter(lead=provider).first()


def selection_for_actor(actor: Actor, reference: str) -> SelectionProcess:
    """The process `reference`, if the actor may see it (NotFound otherwise)."""
    selection = (
        SelectionProcess.objects.select_related("lead_commissioner", "existing_contract", "contract")
        .filter(reference__iexact=(reference or "").strip())
        .first()
    )
    if selection is None or not can(actor, "selection.view_process", selection):
        raise NotFound(f"There is no provider selection process {reference}")
    return selection


def selection_for_representation(actor: Actor, reference: str) -> SelectionProcess:
    """A process any signed-in provider may make representations about: one whose notice of
    intention has been published (public), or one the actor may see."""
    selection = (
        SelectionProcess.objects.select_related("lead_commissioner")
        .filter(reference__iexact=(reference or "").strip())
        .first()
    )
    if selection is None:
        raise NotFound(f"There is no provider selection process {reference}")
    if can(actor, "selection.view_process", selection):
        return selection
    decision = decision_of(selection)
    if decision is None or decision.intention_published_on is None:
        raise NotFound(f"There is no provider selection process {reference}")
    return selection


def processes_for_actor(actor: Actor):
    """The processes of the actor's commissioning organisations (every one for oversight)."""
    found = SelectionProcess.objects.select_related("lead_commissioner").order_by("-created_at", "-pk")
    if actor.sees_everything:
        return found
    ids = actor.organisation_ids
    return found.filter(Q(lead_commissioner_id__in=ids) | Q(commissioners__in=ids)).distinct()


def representation_in(selection: SelectionProcess, representation_id: int) -> PsrRepresentation:
    """The representation `representation_id` made about the process (NotFound otherwise)."""
    representation = (
        PsrRepresentation.objects.filter(selection=selection, pk=representation_id)
        .select_related("provider")
        .first()
    )
    if representation is None:
        raise NotFound(f"There is no representation {representation_id} in {selection.reference}")
    return representation


def commissioners_of(selection: SelectionProcess) -> list[Organisation]:
    """The process's other commissioners, by name."""
    return list(selection.commissioners.order_by("name"))


def commissioner_codes(selection: SelectionProcess) -> list[str]:
    """The codes of the process's other commissioners, sorted."""
    return sorted(selection.commissioners.values_list("code", flat=True))


def contracts_of_commissioner(organisation: Organisation) -> list[Contract]:
    """The commissioner's contracts (as buyer) with their providers, by reference: the existing
    contracts a new process may replace."""
    return list(Contract.objects.filter(buyer=organisation).select_related("supplier").order_by("reference"))


def commissioner_contract(organisation: Organisation, reference: str) -> Contract | None:
    """The commissioner's contract `reference` (any case), or None."""
    return Contract.objects.filter(buyer=organisation, reference__iexact=(reference or "").strip()).first()


def provider_organisations(limit: int = 500) -> list[Organisation]:
    """The providers a decision may name, by name."""
    return list(Organisation.objects.filter(sector=Sector.SUPPLIER).order_by("name")[:limit])


def representations_by_provider(actor: Actor):
    """The representations made by the actor's organisations."""
    return (
        PsrRepresentation.objects.filter(provider_id__in=actor.organisation_ids)
        .select_related("selection", "provider")
        .order_by("-received_on", "-pk")
    )


# --- The annual summary (regulation 25) ---------------------------------------------------------


def summary_rows(organisation_id: int, year: int) -> list[rules.SummaryRow]:
    """The authority's contracting events in the financial year from 1 April `year`, as the
    rules' rows: awards with their process, urgent awards and modifications published as
    notices, and each standstill with its representations' outcomes (set-based queries)."""
    from caremarket.transparency.models import Notice, NoticeStatus

    start, end = rules.summary_period(year)
    decisions = list(
        PsrDecision.objects.filter(selection__lead_commissioner_id=organisation_id)
        .filter(
            Q(awarded_on__range=(start, end))
            | Q(intention_published_on__range=(start, end))
            | Q(review_decided_on__range=(start, end))
        )
        .select_related("selection", "provider")
    )
    reps: dict[tuple[int, int], int] = {}
    for selection_id, round_ in PsrRepresentation.objects.filter(
        selection_id__in=[d.selection_id for d in decisions]
    ).values_list("selection_id", "round"):
        reps[(selection_id, round_)] = reps.get((selection_id, round_), 0) + 1
    rows: list[rules.SummaryRow] = []
    for d in decisions:
        standstill_end = None
        outcomes: tuple[str, ...] = ()
        count = reps.get((d.selection_id, d.round), 0)
        if d.intention_published_on is not None:
            standstill_end = rules.standstill_ends_on(d.intention_published_on)
            if count and d.review_decision:
                outcomes = (d.review_decision,) * count
        rows.append(
            rules.SummaryRow(
                provider=d.provider.code if d.provider_id else "",
                awarded_on=d.awarded_on,
                process=d.selection.process or None,
                standstill_ended_on=standstill_end if outcomes else None,
                representation_outcomes=outcomes,
            )
        )
        # Earlier rounds whose representations were reviewed (repeat from an earlier step).
        for old in d.history:
            old_count = reps.get((d.selection_id, int(old["round"])), 0)
            if old_count and old.get("intention_published_on") and old.get("review_decision"):
                rows.append(
                    rules.SummaryRow(
                        standstill_ended_on=rules.standstill_ends_on(
                            date.fromisoformat(old["intention_published_on"])
                        ),
                        representation_outcomes=(old["review_decision"],) * old_count,
                    )
                )
    for code, published_at in Notice.objects.filter(
        publisher_id=organisation_id,
        notice_type__in=("PSR_URGENT", "PSR_MODIFICATION"),
        status__in=(NoticeStatus.PUBLISHED, NoticeStatus.SUPERSEDED),
        supersedes__isnull=True,
    ).values_list("notice_type", "published_at"):
        day = clock.local(published_at).date() if published_at else None
        rows.append(
            rules.SummaryRow(
                awarded_on=day, urgent=code == "PSR_URGENT", modification=code == "PSR_MODIFICATION"
            )
        )
    return rows


def annual_summary(organisation_id: int, year: int) -> rules.AnnualSummary:
    return rules.annual_summary(summary_rows(organisation_id, year), year)
