"""The Most Capable / Most Suitable Provider process: the evaluation framework, the panel's
ratings, moderation, gateway 1, the stage 2 documents, gateway 2, who sees the ratings, and
the order of the stages.

The framework is data (`data/mcp_frameworks.yaml`, read with PyYAML's safe loader): domains
and their sub-criteria, the rating scale, the stages and the gateway 1 policy, versioned, with
their source (the Suffolk NHS community services process of 2016, run under the 2013
regulations, which maps onto the Provider Selection Regime's Most Suitable Provider process).

The rules, in the order the process meets them:

- Each panel member declares conflicts of interest, then rates every sub-criterion assured,
  partially assured or not assured, with a comment (`panel_problems`).
- The moderating panel agrees a collective rating per sub-criterion (`moderate`), keeping every
  original rating; a rationale is needed unless every panel member gave the agreed rating.
  Per domain and overall, Caremarket suggests a rating (`domain_rating`: not assured if any is
  not assured, assured if all are assured, else partially assured); the panel agrees the
  collective rating, which may differ from the suggestion with a rationale (`domain_outcome`,
  `overall_assurance`; Suffolk's panel was "overall partly assured" with one area not assured).
- Gateway 1: the commissioners progress (with partial assurance only with a rationale and the
  themes to address early in stage 2; with a domain not assured only when the framework allows
  it, with a note for each) or divert, which ends the process and opens an open-market
  competition (`gateway1_decision_problems`, `gateway1_outcome`).
- Stage 2: the delivery plan, the innovation plan and the service contract, each in versions;
  a document is agreed only when its latest version is agreed by both the commissioners and the
  alliance lead (`document_state`). Gateway 2 is refused until all three are (`gateway2_refusal`).
- Who sees the ratings (`ratings_visible_to`): the commissioners see every rating; a panel
  member sees only their own ratings until moderation (so each rates independently) and every
  rating after it; an alliance's members see their alliance's moderated ratings and rationales
  (not the individual panel members' ratings), only after moderation; another alliance, a panel
  member who declared a conflict, and anyone else see none.
- The stages in order (`current_stage`, `next_stage`, `stage_refusal`): no rating before the
  submission deadline has passed and the submission is in, no moderation before every panel
  member has rated, gateway 1 only after moderation, and so on.

No Django here.
"""

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from caremarket.core.errors import ValidationFailed
from caremarket.rules.dates import spoken_date
from caremarket.rules.moderation import Declaration

MCP_FRAMEWORKS_PATH = Path(__file__).parent / "data" / "mcp_frameworks.yaml"


class Rating(StrEnum):
    ASSURED = "assured"
    PARTIALLY_ASSURED = "partially_assured"
    NOT_ASSURED = "not_assured"

    @property
    def label(self) -> str:
        return RATING_LABELS[self]


RATING_LABELS = {
    Rating.ASSURED: "Assured",
    Rating.PARTIALLY_ASSURED: "Partially assured",
    Rating.NOT_ASSURED: "Not assured",
}


class ProblemCode(StrEnum):
    """Stable codes for the problems these rules find (clients match on them)."""

    CONFLICT_NOT_DECLARED = "selection.conflict_not_declared"
    RATER_CONFLICTED = "selection.rater_conflicted"
    CRITERION_UNKNOWN = "selection.criterion_unknown"
    RATING_INVALID = "selection.rating_invalid"
    COMMENT_MISSING = "selection.comment_missing"
    RATED_TWICE = "selection.rated_twice"
    RATING_MISSING = "selection.rating_missing"
    PANEL_EMPTY = "selection.panel_empty"
    MODERATION_MISSING = "selection.moderation_missing"
    MODERATION_WITHOUT_RATINGS = "selection.moderation_without_ratings"
    MODERATED_TWICE = "selection.moderated_twice"
    ORIGINALS_DROPPED = "selection.original_ratings_dropped"
    RATIONALE_MISSING = "selection.rationale_missing"
    DOMAIN_MISSING = "selection.domain_rating_missing"
    DECISION_INVALID = "selection.gateway1_decision_invalid"
    OVERALL_NOT_ENOUGH = "selection.gateway1_overall_not_enough"
    THEMES_MISSING = "selection.gateway1_themes_missing"
    NOT_ASSURED_DOMAIN = "selection.gateway1_not_assured_domain"
    NOT_ASSURED_NOTE_MISSING = "selection.gateway1_not_assured_note_missing"
    ALLIANCE_INVALID = "selection.alliance_invalid"


