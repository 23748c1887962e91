"""Where a Most Suitable Provider process stands: the stage rules' facts
(`rules.provider_assessment.StageFacts`), each stage's state and refusal, and the gateways."""

from dataclasses import dataclass, field

from caremarket.core import clock
from caremarket.rules import provider_assessment as pa
from caremarket.selection.models import (
    Alliance,
    DomainModeration,
    GatewayDecision,
    PanelRating,
    SelectionProcess,
)
from caremarket.selection.selectors_mcp.award import award_progress
from caremarket.selection.selectors_mcp.lookup import framework_of


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


def gateway(process: SelectionProcess, number: int) -> GatewayDecision | None:
    return (
        GatewayDecision.objects.filter(process=process, gateway=number).select_related("decided_by").first()
    )
