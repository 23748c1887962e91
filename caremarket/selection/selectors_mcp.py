"""Reading the Most Suitable Provider process: which processes an actor sees, where a process
stands (the stage rules' facts), and which ratings an actor may see
(`rules.provider_assessment.ratings_visible_to`)."""

from dataclasses import dataclass, field

from django.db.models import Q

from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.errors import NotFound
from caremarket.core.permissions import can
from caremarket.rules import provider_assessment as pa
from caremarket.rules.psr import Process
from caremarket.selection.models import (
    Alliance,
    AllianceMember,
    DomainModeration,
    GatewayDecision,
    MspSetup,
    PanelMember,
    PanelRating,
    SelectionProcess,
)

MSP = str(Process.MOST_SUITABLE_PROVIDER)


def framework_of(setup: MspSetup) -> pa.Framework:
    """The framework version the process is assessed under (fixed when it started)."""
    versions = pa.parse_frameworks(pa._data())[setup.framework_code]
    chosen = [v for v in versions if v.version == setup.framework_version]
    return chosen[0] if chosen else versions[-1]


def msp_processes_for_actor(actor: Actor) -> list[SelectionProcess]:
    """The Most Suitable Provider processes the actor takes part in (or oversees)."""
    rows = SelectionProcess.objects.filter(msp__isnull=False).select_related("lead_commissioner", "msp")
    if actor.sees_everything:
        return list(rows)
    if not actor.is_authenticated:
        return []
    orgs = actor.organisation_ids
    return list(
        rows.filter(
            Q(lead_commissioner_id__in=orgs)
            | Q(commissioners__in=orgs)
            | Q(panel_members__person_id=actor.person_id)
            | Q(alliances__members__organisation_id__in=orgs)
        ).distinct()
    )


def msp_process_for_actor(actor: Actor, reference: str) -> SelectionProcess:
    process = (
        SelectionProcess.objects.filter(reference=reference, msp__isnull=False)
        .select_related("lead_commissioner", "msp")
        .first()
    )
    if process is None or not can(actor, "selection.view_msp", process):
        raise NotFound(f"There is no Most Suitable Provider process {reference}")
    return process


def alliance_for_actor(actor: Actor, process: SelectionProcess, alliance_id: int) -> Alliance:
    alliance = process.alliances.select_related("lead").filter(pk=alliance_id).first()
    # Another alliance's page is not found, as if it did not exist: its submission is its own.
    if alliance is None or not can(actor, "selection.view_alliance", alliance):
        raise NotFound(f"There is no alliance {alliance_id} in {process.reference}")
    return alliance


# --- Where the process stands ---------------------------------------------------------------------


def versions_of(alliance: Alliance) -> dict[str, list[pa.DocumentVersion]]:
    out: dict[str, list[pa.DocumentVersion]] = {str(k): [] for k in pa.Stage2Document}
    for doc in alliance.stage2_documents.prefetch_related("versions"):
        out[doc.kind] = [
            pa.DocumentVersion(v.number, v.drafted_by_side, v.agreed_by) for v in doc.versions.all()
        ]
    return out


def document_states(alliance: Alliance) -> dict[str, pa.DocumentState]:
    return {kind: pa.document_state(vs) for kind, vs in versions_of(alliance).items()}


def alliance_moderated(alliance: Alliance, fw: pa.Framework) -> bool:
    subs = set(alliance.moderated_ratings.values_list("sub_criterion", flat=True))
    domains = set(alliance.domain_moderations.values_list("domain", flat=True))
    return (
        all(s.id in subs for s in fw.sub_criteria)
        and all(d.id in domains for d in fw.domains)
        and DomainModeration.OVERALL in domains
    )


def panel_conflicts(process: SelectionProcess) -> dict[str, str]:
    return {str(m.pk): m.declaration for m in process.panel_members.all() if m.declaration}


def panel_ratings(process: SelectionProcess, alliance: Alliance | None = None) -> list[pa.PanelRating]:
    rows = PanelRating.objects.filter(alliance__process=process)
    if alliance is not None:
        rows = rows.filter(alliance=alliance)
    return [pa.PanelRating(str(r.panel_member_id), r.sub_criterion, r.rating, r.comment) for r in rows]