@dataclass(frozen=True)
class Problem:
    """One thing wrong, with a stable code, a sentence, and what it is about (a sub-criterion's
    id, a domain's id, a panel member)."""

    code: ProblemCode
    message: str
    subject: str = ""

    def __str__(self) -> str:
        return self.message


def _rating(value: Any) -> Rating | None:
    try:
        return Rating(value)
    except ValueError:
        return None


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _listed(items: Sequence[str], conjunction: str = "and") -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


# --- The framework ------------------------------------------------------------------------------


class Stage(StrEnum):
    MARKET_NOTICE = "market_notice"
    DIALOGUE = "dialogue"
    SUBMISSION = "submission"
    ASSESSMENT = "assessment"
    MODERATION = "moderation"
    GATEWAY1 = "gateway1"
    STAGE2 = "stage2"
    GATEWAY2 = "gateway2"
    CONTRACT = "contract"
    DIVERTED = "diverted"  # gateway 1 diverted to an open-market competition: the process ended


# The process's stages in order; DIVERTED leaves it after gateway 1.
STAGE_ORDER = (
    Stage.MARKET_NOTICE,
    Stage.DIALOGUE,
    Stage.SUBMISSION,
    Stage.ASSESSMENT,
    Stage.MODERATION,
    Stage.GATEWAY1,
    Stage.STAGE2,
    Stage.GATEWAY2,
    Stage.CONTRACT,
)


class Stage2Document(StrEnum):
    DELIVERY_PLAN = "delivery_plan"
    INNOVATION_PLAN = "innovation_plan"
    SERVICE_CONTRACT = "service_contract"

    @property
    def label(self) -> str:
        return {
            Stage2Document.DELIVERY_PLAN: "Delivery plan",
            Stage2Document.INNOVATION_PLAN: "Innovation plan",
            Stage2Document.SERVICE_CONTRACT: "Service contract",
        }[self]


@dataclass(frozen=True)
class SubCriterion:
    id: str
    name: str
    domain: str


@dataclass(frozen=True)
class Domain:
    id: str
    name: str
    sub_criteria: tuple[SubCriterion, ...]


@dataclass(frozen=True)
class RatingMeaning:
    rating: Rating
    label: str
    meaning: str


@dataclass(frozen=True)
class DocumentSpec:
    kind: str
    label: str


@dataclass(frozen=True)
class StageSpec:
    id: Stage
    name: str
    description: str
    sessions: int | None = None
    documents: tuple[DocumentSpec, ...] = ()
    stakeholder_engagement: bool = False


class NotAssuredDomains(StrEnum):
    ALLOWED_WITH_NOTE = "allowed_with_note"  # progress allowed, with a note for each such domain
    REFUSED = "refused"  # progress refused while any domain is not assured


@dataclass(frozen=True)
class Gateway1Policy:
    allowed_overall: tuple[Rating, ...]
    partially_assured_needs_rationale: bool
    partially_assured_min_themes: int
    not_assured_domains: NotAssuredDomains
    divert_needs_rationale: bool
    divert_ends_process: bool
    divert_opens: str


