"""Who sees the ratings, and the order of the stages: which stage a process is at, and why
another may not be entered yet."""

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from caremarket.rules.dates import spoken_date
from caremarket.rules.provider_assessment.frameworks import (
    STAGE_ORDER,
    Framework,
    Stage,
    _listed,
    _plural,
    missing_submission_documents,
)
from caremarket.rules.provider_assessment.gateways import DocumentState, Gateway1Decision, gateway2_refusal

# --- Who sees the ratings -----------------------------------------------------------------------


class Viewer(StrEnum):
    COMMISSIONER = "commissioner"
    PANEL_MEMBER = "panel_member"
    ALLIANCE_MEMBER = "alliance_member"
    OTHER = "other"


class Visibility(StrEnum):
    NONE = "none"  # no rating
    OWN = "own"  # only the viewer's own panel ratings
    MODERATED = "moderated"  # the moderated collective ratings and their rationales
    ALL = "all"  # every panel rating and the moderated ratings

    @property
    def sees_any(self) -> bool:
        return self != Visibility.NONE

    @property
    def sees_others_ratings(self) -> bool:
        return self == Visibility.ALL


def ratings_visible_to(
    viewer_role: Viewer | str,
    viewer_alliance: str | None,
    rated_alliance: str | Collection[str],
    moderated: bool,
    *,
    conflicted: bool = False,
) -> Visibility:
    """Which ratings of a submission by `rated_alliance` (one alliance, or the alliances of a
    joint submission) the viewer sees. Commissioners see every rating. A panel member sees only
    their own ratings until moderation (each rates independently), then every rating; one who
    declared a conflict sees none. A member of the rated alliance sees the moderated ratings,
    only after moderation; another alliance and anyone else see none."""
    try:
        role = Viewer(viewer_role)
    except ValueError:
        return Visibility.NONE
    if role == Viewer.COMMISSIONER:
        return Visibility.ALL
    if role == Viewer.PANEL_MEMBER:
        if conflicted:
            return Visibility.NONE
        return Visibility.ALL if moderated else Visibility.OWN
    if role == Viewer.ALLIANCE_MEMBER:
        rated = {rated_alliance} if isinstance(rated_alliance, str) else set(rated_alliance)
        if moderated and viewer_alliance and viewer_alliance in rated:
            return Visibility.MODERATED
    return Visibility.NONE


# --- The order of the stages --------------------------------------------------------------------


@dataclass(frozen=True)
class StageFacts:
    """What has happened in a process, as the stage rules need it."""

    today: date
    alliances: int = 0  # alliances formed, each with its lead
    letters_of_commitment: int = 0  # alliances whose signed letter of commitment is in
    market_notice_published: bool = False
    sessions_planned: int | None = None  # None: the framework's number
    sessions_held: int = 0
    submission_deadline: date | None = None
    submitted_documents: frozenset[str] = frozenset()
    panel_raters: int = 0  # panel members free of conflicts
    panel_raters_finished: int = 0  # of them, those who rated every sub-criterion
    moderated: bool = False  # every sub-criterion and domain agreed
    gateway1: Gateway1Decision | None = None
    documents: Mapping[str, DocumentState] = field(default_factory=dict)
    engagement_records: int = 0
    gateway2_passed: bool = False
    contract_created: bool = False


STAGE_LABELS = {
    Stage.MARKET_NOTICE: "the notice to the market",
    Stage.DIALOGUE: "stage 1, constructive dialogue",
    Stage.SUBMISSION: "the written submission",
    Stage.ASSESSMENT: "the assessment",
    Stage.MODERATION: "moderation",
    Stage.GATEWAY1: "gateway 1",
    Stage.STAGE2: "stage 2, detailed negotiation",
    Stage.GATEWAY2: "gateway 2",
    Stage.CONTRACT: "the contract",
    Stage.DIVERTED: "the diversion to an open-market competition",
}


def _entry_refusal(stage: Stage, facts: StageFacts, fw: Framework) -> str | None:
    """Why `stage` cannot start, given that the stages before it have."""
    if stage == Stage.MARKET_NOTICE:
        if facts.alliances < 1:
            return "An alliance of providers, with its lead, must be formed before the notice to the market"
    elif stage == Stage.DIALOGUE:
        if not facts.market_notice_published:
            return "Publish the notice to the market before the constructive dialogue"
    elif stage == Stage.SUBMISSION:
        planned = fw.dialogue_sessions if facts.sessions_planned is None else facts.sessions_planned
        if facts.sessions_held < planned:
            return (
                f"{facts.sessions_held} of {_plural(planned, 'dialogue session')} held: "
                "the written submission follows the last session"
            )
    elif stage == Stage.ASSESSMENT:
        if facts.submission_deadline is None:
            return "Set the written submission deadline first"
        if facts.today <= facts.submission_deadline:
            return (
                "The panel rates only after the submission deadline, "
                f"{spoken_date(facts.submission_deadline)}, has passed"
            )
        missing = missing_submission_documents(fw, facts.submitted_documents)
        if missing:
            return f"The written submission is not in: missing {_listed([d.label.lower() for d in missing])}"
        if facts.letters_of_commitment < facts.alliances:
            return "Every alliance's signed letter of commitment must be in before the assessment"
    elif stage == Stage.MODERATION:
        if facts.panel_raters < 1:
            return "No panel member free of conflicts has declared: nobody can rate"
        waiting = facts.panel_raters - facts.panel_raters_finished
        if waiting > 0:
            return (
                f"Waiting for {_plural(waiting, 'panel member')} to rate every sub-criterion "
                "before moderation"
            )
    elif stage == Stage.GATEWAY1:
        if not facts.moderated:
            return (
                "Gateway 1 follows moderation: agree the collective rating of every sub-criterion and domain"
            )
    elif stage == Stage.STAGE2:
        if facts.gateway1 is None:
            return "Stage 2 follows a gateway 1 decision to progress"
    elif stage == Stage.GATEWAY2:
        return gateway2_refusal(
            facts.documents,
            engagement_required=fw.engagement_required(Stage.STAGE2),
            engagement_records=facts.engagement_records,
        )
    elif stage == Stage.CONTRACT and not facts.gateway2_passed:
        return "The contract follows gateway 2"
    return None


