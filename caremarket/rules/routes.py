"""The route advisor: which route to market and which procedure suit an organisation.

`advise_routes` weighs every option (route, procedure and agreement) and returns each with
whether it is eligible, the reasons for it, the constraints that apply (cautions), the
constraints that rule it out (refusals, with stable codes), a score, and a rank.

What rules an option out:

- An aggregated procurement is only a further competition on a dynamic purchasing system,
  led centrally by the buying club's agreement; the organisation's club must exist and its
  joining deadline (launch less 6 weeks) must not have passed.
- A collaborative procurement needs an existing collaboration with a nominated lead
  organisation. A self-serve route is closed once a programme milestone is missed (the
  consequence: join an aggregated procurement).
- An individual open procedure needs a significant number of sites (20 by default).
- A call-off needs an agreement that is not a draft, has not expired, does not end before
  the contract is needed, does not start after it is needed, and a lot allowing the
  procedure within the lot's value limits. A DPS never allows a direct award.
- Above the legal threshold, an agreement not let under procurement law cannot be used.

Constraints that apply without ruling out (cautions) include a framework closed to new
suppliers, an agreement ending soon, a club launching after the contract is needed.

Ranking: each reason and caution carries points (shown below as +n/-n), summed per
option; the eligible options are ranked by score, ties broken by route (aggregated,
collaborative, individual), procedure and agreement reference. The points are a simple,
explainable weighting, not law:

- aggregated: no collaboration +2, no procurement expertise +2, economies of scale +1,
  complex needs or dialogue -2, an existing collaboration or clear plans of its own -1,
  contracts starting after the need -1, launch to be confirmed -1;
- collaborative: collaboration with a lead +3, expertise +1, scale and timing +1;
- individual: clear plans +2 (else -1), expertise +1 (else -1), an existing collaboration -1;
- open procedure: complex +2, dialogue +2, needs beyond the agreements +2, expertise +1
  (else -2), significant sites +1, cost -1, below the threshold -1;
- DPS further competition +2, mini-competition +1, direct award +1 and no competition -2;
  inflexible for complex needs or dialogue -1, needs beyond the agreement -2;
- an open DPS marketplace +1, closed to new suppliers -1, ending soon -1.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from caremarket.core.error_codes import ErrorCode
from caremarket.core.money import format_money
from caremarket.rules.agreements import AgreementKind
from caremarket.rules.club_timetable import ClubPlan, Timetable
from caremarket.rules.milestones import Programme
from caremarket.rules.refusals import Refusal
from caremarket.rules.route_facts import (
    DEFAULT_SETTINGS,
    AdvisorSettings,
    AgreementOffer,
    OrganisationFacts,
    offers_for_purchase,
    purchase_phrase,
)
from caremarket.rules.route_weighing import (
    Tally,
    no_direct_award_on_dps,
    weigh_aggregated,
    weigh_agreement,
    weigh_call_off,
    weigh_open_procedure,
    weigh_self_serve,
)
from caremarket.rules.sourcing import (
    PROCEDURE_LABELS,
    ROUTE_LABELS,
    BuyingProcedure,
    Route,
    competition_procedure,
    services_threshold,
)

__all__ = [
    "AdvisorSettings",
    "AgreementOffer",
    "OrganisationFacts",
    "RouteAdvice",
    "RouteOption",
    "advise_routes",
]

OPEN_COLUMN = "open_procedure"
AGGREGATED_ONLY = (
    "An aggregated procurement runs only as a further competition on a dynamic purchasing system, "
    "led centrally"
)


@dataclass(frozen=True)
class RouteOption:
    route: Route
    procedure: BuyingProcedure
    agreement: str | None  # the agreement's reference; None for an open procedure
    eligible: bool
    reasons: tuple[str, ...] = ()
    cautions: tuple[str, ...] = ()
    refusals: tuple[Refusal, ...] = ()
    score: int = 0
    rank: int | None = None  # 1 is the best eligible option; None when ruled out
    lot: int | None = None  # the lot the call-off would use

    @property
    def column(self) -> str:
        return self.agreement or OPEN_COLUMN

    @property
    def label(self) -> str:
        on = f" on {self.agreement}" if self.agreement else ""
        return f"{ROUTE_LABELS[self.route]}: {PROCEDURE_LABELS[self.procedure]}{on}"

    @property
    def refusal_messages(self) -> tuple[str, ...]:
        return tuple(r.message for r in self.refusals)


@dataclass(frozen=True)
class RouteAdvice:
    options: tuple[RouteOption, ...]  # eligible by rank, then those ruled out, in table order
    threshold: Decimal
    needed_by: date | None
    columns: tuple[str, ...] = (OPEN_COLUMN,)  # the open procedure, then each agreement on offer
    notes: tuple[str, ...] = ()

    @property
    def recommended(self) -> RouteOption | None:
        return next((o for o in self.options if o.rank == 1), None)

    def cell(self, route: str, column: str) -> tuple[RouteOption, ...]:
        """The options of one cell of the table (routes by the open procedure and each agreement),
        competition before direct award."""
        found = (o for o in self.options if o.route == route and o.column == column)
        return tuple(sorted(found, key=lambda o: list(BuyingProcedure).index(o.procedure)))

    def option(self, route: str, procedure: str, agreement: str | None = None) -> RouteOption:
        return next(
            o for o in self.options if (o.route, o.procedure, o.agreement) == (route, procedure, agreement)
        )


# --- The advisor -----------------------------------------------------------------------------------------


def advise_routes(
    facts: OrganisationFacts,
    offers: Sequence[AgreementOffer],
    today: date,
    *,
    threshold: Decimal | None = None,
    timetable: Timetable | None = None,
    programme: Programme | None = None,
    settings: AdvisorSettings = DEFAULT_SETTINGS,
) -> RouteAdvice:
    """Every option for `facts`, ranked, over the offers that supply what `facts.purchase`
    names (see `offers_for_purchase`). `threshold` defaults to the UK goods and services
    threshold in force today (sub-central, or central for a central government body); with
    no `timetable` there is no buying club to join; with no `programme` no programme
    milestones apply."""
    offers, left_out = offers_for_purchase(offers, facts.purchase)
    references = [o.agreement.reference for o in offers]
    if len(set(references)) != len(references):
        raise ValueError("Each agreement on offer must appear once (give all its fitting lots together)")
    if threshold is None:
        threshold = services_threshold(today, central=facts.central_government)
    club = timetable.for_organisation(region=facts.region, club=facts.buying_club) if timetable else None
    route_tallies = {
        Route.AGGREGATED: weigh_aggregated(facts, club, today),
        Route.COLLABORATIVE: weigh_self_serve(Route.COLLABORATIVE, facts, programme, today),
        Route.INDIVIDUAL: weigh_self_serve(Route.INDIVIDUAL, facts, programme, today),
    }
    terms = {o.agreement.reference: weigh_agreement(o, facts, today, threshold, settings) for o in offers}
    options: list[RouteOption] = []
    for route in Route:
        candidates = [(BuyingProcedure.OPEN, None)]
        for offer in offers:
            candidates.append((competition_procedure(offer.agreement.kind), offer))
            candidates.append((BuyingProcedure.DIRECT_AWARD, offer))
        for procedure, offer in candidates:
            options.append(
                _option(
                    route, procedure, offer, facts, club, route_tallies[route], terms, threshold, settings
                )
            )
    eligible = sorted(
        (o for o in options if o.eligible),
        key=lambda o: (
            -o.score,
            list(Route).index(o.route),
            list(BuyingProcedure).index(o.procedure),
            o.column,
        ),
    )
    ranked = [replace(o, rank=n) for n, o in enumerate(eligible, start=1)]
    notes = []
    if left_out:
        names = ", ".join(sorted(o.name for o in left_out))
        notes.append(
            f"Only agreements that supply {purchase_phrase(facts.purchase)} are weighed; left out: {names}"
        )
    if facts.estimated_value is None:
        notes.append(
            f"Give an estimated value: above {format_money(threshold)} the contract must be let by a "
            "compliant procedure"
        )
    if not ranked:
        notes.append("No option is open to this organisation: see why each is ruled out")
    return RouteAdvice(
        tuple(ranked + [o for o in options if not o.eligible]),
        threshold,
        facts.needed_by(),
        (OPEN_COLUMN, *references),
        tuple(notes),
    )


def _structural(
    route: Route, procedure: BuyingProcedure, offer: AgreementOffer | None, club: ClubPlan | None
) -> list[Refusal]:
    """Refusals that hold whatever the organisation's facts: the table's N/A cells."""
    if route != Route.AGGREGATED:
        return []
    if offer is None:
        return [Refusal(ErrorCode.ROUTE_NOT_AVAILABLE, f"{AGGREGATED_ONLY}: not as an open procedure")]
    ref = offer.agreement.reference
    if offer.agreement.kind != AgreementKind.DPS:
        return [Refusal(ErrorCode.ROUTE_NOT_AVAILABLE, f"{AGGREGATED_ONLY}: {ref} is a framework")]
    refusals = []
    if procedure == BuyingProcedure.DIRECT_AWARD:
        refusals.append(Refusal(ErrorCode.ROUTE_NOT_AVAILABLE, f"{AGGREGATED_ONLY}: not as a direct award"))
    if club is not None and club.agreement != ref:
        refusals.append(
            Refusal(
                ErrorCode.ROUTE_NOT_AVAILABLE,
                f"The {club.name} buying club competes on {club.agreement}, not {ref}",
            )
        )
    return refusals


def _option(
    route: Route,
    procedure: BuyingProcedure,
    offer: AgreementOffer | None,
    facts: OrganisationFacts,
    club: ClubPlan | None,
    route_tally: Tally,
    terms: dict[str, Tally],
    threshold: Decimal,
    settings: AdvisorSettings,
) -> RouteOption:
    ref = offer.agreement.reference if offer else None
    structural = _structural(route, procedure, offer, club)
    if structural:
        if (
            offer is not None
            and offer.agreement.kind == AgreementKind.DPS
            and procedure == BuyingProcedure.DIRECT_AWARD
        ):
            structural.append(no_direct_award_on_dps(ref))
        return RouteOption(route, procedure, ref, False, refusals=tuple(structural))
    t = Tally()
    t.add(route_tally)
    lot = None
    if offer is None:
        t.add(weigh_open_procedure(route, facts, threshold, settings))
    else:
        t.add(terms[ref])
        call_off, lot = weigh_call_off(offer, procedure, facts)
        t.add(call_off)
        if route == Route.AGGREGATED:
            t.good(0, f"Aggregated procurements are run on {ref} as a further competition, led centrally")
    eligible = not t.refusals
    return RouteOption(
        route,
        procedure,
        ref,
        eligible,
        tuple(t.reasons),
        tuple(t.cautions),
        tuple(t.refusals),
        t.score,
        lot=lot if eligible else None,
    )
