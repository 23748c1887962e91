"""What the route advisor takes in: an organisation's facts, the agreements on offer and the
advisor's settings (see `routes` for the advice it gives)."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from caremarket.rules.agreements import AgreementFacts, LotFacts
from caremarket.rules.catalogue import CATEGORIES, CategoryGroup

# What is being bought, asked first: each purchase is a set of catalogue categories, and only
# agreements with a lot that serves one of them are offered (never GP IT Futures for HSCN).
PURCHASES: dict[str, tuple[str, frozenset[str]]] = {
    "hscn_connectivity": ("HSCN connectivity", frozenset({"hscn_connectivity"})),
    "hscn_overlay": (
        "HSCN overlay services (managed security, LAN and Wi-Fi, voice, monitoring)",
        frozenset(c for c, (g, _) in CATEGORIES.items() if g == CategoryGroup.HSCN) - {"hscn_connectivity"},
    ),
    "gp_it": (
        "GP IT (clinical systems and the services around them)",
        frozenset(c for c, (g, _) in CATEGORIES.items() if g == CategoryGroup.GP_IT),
    ),
    "commissioning_support": (
        "Commissioning support (the seven service lines)",
        frozenset(c for c, (g, _) in CATEGORIES.items() if g == CategoryGroup.COMMISSIONING_SUPPORT),
    ),
}
PURCHASE_LABELS = {code: label for code, (label, _) in PURCHASES.items()}


def purchase_phrase(code: str) -> str:
    """The purchase as it reads inside a sentence: "HSCN connectivity", "commissioning support"."""
    label = PURCHASE_LABELS.get(code, "").split(" (")[0]
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


@dataclass(frozen=True)
class OrganisationFacts:
    name: str
    region: str = ""
    purchase: str = ""  # a PURCHASES code; "" offers every agreement
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
    # The catalogue categories each lot serves, in the order of `lots` (empty: not known).
    lot_categories: tuple[frozenset[str], ...] = ()
    title: str = ""  # the agreement's name, e.g. "GP IT Futures"

    @property
    def name(self) -> str:
        return self.title or self.agreement.reference


def offers_for_purchase(
    offers: "tuple[AgreementOffer, ...] | list[AgreementOffer]", purchase: str
) -> tuple[list[AgreementOffer], list[AgreementOffer]]:
    """The offers that can supply `purchase` (each keeping only its lots that serve one of the
    purchase's categories), and those left out. With no purchase named, every offer is kept.
    A lot whose categories are not known serves nothing named."""
    if not purchase:
        return list(offers), []
    if purchase not in PURCHASES:
        raise ValueError(f"unknown purchase {purchase!r}")
    wanted = PURCHASES[purchase][1]
    kept, left_out = [], []
    for offer in offers:
        categories = offer.lot_categories or tuple(frozenset() for _ in offer.lots)
        lots = tuple(lot for lot, cats in zip(offer.lots, categories, strict=False) if cats & wanted)
        if lots:
            kept.append(
                AgreementOffer(
                    offer.agreement,
                    lots,
                    offer.compliant,
                    tuple(c for c in categories if c & wanted),
                    offer.title,
                )
            )
        else:
            left_out.append(offer)
    return kept, left_out


@dataclass(frozen=True)
class AdvisorSettings:
    significant_sites: int = 20
    end_date_caution: timedelta = timedelta(days=730)


DEFAULT_SETTINGS = AdvisorSettings()


def facts_problems(facts: OrganisationFacts) -> dict[str, str]:
    """What is wrong with an organisation's facts, field by field (empty when they are fine)."""
    problems = {}
    if facts.purchase and facts.purchase not in PURCHASES:
        problems["purchase"] = "Select what you are buying"
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