@dataclass(frozen=True)
class Framework:
    code: str
    version: int
    valid_from: date
    name: str
    source: str
    citation: str
    today: str
    scale: tuple[RatingMeaning, ...]
    domains: tuple[Domain, ...]
    stages: tuple[StageSpec, ...]
    gateway1: Gateway1Policy

    @property
    def sub_criteria(self) -> tuple[SubCriterion, ...]:
        return tuple(s for d in self.domains for s in d.sub_criteria)

    def sub_criterion(self, sub_id: str) -> SubCriterion | None:
        return next((s for s in self.sub_criteria if s.id == sub_id), None)

    def domain(self, domain_id: str) -> Domain | None:
        return next((d for d in self.domains if d.id == domain_id), None)

    def stage(self, stage: str) -> StageSpec | None:
        return next((s for s in self.stages if s.id == stage), None)

    @property
    def dialogue_sessions(self) -> int:
        spec = self.stage(Stage.DIALOGUE)
        return (spec.sessions if spec else None) or 0

    @property
    def submission_documents(self) -> tuple[DocumentSpec, ...]:
        spec = self.stage(Stage.SUBMISSION)
        return spec.documents if spec else ()

    @property
    def stage2_documents(self) -> tuple[Stage2Document, ...]:
        spec = self.stage(Stage.STAGE2)
        return tuple(Stage2Document(d.kind) for d in spec.documents) if spec else ()

    def engagement_required(self, stage: str) -> bool:
        spec = self.stage(stage)
        return bool(spec and spec.stakeholder_engagement)

    def meaning(self, rating: Rating) -> str:
        return next((m.meaning for m in self.scale if m.rating == rating), "")


def _parse_version(code: str, raw: Mapping[str, Any]) -> Framework:
    domains = []
    seen: set[str] = set()
    for d in raw["domains"]:
        subs = tuple(SubCriterion(s["id"], s["name"], d["id"]) for s in d["sub_criteria"])
        for s in subs:
            if not s.id.startswith(f"{d['id']}.") or s.id in seen:
                raise ValueError(f"{code}: sub-criterion id {s.id!r} is repeated or not in domain {d['id']}")
            seen.add(s.id)
        domains.append(Domain(d["id"], d["name"], subs))
    stages = tuple(
        StageSpec(
            id=Stage(s["id"]),
            name=s["name"],
            description=s.get("description", ""),
            sessions=s.get("sessions"),
            documents=tuple(DocumentSpec(doc["kind"], doc["label"]) for doc in s.get("documents") or ()),
            stakeholder_engagement=bool(s.get("stakeholder_engagement", False)),
        )
        for s in raw["stages"]
    )
    if tuple(s.id for s in stages) != STAGE_ORDER:
        raise ValueError(f"{code}: the stages must be {', '.join(STAGE_ORDER)} in that order")
    g1 = raw["gateway1"]
    return Framework(
        code=code,
        version=int(raw["version"]),
        valid_from=raw["valid_from"],
        name=raw["name"],
        source=raw["source"],
        citation=raw["citation"],
        today=raw.get("today", ""),
        scale=tuple(
            RatingMeaning(Rating(m["rating"]), m["label"], m["meaning"]) for m in raw["rating_scale"]
        ),
        domains=tuple(domains),
        stages=stages,
        gateway1=Gateway1Policy(
            allowed_overall=tuple(Rating(r) for r in g1["progress"]["allowed_overall"]),
            partially_assured_needs_rationale=bool(g1["progress"]["partially_assured_needs_rationale"]),
            partially_assured_min_themes=int(g1["progress"]["partially_assured_min_themes"]),
            not_assured_domains=NotAssuredDomains(g1["progress"]["not_assured_domains"]),
            divert_needs_rationale=bool(g1["divert"]["needs_rationale"]),
            divert_ends_process=bool(g1["divert"]["ends_process"]),
            divert_opens=g1["divert"]["opens"],
        ),
    )


def parse_frameworks(data: Mapping[str, Any]) -> dict[str, tuple[Framework, ...]]:
    """Every framework's versions, oldest first. Refuses two versions valid from the same day."""
    table: dict[str, tuple[Framework, ...]] = {}
    for code, entry in data["frameworks"].items():
        versions = sorted((_parse_version(code, v) for v in entry["versions"]), key=lambda v: v.valid_from)
        starts = [v.valid_from for v in versions]
        if len(set(starts)) != len(starts):
            raise ValueError(f"{code} has two versions valid from the same day")
        table[code] = tuple(versions)
    return table


@cache
def _data() -> dict[str, Any]:
    with MCP_FRAMEWORKS_PATH.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@cache
def _default_table() -> dict[str, tuple[Framework, ...]]:
    return parse_frameworks(_data())


def framework_codes(table: Mapping[str, tuple[Framework, ...]] | None = None) -> list[str]:
    return list((table or _default_table()).keys())