def raters_finished(process: SelectionProcess, fw: pa.Framework) -> int:
    """Panel members free to rate who have rated every sub-criterion of every alliance."""
    conflicts = panel_conflicts(process)
    alliances = list(process.alliances.all())
    if not alliances:
        return 0
    finished = None
    for alliance in alliances:
        ratings = panel_ratings(process, alliance)
        done = {
            member
            for member, d in conflicts.items()
            if d == "no_conflict"
            and pa.raters_finished([r for r in ratings if r.member == member], fw, {member: d}) == 1
        }
        finished = done if finished is None else finished & done
    return len(finished or ())


def combined_documents(alliances: list[Alliance]) -> dict[str, pa.DocumentState]:
    """Each stage 2 document's state across the alliances: agreed only when agreed with every
    alliance (else the state of the first alliance it is not agreed with)."""
    combined: dict[str, pa.DocumentState] = {}
    states = [document_states(a) for a in alliances]
    for kind in pa.Stage2Document:
        pending = [s[kind] for s in states if not s[kind].agreed]
        combined[str(kind)] = (
            pending[0] if pending else (states[0][kind] if states else pa.document_state([]))
        )
    return combined


def stage_facts(process: SelectionProcess, today=None) -> pa.StageFacts:
    setup = process.msp
    fw = framework_of(setup)
    alliances = list(process.alliances.all())
    submitted_kinds: frozenset[str] = frozenset()
    per_alliance = []
    for a in alliances:
        sub = getattr(a, "submission", None) if hasattr(a, "submission") else None
        kinds = set(sub.documents.values_list("kind", flat=True)) if sub and sub.submitted_at else set()
        per_alliance.append(kinds)
    if per_alliance:
        submitted_kinds = frozenset(set.intersection(*per_alliance))
    g1 = GatewayDecision.objects.filter(process=process, gateway=1).first()
    g2 = GatewayDecision.objects.filter(process=process, gateway=2).exists()
    members = list(process.panel_members.all())
    return pa.StageFacts(
        today=today or clock.today(),
        alliances=len(alliances),
        letters_of_commitment=sum(1 for a in alliances if a.has_letter),
        market_notice_published=setup.market_notice_at is not None,
        sessions_held=process.dialogue_sessions.count(),
        submission_deadline=setup.submission_deadline,
        submitted_documents=submitted_kinds,
        panel_raters=sum(1 for m in members if m.free_to_rate),
        panel_raters_finished=raters_finished(process, fw),
        moderated=setup.moderated_at is not None,
        gateway1=pa.Gateway1Decision(g1.decision) if g1 else None,
        documents=combined_documents(alliances),
        engagement_records=process.engagement_records.count(),
        gateway2_passed=g2,
        # One contract comes from the process: the decision's (services.mcp_stage2.msp_contract_create).
        contract_created=any(a.contract_id for a in alliances),
    )


@dataclass(frozen=True)
class StageRow:
    stage: str
    name: str
    description: str
    state: str  # "done", "current", "to do"
    refusal: str | None


@dataclass
class Overview:
    framework: pa.Framework
    facts: pa.StageFacts
    current: pa.Stage
    stages: list[StageRow] = field(default_factory=list)
    next_step: str = ""


def overview(process: SelectionProcess) -> Overview:
    fw = framework_of(process.msp)
    facts = stage_facts(process)
    current = pa.current_stage(facts, fw)
    rows = []
    order = list(pa.STAGE_ORDER)
    for spec in fw.stages:
        index = order.index(spec.id)
        if current == pa.Stage.DIVERTED:
            state = "done" if index <= order.index(pa.Stage.GATEWAY1) else "ended"
        elif index < order.index(current):
            state = "done"
        elif spec.id == current:
            state = "current"
        else:
            state = "to do"
        rows.append(
            StageRow(str(spec.id), spec.name, spec.description, state, pa.stage_refusal(spec.id, facts, fw))
        )
    nxt = ""
    if current == pa.Stage.DIVERTED:
        nxt = "The process ended at gateway 1: the services go to an open-market competition"
    elif facts.contract_created:
        nxt = "The contract has been made: the process is complete"
    elif facts.gateway2_passed:
        nxt = award_progress(process).next_step
    else:
        open_rows = [r for r in rows if r.state in ("current", "to do") and r.refusal is None]
        blocked = [r for r in rows if r.state in ("current", "to do") and r.refusal]
        if open_rows:
            nxt = f"Now: {open_rows[0].name}"
        elif blocked:
            nxt = blocked[0].refusal or ""
    return Overview(fw, facts, current, rows, nxt)


