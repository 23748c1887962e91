"""The Most Suitable Provider process's assessment: the panel (each member declares conflicts,
then rates every sub-criterion of every alliance's submission with a comment), the moderating
panel's collective ratings (keeping every original), and gateway 1 (progress, or divert to a
linked open-market competition, which ends the process)."""

from caremarket.competitions.choices import CompetitionProcedure
from caremarket.competitions.services.competitions import _competition_create
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import Conflict, PermissionDenied, RuleViolation, ValidationFailed
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.orgs.models import Person
from caremarket.rules import provider_assessment as pa
from caremarket.rules.moderation import Declaration
from caremarket.rules.standstill import Regime
from caremarket.selection import selectors_mcp as sel
from caremarket.selection.models import (
    Alliance,
    DomainModeration,
    GatewayDecision,
    ModeratedRating,
    PanelMember,
    PanelRating,
    SelectionProcess,
)
from caremarket.selection.services.mcp import (
    _audit,
    _locked,
    _problems_error,
    _refuse_unless,
    _set_stage,
    _setup,
    _text,
)

# --- The panel ----------------------------------------------------------------------------------


@service
def panel_member_add(*, actor: Actor, process: SelectionProcess, person: Person) -> PanelMember:
    """Name a commissioner's representative to the assessment panel."""
    process = _locked(process)
    require(actor, "selection.manage_msp", process)
    _setup(process)
    if process.msp.moderated_at:
        raise RuleViolation(
            "The ratings have been moderated: the panel is closed", code=ErrorCode.MSP_STAGE_REFUSED
        )
    commissioners = {process.lead_commissioner_id, *process.commissioners.values_list("pk", flat=True)}
    if not person.memberships.filter(organisation_id__in=commissioners).exists():
        raise ValidationFailed.for_field(
            "person", f"{person} does not work for one of the process's commissioners"
        )
    if process.panel_members.filter(person=person).exists():
        raise Conflict(f"{person} is already on the panel")
    member = PanelMember.objects.create(process=process, person=person)
    _audit(actor, "selection.panel_member_added", process, member, person=person.email)
    return member


def _own_member(actor: Actor, process: SelectionProcess) -> PanelMember:
    member = (
        PanelMember.objects.select_for_update(of=("self",))
        .filter(process=process, person_id=actor.person_id)
        .first()
        if actor.person_id
        else None
    )
    if member is None:
        raise PermissionDenied(
            f"You are not on {process.reference}'s assessment panel", code=ErrorCode.MSP_NOT_ON_PANEL
        )
    return member


@service
def panel_declare(
    *, actor: Actor, process: SelectionProcess, declaration: str, text: str = ""
) -> PanelMember:
    """A panel member declares any conflict of interest (once, before rating). One who declares a
    conflict may not rate and sees no rating."""
    process = _locked(process)
    require(actor, "selection.rate_msp", process)
    _setup(process)
    member = _own_member(actor, process)
    if member.declaration:
        raise Conflict("You have already made your declaration", code=ErrorCode.MSP_ALREADY_DECLARED)
    try:
        declaration = Declaration(declaration)
    except ValueError:
        raise ValidationFailed.for_field(
            "declaration", "Say whether you have a conflict of interest"
        ) from None
    text = _text(
        text, "conflict_text", "the conflict of interest", required=declaration == Declaration.CONFLICT
    )
    member.declaration, member.conflict_text, member.declared_at = declaration, text, clock.now()
    member.save()
    _audit(actor, "selection.panel_declared", process, member, declaration=str(declaration), text=text)
    return member


