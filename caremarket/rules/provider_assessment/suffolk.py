"""The Suffolk case: the facts of the Suffolk NHS community services process of 2016, for the
demonstration data."""

from dataclasses import dataclass
from datetime import date
from functools import cache

from caremarket.rules.provider_assessment.frameworks import Rating, _data
from caremarket.rules.provider_assessment.gateways import Gateway1Decision

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
