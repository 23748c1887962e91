"""What the route advisor takes in: an organisation's facts, the agreements on offer and the
advisor's settings (see `routes` for the advice it gives)."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from caremarket.rules.agreements import AgreementFacts, LotFacts


@dataclass(frozen=True)
class OrganisationFacts:
    name: str
    region: str = ""
    sites: int = 1
    complex_needs: bool = False
    needs_dialogue: bool = False  # dialogue or negotiation with suppliers
    beyond_agreements: bool = False  # needs broader than the agreements on offer can take
    procurement_expertise: bool = False  # in house
    clear_plans: bool = False  # requirements and timetable settled
    collaboration: str = ""  # the existing collaboration it belongs to
    lead_organisation: str = ""  # that collaboration's nominated lead
    buying_club: str = ""  # the club its grouping names, if any (else found by region)
    contract_end_dates: tuple[date, ...] = ()
    estimated_value: Decimal | None = None
    earliest_start: date | None = None
    latest_start: date | None = None
    central_government: bool = False
    milestones_done: frozenset[str] = frozenset()

    def needed_from(self, today: date) -> date:
        return self.earliest_start or today

    def needed_by(self) -> date | None:
        """The latest start, or else the day after the first current contract ends."""
        if self.latest_start:
            return self.latest_start
        if self.contract_end_dates:
            return min(self.contract_end_dates) + timedelta(days=1)
        return None


@dataclass(frozen=True)
class AgreementOffer:
    agreement: AgreementFacts
    lots: tuple[LotFacts, ...]  # the lots that fit the requirement
    compliant: bool = True  # let under procurement law (False: a local arrangement)


@dataclass(frozen=True)
class AdvisorSettings:
    significant_sites: int = 20
    end_date_caution: timedelta = timedelta(days=730)


DEFAULT_SETTINGS = AdvisorSettings()


def facts_problems(facts: OrganisationFacts) -> dict[str, str]:
    """What is wrong with an organisation's facts, field by field (empty when they are fine)."""
    problems = {}
    if isinstance(facts.sites, bool) or not isinstance(facts.sites, int) or facts.sites < 0:
        problems["sites"] = "Enter the number of sites as a whole number, 0 or more"
    if facts.estimated_value is not None and (
        not facts.estimated_value.is_finite() or facts.estimated_value < 0
    ):
        problems["estimated_value"] = "Enter the estimated value in pounds, 0 or more"
    if facts.earliest_start and facts.latest_start and facts.latest_start < facts.earliest_start:
        problems["latest_start"] = "The latest start must be on or after the earliest start"
    if facts.lead_organisation and not facts.collaboration:
        problems["collaboration"] = "Name the collaboration the lead organisation leads"
    return problems