@service
def panel_rate(
    *, actor: Actor, process: SelectionProcess, alliance: Alliance, ratings: dict[str, tuple[str, str]]
) -> list[PanelRating]:
    """A panel member's ratings (assured, partially assured, not assured, each with a comment) of
    some or all sub-criteria of an alliance's submission; a rating given again replaces the
    member's earlier one until moderation."""
    process = _locked(process)
    require(actor, "selection.rate_msp", process)
    fw = _refuse_unless(process, pa.Stage.ASSESSMENT)
    if alliance.process_id != process.pk:
        raise ValidationFailed.for_field("alliance", "Choose an alliance of this process")
    member = _own_member(actor, process)
    given = [
        pa.PanelRating(str(member.pk), sub, rating, comment) for sub, (rating, comment) in ratings.items()
    ]
    if not given:
        raise ValidationFailed.for_field("ratings", "Rate at least one sub-criterion")
    conflicts = {str(member.pk): member.declaration} if member.declaration else {}
    problems = pa.panel_problems(given, fw, conflicts, complete=False)
    if problems:
        raise _problems_error(problems, "The ratings could not be saved")
    saved = []
    for r in given:
        row, _ = PanelRating.objects.update_or_create(
            panel_member=member,
            alliance=alliance,
            sub_criterion=r.sub_criterion,
            defaults={"rating": str(r.rating), "comment": r.comment.strip()[:4000], "rated_at": clock.now()},
        )
        saved.append(row)
    mine = [
        pa.PanelRating(str(member.pk), x.sub_criterion, x.rating, x.comment)
        for x in PanelRating.objects.filter(panel_member=member, alliance=alliance)
    ]
    finished = pa.raters_finished(mine, fw, {str(member.pk): member.declaration}) == 1
    _set_stage(process)
    _audit(
        actor,
        "selection.panel_rated",
        process,
        member,
        alliance=alliance.name,
        ratings={r.sub_criterion: str(r.rating) for r in given},
        finished=finished,
    )
    return saved


# --- Moderation ---------------------------------------------------------------------------------


@service
def moderation_record(
    *,
    actor: Actor,
    process: SelectionProcess,
    alliance: Alliance,
    sub_ratings: dict[str, tuple[str, str]],
    domains: dict[str, tuple[str, str]],
    overall: tuple[str, str],
) -> list[DomainModeration]:
    """The moderating panel's agreed rating of every sub-criterion and domain of an alliance's
    submission, and overall, each with its rationale (needed where the panel was not unanimous,
    or the agreed rating differs from the suggestion). Every original rating is kept. When every
    alliance is moderated, the ratings are final and the alliances see theirs."""
    process = _locked(process)
    require(actor, "selection.manage_msp", process)
    fw = _refuse_unless(process, pa.Stage.MODERATION)
    if alliance.process_id != process.pk:
        raise ValidationFailed.for_field("alliance", "Choose an alliance of this process")
    if sel.alliance_moderated(alliance, fw):
        raise Conflict(f"{alliance.name}'s ratings have already been moderated")
    originals = sel.panel_ratings(process, alliance)
    try:
        moderated = [
            pa.moderate(originals, sub, rating, rationale) for sub, (rating, rationale) in sub_ratings.items()
        ]
        outcomes = pa.domain_outcomes(fw, moderated, {d: (r, why) for d, (r, why) in domains.items()})
        agreed_overall = pa.overall_assurance(outcomes, overall[0] or None, overall[1])
    except ValueError:
        raise ValidationFailed.for_field(
            "ratings", "Each agreed rating must be assured, partially assured or not assured"
        ) from None
    problems = pa.moderation_problems(originals, moderated, fw=fw, domains=outcomes)
    if agreed_overall.problem:
        problems.append(agreed_overall.problem)
    if problems:
        raise _problems_error(problems, "The moderation is not complete")
    ModeratedRating.objects.bulk_create(
        ModeratedRating(
            alliance=alliance,
            sub_criterion=m.sub_criterion,
            rating=str(m.rating),
            suggested=str(m.suggested or ""),
            rationale=m.rationale.strip()[:4000],
        )
        for m in moderated
    )
    rows = [
        DomainModeration(
            alliance=alliance,
            domain=o.domain,
            suggested=str(o.suggested),
            agreed=str(o.agreed),
            rationale=o.rationale.strip()[:4000],
        )
        for o in outcomes
    ]
    rows.append(
        DomainModeration(
            alliance=alliance,
            domain=DomainModeration.OVERALL,
            suggested=str(agreed_overall.suggested),
            agreed=str(agreed_overall.agreed),
            rationale=agreed_overall.rationale.strip()[:4000],
        )
    )
    DomainModeration.objects.bulk_create(rows)
    setup = process.msp
    if all(sel.alliance_moderated(a, fw) for a in process.alliances.all()):
        setup.moderated_at = clock.now()
        setup.moderated_by = actor.person
        setup.save(update_fields=["moderated_at", "moderated_by", "updated_at"])
    _set_stage(process)
    _audit(
        actor,
        "selection.moderated",
        process,
        alliance,
        alliance=alliance.name,
        domains={o.domain: str(o.agreed) for o in outcomes},
        overall=str(agreed_overall.agreed),
        originals_kept=len(originals),
        final=setup.moderated_at is not None,
    )
    return rows