# --- After gateway 2: the decision, the intention to award, the standstill, the award ------------


@dataclass
class AwardProgress:
    """Where the award stands after gateway 2 (the Provider Selection Regime's steps, as for
    Direct Award C: rules.psr.next_step)."""

    decision: object | None  # PsrDecision
    alliance: Alliance | None  # the alliance whose lead is the decision's provider
    steps: object | None  # rules.psr.NextSteps
    standstill: object | None  # rules.psr.PsrStandstill
    may_from: object | None  # the first day the contract may be made
    representations: list = field(default_factory=list)
    review_sentence: str = ""
    next_step: str = ""

    def may(self, step: str) -> bool:
        return bool(self.steps and self.steps.may(step))

    def why_not(self, step: str) -> str:
        return (self.steps.why_not(step) or "") if self.steps else ""


def award_progress(process: SelectionProcess, today=None) -> AwardProgress:
    """The decision, the notice of intention, its standstill and what happens next."""
    from caremarket.rules import psr as psr_rules
    from caremarket.rules.dates import spoken_date
    from caremarket.selection import selectors_psr

    today = today or clock.today()
    decision = selectors_psr.decision_of(process)
    steps = selectors_psr.next_steps(process, today)
    standstill = selectors_psr.standstill_of(process)
    may_from = psr_rules.contract_may_be_made_from(standstill) if standstill else None
    alliance = None
    if decision is not None and decision.provider_id:
        alliance = process.alliances.select_related("lead").filter(lead_id=decision.provider_id).first()
    review = selectors_psr.review_of(decision)
    review_sentence = psr_rules.after_representation(review).sentence if review else ""
    progress = AwardProgress(
        decision,
        alliance,
        steps,
        standstill,
        may_from,
        list(selectors_psr.representations_of(process)) if decision else [],
        review_sentence,
    )
    step = psr_rules.Step
    if process.stage == "abandoned":
        progress.next_step = "The process was abandoned: no contract is made from it"
    elif decision is not None and decision.awarded_on:
        progress.next_step = "The contract has been made: the process is complete"
    elif steps is None or not (decision and decision.complete):
        progress.next_step = (
            "Now: record the decision against the five key criteria, naming the alliance the "
            "contract goes to (regulation 24)"
        )
    elif progress.may(step.PUBLISH_INTENTION):
        progress.next_step = (
            "Now: publish the notice of intention to award: the standstill of 8 working days starts "
            "(regulation 12)"
        )
    elif progress.may(step.AWARD_CONTRACT):
        who = f" with {alliance.lead.name}, lead of {alliance.name}" if alliance else ""
        progress.next_step = f"Now: make the contract{who}: the standstill is over"
    elif progress.may(step.RECORD_REVIEW):
        progress.next_step = (
            progress.why_not(step.AWARD_CONTRACT)
            + ". Now: review the representations and record the authority's further decision"
        )
    elif standstill is not None and may_from is not None:
        progress.next_step = (
            f"The standstill runs until the end of {spoken_date(standstill.ends_on)}"
            + (
                f" (and a further {standstill.further_days} working days after the decision to proceed)"
                if standstill.review is not None
                else ""
            )
            + f": the contract may be made from {spoken_date(may_from)}. "
            "A provider may make representations until the standstill ends."
        )
    else:
        progress.next_step = progress.why_not(step.AWARD_CONTRACT)
    return progress