def _closed_reason(stage: Stage, facts: StageFacts, fw: Framework) -> str | None:
    """Why work in `stage` is over."""
    planned = fw.dialogue_sessions if facts.sessions_planned is None else facts.sessions_planned
    if stage == Stage.MARKET_NOTICE and facts.market_notice_published:
        return "The notice to the market has been published"
    if stage == Stage.DIALOGUE and facts.sessions_held >= planned:
        return f"All {_plural(planned, 'dialogue session')} have been held"
    if stage == Stage.SUBMISSION and facts.submission_deadline and facts.today > facts.submission_deadline:
        return f"The written submission deadline, {spoken_date(facts.submission_deadline)}, has passed"
    if stage == Stage.ASSESSMENT and facts.moderated:
        return "The ratings have been moderated: they can no longer change"
    if stage in (Stage.MODERATION, Stage.GATEWAY1) and facts.gateway1 is not None:
        return f"Gateway 1 has decided: {facts.gateway1.label.lower()}"
    if stage in (Stage.STAGE2, Stage.GATEWAY2) and facts.gateway2_passed:
        return "Gateway 2 has passed"
    if stage == Stage.CONTRACT and facts.contract_created:
        return "The contract has been created"
    return None


def stage_refusal(target: Stage | str, facts: StageFacts, fw: Framework) -> str | None:
    """Why the process cannot do the work of stage `target` now (None when it can): every stage
    before it must have started, its own conditions hold, and it must not be over. A process
    diverted at gateway 1 has ended."""
    target = Stage(target)
    if facts.gateway1 == Gateway1Decision.DIVERT:
        return "The process was diverted to an open-market competition at gateway 1: it has ended"
    if target == Stage.DIVERTED:
        target = Stage.GATEWAY1
    for stage in STAGE_ORDER[: STAGE_ORDER.index(target) + 1]:
        reason = _entry_refusal(stage, facts, fw)
        if reason:
            return reason
    return _closed_reason(target, facts, fw)


def current_stage(facts: StageFacts, fw: Framework) -> Stage:
    """The furthest stage the process has reached."""
    if facts.gateway1 == Gateway1Decision.DIVERT:
        return Stage.DIVERTED
    current = Stage.MARKET_NOTICE
    for stage in STAGE_ORDER:
        if _entry_refusal(stage, facts, fw):
            break
        current = stage
    return current


def next_stage(current: Stage | str, facts: StageFacts, fw: Framework) -> Stage | None:
    """The stage the process moves to from `current`, when its conditions hold (None when they
    do not yet, or `current` ends the process). From gateway 1, the decision decides."""
    current = Stage(current)
    if current in (Stage.CONTRACT, Stage.DIVERTED):
        return None
    if current == Stage.GATEWAY1:
        if facts.gateway1 == Gateway1Decision.DIVERT:
            return Stage.DIVERTED
        if facts.gateway1 is None:
            return None
    following = STAGE_ORDER[STAGE_ORDER.index(current) + 1]
    for stage in STAGE_ORDER[: STAGE_ORDER.index(following) + 1]:
        if _entry_refusal(stage, facts, fw):
            return None
    return following


class Step(StrEnum):
    """A commissioner's step on the process page."""

    RECORD_ALLIANCE = "record_alliance"
    SET_DEADLINE = "set_deadline"
    PUBLISH_MARKET_NOTICE = "publish_market_notice"
    RECORD_SESSION = "record_session"
    ADD_PANEL_MEMBER = "add_panel_member"
    MODERATE = "moderate"
    DECIDE_GATEWAY1 = "decide_gateway1"
    RECORD_ENGAGEMENT = "record_engagement"
    TRY_GATEWAY2 = "try_gateway2"


def commissioner_steps(facts: StageFacts, fw: Framework) -> frozenset[Step]:
    """The steps a commissioner is offered now: each only while its stage's work is open (no
    alliance joins after the submission deadline, no sixth session of five, nothing from stage 1
    once gateway 1 has decided)."""
    if facts.gateway1 == Gateway1Decision.DIVERT or facts.contract_created:
        return frozenset()
    if facts.gateway1 is not None and facts.gateway2_passed:
        return frozenset()
    if facts.gateway1 is not None:
        return frozenset({Step.RECORD_ENGAGEMENT, Step.TRY_GATEWAY2})
    steps = {Step.DECIDE_GATEWAY1}
    if _closed_reason(Stage.SUBMISSION, facts, fw) is None:
        steps |= {Step.RECORD_ALLIANCE, Step.SET_DEADLINE}
    if not facts.market_notice_published:
        steps.add(Step.PUBLISH_MARKET_NOTICE)
    if stage_refusal(Stage.DIALOGUE, facts, fw) is None:
        steps.add(Step.RECORD_SESSION)
    if not facts.moderated:
        steps.add(Step.ADD_PANEL_MEMBER)
    if facts.alliances and facts.submitted_documents:
        steps.add(Step.MODERATE)
    return frozenset(steps)