def framework(code: str, on: date, table: Mapping[str, tuple[Framework, ...]] | None = None) -> Framework:
    """The version of evaluation framework `code` that applies on `on`: its domains and
    sub-criteria, scale, stages and gateway 1 policy."""
    versions = (table or _default_table()).get(code)
    if not versions:
        raise ValidationFailed.for_field(
            "framework", f"{code!r} is not an evaluation framework Caremarket knows"
        )
    applying = [v for v in versions if v.valid_from <= on]
    if not applying:
        raise ValidationFailed.for_field(
            "framework", f"The {versions[0].name} applies only from {spoken_date(versions[0].valid_from)}"
        )
    return applying[-1]


def missing_submission_documents(fw: Framework, received: Collection[str]) -> list[DocumentSpec]:
    """The written submission's required documents not yet received, in the framework's order."""
    return [d for d in fw.submission_documents if d.kind not in received]


# --- Alliances ----------------------------------------------------------------------------------


def alliance_problems(members: Sequence[str], lead: str | None) -> list[Problem]:
    """An alliance has at least one member, each once, and a lead who is one of them."""
    problems = []
    if not members:
        problems.append(Problem(ProblemCode.ALLIANCE_INVALID, "An alliance needs at least one member"))
    twice = sorted({m for m in members if list(members).count(m) > 1})
    if twice:
        problems.append(
            Problem(ProblemCode.ALLIANCE_INVALID, f"{_listed(twice)} joined the alliance more than once")
        )
    if not lead:
        problems.append(Problem(ProblemCode.ALLIANCE_INVALID, "Choose the alliance's lead provider"))
    elif lead not in members:
        problems.append(
            Problem(ProblemCode.ALLIANCE_INVALID, f"The lead, {lead}, must be a member of the alliance")
        )
    return problems


# --- The panel's ratings ------------------------------------------------------------------------


@dataclass(frozen=True)
class PanelRating:
    """One panel member's rating of one sub-criterion, with their comment."""

    member: str
    sub_criterion: str
    rating: Rating | str
    comment: str = ""


def panel_problems(
    ratings: Sequence[PanelRating],
    fw: Framework,
    conflicts: Mapping[str, str],
    *,
    complete: bool = True,
) -> list[Problem]:
    """What is wrong with the panel's ratings. `conflicts` maps every panel member to their
    declaration ("no_conflict" or "conflict"). A member who has not declared, or declared a
    conflict, may not rate; every rating is on the scale, of a sub-criterion of the framework,
    once per member, with a comment. With `complete`, every member free to rate must have rated
    every sub-criterion (the condition for moderation)."""
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for r in ratings:
        declaration = conflicts.get(r.member)
        if declaration is None:
            problems.append(
                Problem(
                    ProblemCode.CONFLICT_NOT_DECLARED,
                    f"{r.member} must declare any conflict of interest before rating",
                    r.member,
                )
            )
            continue
        if declaration == Declaration.CONFLICT:
            problems.append(
                Problem(
                    ProblemCode.RATER_CONFLICTED,
                    f"{r.member} declared a conflict of interest and may not rate",
                    r.member,
                )
            )
            continue
        if fw.sub_criterion(r.sub_criterion) is None:
            problems.append(
                Problem(
                    ProblemCode.CRITERION_UNKNOWN,
                    f"{r.sub_criterion!r} is not a sub-criterion of the {fw.name}",
                    r.sub_criterion,
                )
            )
            continue
        if _rating(r.rating) is None:
            problems.append(
                Problem(
                    ProblemCode.RATING_INVALID,
                    f"{r.member}'s rating of {r.sub_criterion} must be assured, partially assured "
                    "or not assured",
                    r.sub_criterion,
                )
            )
        if not (r.comment or "").strip():
            problems.append(
                Problem(
                    ProblemCode.COMMENT_MISSING,
                    f"{r.member}'s rating of {r.sub_criterion} needs a comment",
                    r.sub_criterion,
                )
            )
        if (r.member, r.sub_criterion) in seen:
            problems.append(
                Problem(
                    ProblemCode.RATED_TWICE,
                    f"{r.member} rated {r.sub_criterion} more than once",
                    r.sub_criterion,
                )
            )
        seen.add((r.member, r.sub_criterion))
    if not complete:
        return problems
    raters = [m for m, d in conflicts.items() if d == Declaration.NO_CONFLICT]
    if not raters:
        problems.append(
            Problem(
                ProblemCode.PANEL_EMPTY, "No panel member free of conflicts has declared: nobody can rate"
            )
        )
    for member in raters:
        missing = [s.id for s in fw.sub_criteria if (member, s.id) not in seen]
        if missing:
            shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
            problems.append(
                Problem(
                    ProblemCode.RATING_MISSING,
                    f"{member} has not rated "
                    f"{_plural(len(missing), 'sub-criterion', 'sub-criteria')}: {shown}",
                    member,
                )
            )
    return problems