def gateway2_refusal(process: SelectionProcess) -> str | None:
    """Why gateway 2 cannot pass now (naming each alliance's documents not yet agreed)."""
    fw = framework_of(process.msp)
    facts = stage_facts(process)
    reason = pa.stage_refusal(pa.Stage.GATEWAY2, facts, fw)
    alliances = list(process.alliances.all())
    if reason and len(alliances) > 1 and facts.gateway1 is not None:
        parts = []
        for alliance in alliances:
            why = pa.gateway2_refusal(
                document_states(alliance),
                engagement_required=fw.engagement_required(pa.Stage.STAGE2),
                engagement_records=facts.engagement_records,
            )
            if why:
                parts.append(f"{alliance.name}: {why}")
        reason = ". ".join(parts) or reason
    return reason


# --- Who sees the ratings -------------------------------------------------------------------------


@dataclass(frozen=True)
class Viewpoint:
    role: pa.Viewer
    alliance_names: frozenset[str]
    panel_member: PanelMember | None


def viewpoint(actor: Actor, process: SelectionProcess) -> Viewpoint:
    """How the actor stands to the process, for the visibility rule."""
    member = process.panel_members.filter(person_id=actor.person_id).first() if actor.person_id else None
    # A panel member rates independently: until moderation they see only their own ratings,
    # even when they also work for a commissioner.
    if member is not None:
        return Viewpoint(pa.Viewer.PANEL_MEMBER, frozenset(), member)
    if actor.sees_everything or can(actor, "selection.view_process", process):
        return Viewpoint(pa.Viewer.COMMISSIONER, frozenset(), None)
    orgs = actor.organisation_ids
    names = frozenset(
        AllianceMember.objects.filter(alliance__process=process, organisation_id__in=orgs).values_list(
            "alliance__name", flat=True
        )
    )
    if names:
        return Viewpoint(pa.Viewer.ALLIANCE_MEMBER, names, None)
    return Viewpoint(pa.Viewer.OTHER, frozenset(), None)


@dataclass
class AllianceRatings:
    """What the viewer may see of one alliance's ratings."""

    alliance: Alliance
    visibility: pa.Visibility
    panel: list = field(default_factory=list)  # PanelRating rows the viewer may see
    moderated: dict = field(default_factory=dict)  # sub-criterion id -> ModeratedRating
    domains: dict = field(default_factory=dict)  # domain id (or "overall") -> DomainModeration


def ratings_for(actor: Actor, process: SelectionProcess, alliance: Alliance) -> AllianceRatings:
    view = viewpoint(actor, process)
    moderated = process.msp.moderated_at is not None
    viewer_alliance = None
    if view.role == pa.Viewer.ALLIANCE_MEMBER and alliance.name in view.alliance_names:
        viewer_alliance = alliance.name
    visibility = pa.ratings_visible_to(
        view.role,
        viewer_alliance,
        alliance.name,
        moderated,
        conflicted=bool(view.panel_member and view.panel_member.conflicted),
    )
    out = AllianceRatings(alliance, visibility)
    if visibility == pa.Visibility.NONE:
        return out
    rows = alliance.panel_ratings.select_related("panel_member__person").order_by("sub_criterion", "pk")
    if visibility == pa.Visibility.ALL:
        out.panel = list(rows)
    elif visibility == pa.Visibility.OWN and view.panel_member is not None:
        out.panel = list(rows.filter(panel_member=view.panel_member))
    if visibility in (pa.Visibility.ALL, pa.Visibility.MODERATED):
        out.moderated = {m.sub_criterion: m for m in alliance.moderated_ratings.all()}
        out.domains = {d.domain: d for d in alliance.domain_moderations.all()}
    return out


def gateway(process: SelectionProcess, number: int) -> GatewayDecision | None:
    return (
        GatewayDecision.objects.filter(process=process, gateway=number).select_related("decided_by").first()
    )


# --- What the pages and the API show (every read here, none in the views) --------------------------


def startable_for_actor(actor: Actor, reference: str) -> SelectionProcess:
    """A process that chose the Most Suitable Provider process, for starting it."""
    process = (
        SelectionProcess.objects.filter(reference=reference, process=MSP)
        .select_related("lead_commissioner")
        .first()
    )
    if process is None or not can(actor, "selection.view_process", process):
        raise NotFound(f"There is no process {reference} that chose the Most Suitable Provider process")
    return process