# --- Gateway 1 ----------------------------------------------------------------------------------


def _alliance_assurance(alliance: Alliance) -> tuple[pa.Rating, dict[str, str]]:
    rows = {d.domain: d.agreed for d in alliance.domain_moderations.all()}
    overall = pa.Rating(rows.pop(DomainModeration.OVERALL))
    return overall, rows


@service
def gateway1_decide(
    *,
    actor: Actor,
    process: SelectionProcess,
    decision: str,
    rationale: str,
    themes: list[str] | None = None,
    notes: dict[str, str] | None = None,
) -> GatewayDecision:
    """Gateway 1: progress to stage 2 (with partial assurance, with a rationale and the themes to
    address early in stage 2; a domain not assured needs a note), or divert, which opens an
    open-market competition linked to the process and ends the process."""
    process = _locked(process)
    require(actor, "selection.manage_msp", process)
    fw = _refuse_unless(process, pa.Stage.GATEWAY1)
    themes = [t.strip()[:1000] for t in (themes or []) if (t or "").strip()]
    notes = {k: v.strip()[:4000] for k, v in (notes or {}).items() if (v or "").strip()}
    problems: list[pa.Problem] = []
    alliances = list(process.alliances.all())
    for alliance in alliances:
        overall, domains = _alliance_assurance(alliance)
        for p in pa.gateway1_decision_problems(
            decision, overall, domains, rationale, themes, fw=fw, not_assured_notes=notes
        ):
            if len(alliances) > 1:
                p = pa.Problem(p.code, f"{alliance.name}: {p.message}", p.subject)
            if p not in problems:
                problems.append(p)
    if problems:
        raise _problems_error(problems, "Gateway 1 cannot decide this", "decision")
    outcome = pa.gateway1_outcome(decision, fw)
    gate = GatewayDecision.objects.create(
        process=process,
        gateway=1,
        decision=str(outcome.decision),
        rationale=rationale.strip()[:10000],
        themes=themes,
        notes=notes,
        decided_by=actor.person,
    )
    competition = None
    if outcome.opens_competition:
        competition = _competition_create(
            actor=actor,
            buyer=process.lead_commissioner,
            title=process.title,
            procedure=CompetitionProcedure.OPEN,
            description=(
                f"An open-market competition for {process.title}, opened when the Most Suitable "
                f"Provider process {process.reference} diverted at gateway 1."
            ),
            requirement=process.description,
            estimated_value=process.estimated_value,
            regime=Regime.PROVIDER_SELECTION_REGIME,
        )
        process.linked_competition = competition
    if outcome.ends_process:
        process.ended_at = clock.now()
        process.end_reason = f"{outcome.sentence}: {rationale.strip()}"[:2000]
    process.save()
    _set_stage(process)
    _audit(
        actor,
        "selection.gateway1_decided",
        process,
        gate,
        decision=str(outcome.decision),
        themes=len(themes),
        competition=competition.reference if competition else None,
    )
    return gate
