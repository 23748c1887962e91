"""The evaluation framework as versioned data (`data/mcp_frameworks.yaml`): the rating scale,
the stages, the domains and sub-criteria, the gateway 1 policy, and the problems these rules report."""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from caremarket.core.errors import ValidationFailed
from caremarket.rules.dates import spoken_date

MCP_FRAMEWORKS_PATH = Path(__file__).parents[1] / "data" / "mcp_frameworks.yaml"


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