def alliances_of(process: SelectionProcess) -> list[Alliance]:
    return list(
        process.alliances.select_related("lead", "contract", "submission").prefetch_related(
            "members__organisation"
        )
    )


def members_of(alliance: Alliance) -> list:
    """The alliance's member organisations, the lead first."""
    orgs = [m.organisation for m in alliance.members.select_related("organisation")]
    return sorted(orgs, key=lambda o: o.pk != alliance.lead_id)


def subcontractors_of(alliance: Alliance) -> list:
    return [o for o in members_of(alliance) if o.pk != alliance.lead_id]


def sessions_of(process: SelectionProcess) -> list:
    return list(process.dialogue_sessions.all())


def sessions_held(process: SelectionProcess) -> int:
    return process.dialogue_sessions.count()


def panel_of(process: SelectionProcess) -> list[PanelMember]:
    return list(process.panel_members.select_related("person"))


def engagement_of(process: SelectionProcess) -> list:
    return list(process.engagement_records.all())


def gateways_of(process: SelectionProcess) -> list[GatewayDecision]:
    return list(process.gateways.all())


def commissioner_names(process: SelectionProcess) -> list[str]:
    return list(process.commissioners.order_by("name").values_list("name", flat=True))


def submission_documents_of(alliance: Alliance) -> list:
    submission = getattr(alliance, "submission", None)
    return list(submission.documents.select_related("uploaded_by")) if submission else []


def provider_choices() -> list[tuple[str, str]]:
    from caremarket.orgs.models import Organisation
    from caremarket.rules.roles import Sector

    return list(
        Organisation.objects.filter(sector=Sector.SUPPLIER).order_by("name").values_list("code", "name")
    )


def organisations_by_code(codes) -> dict:
    from caremarket.orgs.models import Organisation

    wanted = [c for c in codes if c]
    return {o.code: o for o in Organisation.objects.filter(code__in=wanted)}


def panel_candidates(process: SelectionProcess) -> list:
    """The commissioners' people not yet on the panel."""
    from caremarket.orgs.models import Person

    orgs = {process.lead_commissioner_id, *process.commissioners.values_list("pk", flat=True)}
    return list(
        Person.objects.filter(memberships__organisation_id__in=orgs)
        .exclude(selection_panels__process=process)
        .distinct()
        .order_by("full_name")
    )


def person_by_id(value: str):
    from caremarket.orgs.models import Person

    return Person.objects.filter(pk=int(value)).first() if str(value or "").isdigit() else None


def person_by_email(email: str):
    from caremarket.orgs.models import Person

    return Person.objects.filter(email__iexact=(email or "").strip()).first()


def own_ratings(alliance: Alliance, member: PanelMember | None) -> dict:
    if member is None:
        return {}
    return {r.sub_criterion: r for r in alliance.panel_ratings.filter(panel_member=member)}


def original_ratings(alliance: Alliance) -> list[PanelRating]:
    return list(alliance.panel_ratings.select_related("panel_member__person"))


def not_assured_domains(process: SelectionProcess) -> list[str]:
    return sorted(
        set(
            DomainModeration.objects.filter(alliance__process=process, agreed=pa.Rating.NOT_ASSURED)
            .exclude(domain=DomainModeration.OVERALL)
            .values_list("domain", flat=True)
        )
    )


def overall_ratings(process: SelectionProcess) -> list[tuple[str, str]]:
    """(alliance name, agreed overall rating label) for each moderated alliance."""
    rows = DomainModeration.objects.filter(alliance__process=process, domain=DomainModeration.OVERALL)
    return [(d.alliance.name, d.agreed_label) for d in rows.select_related("alliance")]


def stage2_versions(alliance: Alliance, kind: str) -> list:
    from caremarket.selection.models import Stage2Version

    return list(
        Stage2Version.objects.filter(document__alliance=alliance, document__kind=kind)
        .select_related("drafted_by")
        .order_by("-number")
    )