def raters_finished(ratings: Sequence[PanelRating], fw: Framework, conflicts: Mapping[str, str]) -> int:
    """How many panel members free to rate have rated every sub-criterion, with comments."""
    done = 0
    for member, declaration in conflicts.items():
        if declaration != Declaration.NO_CONFLICT:
            continue
        own = [r for r in ratings if r.member == member]
        rated = {r.sub_criterion for r in own if _rating(r.rating) and (r.comment or "").strip()}
        done += all(s.id in rated for s in fw.sub_criteria)
    return done


# --- Moderation ---------------------------------------------------------------------------------


def suggested_rating(ratings: Iterable[Rating | str]) -> Rating:
    """The cautious collective: not assured if any is not assured, assured if all are assured,
    otherwise partially assured."""
    values = [Rating(r) for r in ratings]
    if not values:
        raise ValueError("A collective rating needs at least one rating")
    if Rating.NOT_ASSURED in values:
        return Rating.NOT_ASSURED
    if all(v == Rating.ASSURED for v in values):
        return Rating.ASSURED
    return Rating.PARTIALLY_ASSURED


@dataclass(frozen=True)
class ModeratedRating:
    """The moderating panel's agreed rating of one sub-criterion, with every original rating."""

    sub_criterion: str
    rating: Rating
    rationale: str
    originals: tuple[PanelRating, ...]

    @property
    def suggested(self) -> Rating | None:
        valid = [r.rating for r in self.originals if _rating(r.rating)]
        return suggested_rating(valid) if valid else None

    @property
    def unanimous(self) -> bool:
        return bool(self.originals) and all(_rating(r.rating) == self.rating for r in self.originals)

    @property
    def needs_rationale(self) -> bool:
        """Unless every panel member gave the agreed rating, the panel says why it agreed it."""
        return not self.unanimous


def moderate(
    panel_ratings: Sequence[PanelRating], sub_criterion: str, rating: Rating | str, rationale: str = ""
) -> ModeratedRating:
    """The agreed rating of `sub_criterion`, keeping every panel rating of it."""
    return ModeratedRating(
        sub_criterion=sub_criterion,
        rating=Rating(rating),
        rationale=rationale,
        originals=tuple(r for r in panel_ratings if r.sub_criterion == sub_criterion),
    )


def domain_rating(moderated_sub_ratings: Iterable[ModeratedRating | Rating | str]) -> Rating:
    """The suggested collective rating of a domain from its moderated sub-criteria."""
    return suggested_rating(m.rating if isinstance(m, ModeratedRating) else m for m in moderated_sub_ratings)


@dataclass(frozen=True)
class DomainOutcome:
    """A domain's suggested and agreed collective rating. The moderating panel agrees the rating;
    where it differs from the suggestion it records a rationale."""

    domain: str
    suggested: Rating
    agreed: Rating
    rationale: str = ""
    sub_ratings: tuple[ModeratedRating, ...] = ()

    @property
    def needs_rationale(self) -> bool:
        return self.agreed != self.suggested


def domain_outcome(
    domain: str,
    moderated_sub_ratings: Sequence[ModeratedRating],
    agreed: Rating | str | None = None,
    rationale: str = "",
) -> DomainOutcome:
    suggested = domain_rating(moderated_sub_ratings)
    return DomainOutcome(
        domain=domain,
        suggested=suggested,
        agreed=Rating(agreed) if agreed is not None else suggested,
        rationale=rationale,
        sub_ratings=tuple(moderated_sub_ratings),
    )


