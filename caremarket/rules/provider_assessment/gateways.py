"""Gateway 1 (progress or divert), the stage 2 documents agreed by both sides, and gateway 2."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from caremarket.rules.provider_assessment.frameworks import (
    Framework,
    NotAssuredDomains,
    Problem,
    ProblemCode,
    Rating,
    Stage,
    Stage2Document,
    _listed,
)
from caremarket.rules.provider_assessment.moderation import DomainOutcome, OverallAssurance, _agreed_by_domain

# --- Gateway 1 ----------------------------------------------------------------------------------


class Gateway1Decision(StrEnum):
    PROGRESS = "progress"
    DIVERT = "divert"

    @property
    def label(self) -> str:
        return {
            Gateway1Decision.PROGRESS: "Progress to stage 2",
            Gateway1Decision.DIVERT: "Divert to an open-market competition",
        }[self]


@dataclass(frozen=True)
class Gateway1Outcome:
    decision: Gateway1Decision
    ends_process: bool
    opens_competition: bool
    next_stage: Stage
    sentence: str


def gateway1_outcome(decision: Gateway1Decision | str, fw: Framework) -> Gateway1Outcome:
    """What a gateway 1 decision does: progress opens stage 2; divert ends the process and opens
    an open-market competition linked to it."""
    decision = Gateway1Decision(decision)
    if decision == Gateway1Decision.PROGRESS:
        return Gateway1Outcome(
            decision, False, False, Stage.STAGE2, "The process progresses to stage 2, detailed negotiation"
        )
    opens = fw.gateway1.divert_opens == "open_market_competition"
    return Gateway1Outcome(
        decision,
        fw.gateway1.divert_ends_process,
        opens,
        Stage.DIVERTED,
        "The process ends and an open-market competition for the services is opened",
    )


def gateway1_decision_problems(
    decision: Gateway1Decision | str,
    overall: OverallAssurance | Rating | str,
    domain_ratings: Sequence[DomainOutcome] | Mapping[str, Rating | str],
    rationale: str,
    themes: Sequence[str],
    *,
    fw: Framework,
    not_assured_notes: Mapping[str, str] | None = None,
) -> list[Problem]:
    """What is wrong with a gateway 1 decision. Progress needs an overall rating the framework
    allows (Suffolk: assured or partially assured); with partial assurance, a rationale and at
    least the framework's number of themes to address early in stage 2; with a domain not
    assured, the framework's permission and a note for each such domain. Divert needs a
    rationale."""
    policy = fw.gateway1
    try:
        decision = Gateway1Decision(decision)
    except ValueError:
        return [Problem(ProblemCode.DECISION_INVALID, "Gateway 1 decides either progress or divert")]
    has_rationale = bool((rationale or "").strip())
    if decision == Gateway1Decision.DIVERT:
        if policy.divert_needs_rationale and not has_rationale:
            return [
                Problem(
                    ProblemCode.RATIONALE_MISSING,
                    "Record why the process diverts to an open-market competition",
                )
            ]
        return []
    problems = []
    level = overall.agreed if isinstance(overall, OverallAssurance) else Rating(overall)
    if level not in policy.allowed_overall:
        allowed = _listed([r.label.lower() for r in policy.allowed_overall], "or")
        problems.append(
            Problem(
                ProblemCode.OVERALL_NOT_ENOUGH,
                f"The panel is {level.label.lower()} overall: the process can progress only when it "
                f"is {allowed}; divert to an open-market competition instead",
                "overall",
            )
        )
        return problems
    if level == Rating.PARTIALLY_ASSURED:
        if policy.partially_assured_needs_rationale and not has_rationale:
            problems.append(
                Problem(
                    ProblemCode.RATIONALE_MISSING,
                    "Progressing with partial assurance needs a rationale",
                    "rationale",
                )
            )
        given = [t for t in themes if (t or "").strip()]
        if len(given) < policy.partially_assured_min_themes:
            problems.append(
                Problem(
                    ProblemCode.THEMES_MISSING,
                    "Progressing with partial assurance needs the themes to address early in stage 2 "
                    f"(at least {policy.partially_assured_min_themes})",
                    "themes",
                )
            )
    names = {d.id: d.name for d in fw.domains}
    not_assured = [k for k, v in _agreed_by_domain(domain_ratings).items() if v == Rating.NOT_ASSURED]
    notes = not_assured_notes or {}
    for domain in not_assured:
        name = names.get(domain, domain)
        if policy.not_assured_domains == NotAssuredDomains.REFUSED:
            problems.append(
                Problem(
                    ProblemCode.NOT_ASSURED_DOMAIN,
                    f"The panel is not assured on {name}: the process cannot progress",
                    domain,
                )
            )
        elif not (notes.get(domain) or "").strip():
            problems.append(
                Problem(
                    ProblemCode.NOT_ASSURED_NOTE_MISSING,
                    f"The panel is not assured on {name}: say why the process progresses and how stage 2 "
                    "will address it",
                    domain,
                )
            )
    return problems


# --- Stage 2 documents and gateway 2 ------------------------------------------------------------


class Side(StrEnum):
    COMMISSIONERS = "commissioners"
    ALLIANCE_LEAD = "alliance_lead"

    @property
    def label(self) -> str:
        return {Side.COMMISSIONERS: "the commissioners", Side.ALLIANCE_LEAD: "the alliance lead"}[self]


BOTH_SIDES = (Side.COMMISSIONERS, Side.ALLIANCE_LEAD)


@dataclass(frozen=True)
class DocumentVersion:
    """One version of a stage 2 document: who drafted it and which sides agreed this version."""

    number: int
    drafted_by: Side | str
    agreed_by: frozenset[Side | str] = field(default_factory=frozenset)


class DocumentStatus(StrEnum):
    NOT_STARTED = "not_started"
    DRAFTED = "drafted"  # one version, not agreed by both sides
    REVISED = "revised"  # a later version, not agreed by both sides
    AGREED = "agreed"  # the latest version agreed by both sides

    @property
    def label(self) -> str:
        return {
            DocumentStatus.NOT_STARTED: "Not started",
            DocumentStatus.DRAFTED: "Drafted",
            DocumentStatus.REVISED: "Revised",
            DocumentStatus.AGREED: "Agreed",
        }[self]


@dataclass(frozen=True)
class DocumentState:
    status: DocumentStatus
    version: int | None
    awaiting: tuple[Side, ...]  # the sides yet to agree the latest version
    reopened: bool  # an earlier version was agreed by both sides, and a revision followed

    @property
    def agreed(self) -> bool:
        return self.status == DocumentStatus.AGREED

    @property
    def sentence(self) -> str:
        if self.version is None:
            return "not yet drafted"
        if self.agreed:
            return f"version {self.version}, agreed by both sides"
        reopened = ", reopened after agreement" if self.reopened else ""
        return f"version {self.version}{reopened}, awaiting {_listed([s.label for s in self.awaiting])}"


def document_state(versions: Sequence[DocumentVersion]) -> DocumentState:
    """Where a stage 2 document stands. Agreed only when its latest version is agreed by both the
    commissioners and the alliance lead; a new revision after agreement reopens it."""
    if not versions:
        return DocumentState(DocumentStatus.NOT_STARTED, None, BOTH_SIDES, False)
    ordered = sorted(versions, key=lambda v: v.number)
    numbers = [v.number for v in ordered]
    if len(set(numbers)) != len(numbers):
        raise ValueError("Two versions of the document have the same number")
    for v in ordered:
        Side(v.drafted_by)
        for side in v.agreed_by:
            Side(side)
    latest = ordered[-1]
    agreed_by = {Side(s) for s in latest.agreed_by}
    awaiting = tuple(s for s in BOTH_SIDES if s not in agreed_by)
    if not awaiting:
        return DocumentState(DocumentStatus.AGREED, latest.number, (), False)
    reopened = any({Side(s) for s in v.agreed_by} >= set(BOTH_SIDES) for v in ordered[:-1])
    status = DocumentStatus.DRAFTED if len(ordered) == 1 else DocumentStatus.REVISED
    return DocumentState(status, latest.number, awaiting, reopened)


def gateway2_refusal(
    documents: Mapping[Stage2Document | str, Sequence[DocumentVersion] | DocumentState],
    *,
    engagement_required: bool = False,
    engagement_records: int = 0,
) -> str | None:
    """Why gateway 2 cannot pass yet: it needs the delivery plan, the innovation plan and the
    service contract each agreed by both sides (each one not yet agreed is named), and, where the
    process requires it in stage 2, the patient and public engagement recorded."""
    pending = []
    for kind in Stage2Document:
        given = documents.get(kind, documents.get(kind.value, ()))
        state = given if isinstance(given, DocumentState) else document_state(given)
        if not state.agreed:
            pending.append(f"the {kind.label.lower()} ({state.sentence})")
    reasons = []
    if pending:
        reasons.append(
            "Gateway 2 needs the delivery plan, the innovation plan and the service contract agreed by "
            f"the commissioners and the alliance lead: not yet agreed: {_listed(pending)}"
        )
    if engagement_required and engagement_records < 1:
        reasons.append("Record the patient and public engagement stage 2 requires before gateway 2")
    return ". ".join(reasons) or None