def version_in(process: SelectionProcess, version_id: int):
    from caremarket.selection.models import Stage2Version

    version = (
        Stage2Version.objects.select_related("document__alliance")
        .filter(pk=version_id, document__alliance__process=process)
        .first()
    )
    if version is None:
        raise NotFound(f"There is no such version in {process.reference}")
    return version


def may_record_engagement(actor: Actor, process: SelectionProcess) -> bool:
    return can(actor, "selection.manage_msp", process) or any(
        can(actor, "selection.submit_for_alliance", a) for a in process.alliances.all()
    )


def version_summary(version) -> dict:
    version.refresh_from_db()
    state = document_states(version.document.alliance)[version.document.kind]
    return {
        "id": version.pk,
        "number": version.number,
        "kind": version.document.kind,
        "sha256": version.sha256,
        "drafted_by_side": version.drafted_by_side,
        "agreed_by": sorted(version.agreed_by),
        "document_status": str(state.status),
    }


def contract_summary(contract) -> dict:
    return {
        "reference": contract.reference,
        "supplier_code": contract.supplier.code,
        "value": contract.value,
        "subcontractor_codes": [
            s.subcontractor.code for s in contract.subcontracts.select_related("subcontractor")
        ],
    }


def process_summary(process: SelectionProcess) -> dict:
    """The process as the API shows it."""
    process = SelectionProcess.objects.select_related("msp", "linked_competition").get(pk=process.pk)
    view = overview(process)
    setup = process.msp
    return {
        "reference": process.reference,
        "title": process.title,
        "stage": process.stage,
        "framework": setup.framework_code,
        "framework_version": setup.framework_version,
        "submission_deadline": setup.submission_deadline,
        "market_notice_id": setup.market_notice_id,
        "next_step": view.next_step,
        "stages": [
            {"stage": r.stage, "name": r.name, "state": r.state, "refusal": r.refusal} for r in view.stages
        ],
        "alliances": [alliance_summary(a) for a in alliances_of(process)],
        "sessions": sessions_of(process),
        "panel": [{"person_email": m.person.email, "declaration": m.declaration} for m in panel_of(process)],
        "gateways": gateways_of(process),
        "linked_competition_reference": process.linked_competition.reference
        if process.linked_competition_id
        else None,
        "ended_at": process.ended_at,
        "award": award_summary(process) if view.facts.gateway2_passed else None,
    }


def award_summary(process: SelectionProcess) -> dict:
    """The decision, the notice of intention and its standstill, as the API shows them."""
    from caremarket.rules import psr as psr_rules

    progress = award_progress(process)
    decision = progress.decision
    standstill = progress.standstill
    return {
        "alliance_id": progress.alliance.pk if progress.alliance else None,
        "provider_code": decision.provider.code if decision and decision.provider_id else None,
        "contract_value": decision.contract_value if decision else None,
        "decision_recorded": bool(decision and decision.complete),
        "intention_published_on": decision.intention_published_on if decision else None,
        "intention_notice_id": decision.intention_notice_id if decision else None,
        "standstill_ends_on": standstill.ends_on if standstill else None,
        "contract_may_be_made_from": progress.may_from,
        "representations": len(progress.representations),
        "review_decision": decision.review_decision if decision else "",
        "awarded_on": decision.awarded_on if decision else None,
        "award_notice_id": decision.award_notice_id if decision else None,
        "next_step": progress.next_step,
        "steps": [
            {"step": str(s), "allowed": progress.may(s), "why_not": progress.why_not(s)}
            for s in psr_rules.Step
        ]
        if progress.steps
        else [],
    }


def alliance_summary(alliance: Alliance) -> dict:
    alliance = Alliance.objects.select_related("lead", "contract").get(pk=alliance.pk)
    submission = getattr(alliance, "submission", None)
    return {
        "id": alliance.pk,
        "name": alliance.name,
        "lead_code": alliance.lead.code,
        "member_codes": [o.code for o in members_of(alliance)],
        "letter_signed_on": alliance.letter_signed_on,
        "letter_sha256": alliance.letter_sha256,
        "submitted_at": submission.submitted_at if submission else None,
        "contract_reference": alliance.contract.reference if alliance.contract_id else None,
    }