def domain_outcomes(
    fw: Framework,
    moderated: Sequence[ModeratedRating],
    agreed: Mapping[str, tuple[Rating | str, str]] | None = None,
) -> list[DomainOutcome]:
    """Each domain's outcome, in the framework's order, for the domains with moderated
    sub-criteria. `agreed` maps a domain's id to the rating the panel agreed and its rationale
    (a domain left out takes the suggestion)."""
    agreed = agreed or {}
    outcomes = []
    for d in fw.domains:
        subs = [m for m in moderated if (s := fw.sub_criterion(m.sub_criterion)) and s.domain == d.id]
        if not subs:
            continue
        rating, rationale = agreed.get(d.id, (None, ""))
        outcomes.append(domain_outcome(d.id, subs, rating, rationale))
    return outcomes


def moderation_problems(
    panel_ratings: Sequence[PanelRating],
    moderated: Sequence[ModeratedRating],
    *,
    fw: Framework | None = None,
    domains: Sequence[DomainOutcome] | None = None,
) -> list[Problem]:
    """What is wrong with the moderation: every sub-criterion (of `fw`, or every one the panel
    rated) has one agreed rating, which starts from the panel's ratings and keeps every one of
    them, with a rationale unless the panel was unanimous; with `domains`, every domain has an
    agreed rating, with a rationale where it differs from the suggestion."""
    problems: list[Problem] = []
    by_sub: dict[str, ModeratedRating] = {}
    for m in moderated:
        if m.sub_criterion in by_sub:
            problems.append(
                Problem(
                    ProblemCode.MODERATED_TWICE,
                    f"{m.sub_criterion} was moderated more than once",
                    m.sub_criterion,
                )
            )
            continue
        by_sub[m.sub_criterion] = m
        if fw is not None and fw.sub_criterion(m.sub_criterion) is None:
            problems.append(
                Problem(
                    ProblemCode.CRITERION_UNKNOWN,
                    f"{m.sub_criterion!r} is not a sub-criterion of the {fw.name}",
                    m.sub_criterion,
                )
            )
        if not any(r.sub_criterion == m.sub_criterion for r in panel_ratings):
            problems.append(
                Problem(
                    ProblemCode.MODERATION_WITHOUT_RATINGS,
                    f"Moderation starts from the panel's ratings: nobody rated {m.sub_criterion}",
                    m.sub_criterion,
                )
            )
        elif m.needs_rationale and not m.rationale.strip():
            problems.append(
                Problem(
                    ProblemCode.RATIONALE_MISSING,
                    f"The panel's ratings of {m.sub_criterion} differ from the agreed rating "
                    f"({m.rating.label.lower()}): record the rationale",
                    m.sub_criterion,
                )
            )
    for r in panel_ratings:
        m = by_sub.get(r.sub_criterion)
        if m is not None and r not in m.originals:
            problems.append(
                Problem(
                    ProblemCode.ORIGINALS_DROPPED,
                    f"The moderated rating of {r.sub_criterion} must keep {r.member}'s original rating",
                    r.sub_criterion,
                )
            )
    expected = (
        [s.id for s in fw.sub_criteria]
        if fw is not None
        else sorted({r.sub_criterion for r in panel_ratings})
    )
    missing = [s for s in expected if s not in by_sub]
    if missing:
        problems.append(
            Problem(
                ProblemCode.MODERATION_MISSING,
                f"Agree the collective rating of {_listed(missing)}",
                ",".join(missing),
            )
        )
    if domains is not None:
        seen = {d.domain for d in domains}
        if fw is not None:
            absent = [d.id for d in fw.domains if d.id not in seen]
            if absent:
                problems.append(
                    Problem(
                        ProblemCode.DOMAIN_MISSING,
                        f"Agree the collective rating of the domain{'' if len(absent) == 1 else 's'} "
                        f"{_listed([fw.domain(a).name for a in absent])}",
                        ",".join(absent),
                    )
                )
        for d in domains:
            if d.needs_rationale and not d.rationale.strip():
                name = fw.domain(d.domain).name if fw is not None and fw.domain(d.domain) else d.domain
                problems.append(
                    Problem(
                        ProblemCode.RATIONALE_MISSING,
                        f"{name}: the agreed rating ({d.agreed.label.lower()}) differs from the suggested "
                        f"one ({d.suggested.label.lower()}): record the rationale",
                        d.domain,
                    )
                )
    return problems


@dataclass(frozen=True)
class OverallAssurance:
    suggested: Rating
    agreed: Rating
    rationale: str = ""
    not_assured_domains: tuple[str, ...] = ()

    @property
    def needs_rationale(self) -> bool:
        return self.agreed != self.suggested

    @property
    def problem(self) -> Problem | None:
        if self.needs_rationale and not self.rationale.strip():
            return Problem(
                ProblemCode.RATIONALE_MISSING,
                f"The agreed overall rating ({self.agreed.label.lower()}) differs from the suggested one "
                f"({self.suggested.label.lower()}): record the rationale",
                "overall",
            )
        return None


def _agreed_by_domain(
    domain_ratings: Sequence[DomainOutcome] | Mapping[str, Rating | str],
) -> dict[str, Rating]:
    if isinstance(domain_ratings, Mapping):
        return {k: Rating(v) for k, v in domain_ratings.items()}
    return {d.domain: d.agreed for d in domain_ratings}


def overall_assurance(
    domain_ratings: Sequence[DomainOutcome] | Mapping[str, Rating | str],
    agreed: Rating | str | None = None,
    rationale: str = "",
) -> OverallAssurance:
    """The overall collective rating from the domains' agreed ratings: the suggestion, and the
    rating the moderating panel agreed (which may differ, with a rationale)."""
    by_domain = _agreed_by_domain(domain_ratings)
    suggested = suggested_rating(by_domain.values())
    return OverallAssurance(
        suggested=suggested,
        agreed=Rating(agreed) if agreed is not None else suggested,
        rationale=rationale,
        not_assured_domains=tuple(k for k, v in by_domain.items() if v == Rating.NOT_ASSURED),
    )


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


# --- The Suffolk case (demonstration facts) -----------------------------------------------------


@dataclass(frozen=True)
class CaseAlliance:
    name: str
    lead: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class NotAssuredArea:
    area: str
    domain: str
    sub_criterion: str
    note: str


@dataclass(frozen=True)
class SuffolkCase:
    name: str
    framework: str
    commissioners: tuple[str, ...]
    providers: tuple[str, ...]
    alliances: tuple[CaseAlliance, ...]
    term_years: tuple[int, int]
    current_contract_ends: date
    dialogue_sessions: int
    submission_deadline: date
    submission_documents: tuple[tuple[str, str], ...]  # (kind, title)
    moderation: date
    board_meeting: date
    overall: Rating
    overall_rationale: str
    not_assured: tuple[NotAssuredArea, ...]
    gateway1: Gateway1Decision
    stage2_themes: tuple[str, ...]
    stakeholder_engagement: str


@cache
def suffolk_case() -> SuffolkCase:
    """The facts of the Suffolk NHS community services process, for the demonstration data."""
    raw = _data()["suffolk_case"]
    return SuffolkCase(
        name=raw["name"],
        framework=raw["framework"],
        commissioners=tuple(raw["commissioners"]),
        providers=tuple(raw["providers"]),
        alliances=tuple(CaseAlliance(a["name"], a["lead"], tuple(a["members"])) for a in raw["alliances"]),
        term_years=(int(raw["term_years"]["min"]), int(raw["term_years"]["max"])),
        current_contract_ends=raw["current_contract"]["ends"],
        dialogue_sessions=int(raw["dialogue_sessions"]),
        submission_deadline=raw["submission_deadline"],
        submission_documents=tuple((d["kind"], d["title"]) for d in raw["submission_documents"]),
        moderation=raw["moderation"],
        board_meeting=raw["board_meeting"],
        overall=Rating(raw["overall"]),
        overall_rationale=" ".join(raw["overall_rationale"].split()),
        not_assured=tuple(
            NotAssuredArea(n["area"], n["domain"], n["sub_criterion"], " ".join(n["note"].split()))
            for n in raw["not_assured"]
        ),
        gateway1=Gateway1Decision(raw["gateway1"]),
        stage2_themes=tuple(raw["stage2_themes"]),
        stakeholder_engagement=" ".join(raw["stakeholder_engagement"].split()),
    )
