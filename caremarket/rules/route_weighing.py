"""How the route advisor weighs each route, procedure and agreement for an organisation.

Each `weigh_*` function returns a `Tally`: reasons for (with points), cautions (constraints
that apply, some with points against) and refusals (constraints that rule the option out).
The points are listed in the `routes` module's documentation.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from caremarket.core.error_codes import ErrorCode
from caremarket.core.money import format_money
from caremarket.rules.agreements import PROCEDURE_LABELS as CALL_OFF_LABELS
from caremarket.rules.agreements import (
    AgreementKind,
    AgreementStatus,
    LotFacts,
    Procedure,
    Threshold,
    agreement_status,
)
from caremarket.rules.club_timetable import MONTHS, ClubPlan, notice_label
from caremarket.rules.dates import spoken_date
from caremarket.rules.milestones import Programme, first_missed, procurement_plan
from caremarket.rules.refusals import Refusal
from caremarket.rules.route_facts import AdvisorSettings, AgreementOffer, OrganisationFacts
from caremarket.rules.sourcing import BuyingProcedure, Route, call_off_procedure


@dataclass
class Tally:
    reasons: list[str] = field(default_factory=list)
    cautions: list[str] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)
    score: int = 0

    def good(self, points: int, reason: str) -> None:
        self.score += points
        self.reasons.append(reason)

    def bad(self, points: int, caution: str) -> None:
        self.score -= points
        self.cautions.append(caution)

    def refuse(self, code: str, message: str) -> None:
        self.refusals.append(Refusal(code, message))

    def add(self, other: "Tally") -> None:
        self.reasons += other.reasons
        self.cautions += other.cautions
        self.refusals += other.refusals
        self.score += other.score


def _month(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


# --- Routes ----------------------------------------------------------------------------------------


def weigh_aggregated(facts: OrganisationFacts, club: ClubPlan | None, today: date) -> Tally:
    t = Tally()
    if club is None:
        if facts.buying_club:
            t.refuse(ErrorCode.ROUTE_NO_BUYING_CLUB, f"There is no buying club called {facts.buying_club}")
        elif facts.region:
            t.refuse(
                ErrorCode.ROUTE_NO_BUYING_CLUB, f"No buying club is planned for the region '{facts.region}'"
            )
        else:
            t.refuse(ErrorCode.ROUTE_NO_BUYING_CLUB, "Give the organisation's region to find its buying club")
        return t
    deadline = club.join_deadline
    if deadline is not None and today > deadline:
        t.refuse(
            ErrorCode.BUYING_CLUB_JOIN_DEADLINE_PASSED,
            f"The deadline to join the {club.name} buying club was {spoken_date(deadline)} "
            f"({notice_label(club.notice)} before its launch {club.launch.phrase})",
        )
        return t
    if deadline is None:
        t.bad(1, f"The {club.name} buying club's launch date is to be confirmed")
    else:
        provisional = " (provisional until the launch day is set)" if club.provisional else ""
        t.good(
            0,
            f"The {club.name} buying club launches {club.launch.phrase}: join by {spoken_date(deadline)}"
            f"{provisional}",
        )
    if not facts.collaboration:
        t.good(2, "No existing collaboration needed: the buying club groups you with others in your region")
    if facts.collaboration or facts.clear_plans:
        own = facts.collaboration or "your own plans"
        t.bad(1, f"Planned centrally: less opportunity to shape the outcome than with {own}")
    if not facts.procurement_expertise:
        t.good(2, "No local procurement, legal or commercial expertise needed: the central team runs it")
    t.good(1, "Economies of scale: the buying club takes a sizeable opportunity to market")
    if facts.complex_needs or facts.needs_dialogue:
        t.bad(2, "Less tailored to individual requirements, with no dialogue or negotiation of your own")
    needed_by = facts.needed_by()
    if deadline is not None and needed_by:
        starts = procurement_plan(
            Route.AGGREGATED, BuyingProcedure.DPS_FURTHER_COMPETITION, launch=club.launch.earliest
        ).milestone("service_start")
        if starts.due > needed_by:
            t.bad(
                1,
                f"Contracts from the {club.name} procurement would start around {spoken_date(starts.due)}, "
                f"after you need them (by {spoken_date(needed_by)})",
            )
    t.cautions.append("The award is decided centrally, on the most economically advantageous tender")
    t.cautions.append(
        "The baseline is frozen at launch: no new legal entities, sites or requirements after it"
    )
    return t


def weigh_self_serve(
    route: Route, facts: OrganisationFacts, programme: Programme | None, today: date
) -> Tally:
    t = Tally()
    if route == Route.COLLABORATIVE:
        if not facts.collaboration:
            t.refuse(
                ErrorCode.ROUTE_NO_COLLABORATION,
                f"{facts.name} has no existing collaboration: a collaborative procurement needs partners "
                "with joint governance in place",
            )
        elif not facts.lead_organisation:
            t.refuse(
                ErrorCode.ROUTE_NO_LEAD_ORGANISATION,
                f"{facts.collaboration} has no nominated lead organisation: a collaborative procurement "
                "needs one to run it",
            )
        else:
            t.good(3, f"{facts.collaboration} already works together, led by {facts.lead_organisation}")
            if facts.procurement_expertise:
                t.good(1, "Shared procurement expertise and resources")
            t.good(1, "Economies of scale, with more control of timing than an aggregated procurement")
            t.cautions.append("The collaboration is accountable for the procurement; decisions may be slower")
    else:
        if facts.clear_plans:
            t.good(2, "Clear plans: an individual procurement can deploy commodity services quickly")
        else:
            t.bad(1, "Plans are not settled: an individual procurement suits clear plans")
        if facts.procurement_expertise:
            t.good(1, "Procurement expertise in house to run it")
        else:
            t.bad(1, f"{facts.name} has no procurement expertise in house to run it")
        if facts.collaboration:
            t.bad(1, f"Buying with {facts.collaboration} would give economies of scale")
    plan = programme.plan(route) if programme else None
    if plan is not None:
        missed = first_missed(plan, today, facts.milestones_done)
        if missed:
            m = missed.milestone
            then = f": {m.consequence[0].lower()}{m.consequence[1:]}" if m.consequence else ""
            t.refuse(
                ErrorCode.ROUTE_MILESTONE_MISSED,
                f"{m.title} was due by {spoken_date(m.due)} and is not done{then}",
            )
        else:
            upcoming = next((m for m in plan.milestones if m.key not in facts.milestones_done), None)
            if upcoming:
                t.cautions.append(f"{upcoming.title} is due by {spoken_date(upcoming.due)}")
    return t


# --- Procedures --------------------------------------------------------------------------------------


def weigh_open_procedure(
    route: Route, facts: OrganisationFacts, threshold: Decimal, settings: AdvisorSettings
) -> Tally:
    t = Tally()
    if route == Route.INDIVIDUAL and facts.sites < settings.significant_sites:
        t.refuse(
            ErrorCode.ROUTE_TOO_FEW_SITES,
            "An open procedure takes a lot of effort: on its own it only suits an organisation with a "
            f"significant number of sites ({settings.significant_sites} or more; "
            f"{facts.name} has {facts.sites})",
        )
    if facts.complex_needs:
        t.good(2, "Suits complex requirements")
    if facts.needs_dialogue:
        t.good(2, "Allows dialogue and negotiation with suppliers")
    if facts.beyond_agreements:
        t.good(2, "Covers requirements broader than the agreements on offer")
    if facts.procurement_expertise:
        t.good(1, "Procurement expertise in house to run an open procedure")
    else:
        t.bad(
            2, f"An open procedure needs procurement and legal expertise {facts.name} does not have in house"
        )
    if route == Route.COLLABORATIVE and facts.lead_organisation:
        t.good(0, f"{facts.lead_organisation} can publish the notice as lead organisation")
    if facts.sites >= settings.significant_sites:
        t.good(1, f"A significant number of sites ({facts.sites}) justifies the effort")
    t.bad(1, "Costly and slower than a call-off from an agreement")
    value = facts.estimated_value
    if value is not None and value > threshold:
        t.good(0, f"Compliant above the threshold ({format_money(threshold)})")
    elif value is not None:
        t.bad(1, f"Below the threshold ({format_money(threshold)}) an open procedure is not required")
    return t


def weigh_agreement(
    offer: AgreementOffer,
    facts: OrganisationFacts,
    today: date,
    threshold: Decimal,
    settings: AdvisorSettings,
) -> Tally:
    """What the agreement itself (its stage, dates and compliance) brings to any call-off."""
    t = Tally()
    a = offer.agreement
    ref = a.reference
    status = agreement_status(a, today)
    if status == AgreementStatus.DRAFT:
        t.refuse(ErrorCode.AGREEMENT_NOT_LIVE, f"{ref} is a draft: nothing can be bought through it")
        return t
    if status == AgreementStatus.EXPIRED:
        t.refuse(ErrorCode.AGREEMENT_EXPIRED, f"{ref} expired on {spoken_date(a.ends_on)}")
        return t
    needed_from, needed_by = facts.needed_from(today), facts.needed_by()
    if a.ends_on < needed_from:
        t.refuse(
            ErrorCode.ROUTE_AGREEMENT_ENDS_TOO_SOON,
            f"{ref} ends on {spoken_date(a.ends_on)}, before the contract is needed "
            f"(from {spoken_date(needed_from)})",
        )
    if needed_by and a.starts_on > needed_by:
        t.refuse(
            ErrorCode.ROUTE_AGREEMENT_STARTS_TOO_LATE,
            f"{ref} starts on {spoken_date(a.starts_on)}, after the contract is needed "
            f"(by {spoken_date(needed_by)})",
        )
    value = facts.estimated_value
    if not offer.compliant:
        if value is not None and value > threshold:
            t.refuse(
                ErrorCode.ROUTE_NOT_COMPLIANT,
                f"{ref} was not let under procurement law: above the threshold ({format_money(threshold)}) "
                "the contract needs a compliant procedure",
            )
        else:
            t.cautions.append(
                f"{ref} was not let under procurement law: use it only below the threshold "
                f"({format_money(threshold)})"
            )
    elif value is not None and value > threshold:
        t.good(0, f"Compliant above the threshold ({format_money(threshold)})")
    if t.refusals:
        return t
    if a.starts_on > today:
        t.cautions.append(f"{ref} starts on {spoken_date(a.starts_on)}: call-offs can be made from then")
    elif status == AgreementStatus.OPEN:
        t.cautions.append(f"{ref} is still open for applications: call-offs can be made once it is live")
    if a.stage == AgreementStatus.CLOSED:
        t.bad(1, f"{ref} does not accept new suppliers: it may not include every compliant supplier")
    elif a.kind == AgreementKind.DPS:
        t.good(1, f"Suppliers can join {ref} at any time: a growing marketplace")
    if needed_by and a.ends_on < needed_by:
        t.bad(
            1, f"{ref} ends on {spoken_date(a.ends_on)}, before the latest start you need: award before then"
        )
    elif a.ends_on <= (needed_by or needed_from) + settings.end_date_caution:
        t.bad(
            1,
            f"Factor in the end date of {ref}: it ends in {_month(a.ends_on)}, "
            "and call-offs must be awarded before then",
        )
    if facts.beyond_agreements:
        t.bad(2, f"{ref} may not accommodate all your requirements")
    return t


def _lot_refusal(
    offer: AgreementOffer, lot: LotFacts, procedure: Procedure, value: Decimal | None
) -> Refusal | None:
    ref = offer.agreement.reference
    if procedure not in lot.procedures:
        return Refusal(
            ErrorCode.PROCEDURE_NOT_ALLOWED,
            f"{CALL_OFF_LABELS[procedure]} is not allowed on lot {lot.number} of {ref}",
        )
    limits = [(Threshold.CALL_OFF_MAX, "A call-off")]
    if procedure == Procedure.DIRECT_AWARD:
        limits.insert(0, (Threshold.DIRECT_AWARD_MAX, "A direct award"))
    for key, what in limits:
        limit = lot.thresholds.get(key)
        if value is not None and limit is not None and value > limit:
            return Refusal(
                ErrorCode.THRESHOLD_EXCEEDED,
                f"{what} on lot {lot.number} of {ref} may be worth at most {format_money(limit)}; "
                f"this one is worth {format_money(value)}",
            )
    return None


def no_direct_award_on_dps(ref: str) -> Refusal:
    return Refusal(
        ErrorCode.DIRECT_AWARD_NOT_ON_DPS,
        f"Direct award is not allowed on {ref}: a dynamic purchasing system awards call-offs "
        "only by further competition",
    )


def weigh_call_off(
    offer: AgreementOffer, procedure: BuyingProcedure, facts: OrganisationFacts
) -> tuple[Tally, int | None]:
    t = Tally()
    a = offer.agreement
    call_off = call_off_procedure(procedure)
    if a.kind == AgreementKind.DPS and call_off == Procedure.DIRECT_AWARD:
        t.refusals.append(no_direct_award_on_dps(a.reference))
        return t, None
    if not offer.lots:
        t.refuse(
            ErrorCode.PROCEDURE_NOT_ALLOWED,
            f"{CALL_OFF_LABELS[call_off]} is not allowed on {a.reference}: none of its lots fits",
        )
        return t, None
    refusals = [_lot_refusal(offer, lot, call_off, facts.estimated_value) for lot in offer.lots]
    fitting = [lot.number for lot, refusal in zip(offer.lots, refusals, strict=True) if refusal is None]
    if not fitting:
        t.refusals.extend(refusals)
        return t, None
    inflexible = facts.complex_needs or facts.needs_dialogue
    if procedure == BuyingProcedure.DPS_FURTHER_COMPETITION:
        t.good(2, "Quicker and simpler than an open procedure")
    elif procedure == BuyingProcedure.MINI_COMPETITION:
        t.good(1, "Quicker than an open procedure: the suppliers are already qualified")
    else:
        t.good(1, "The quickest route: no competition")
        t.bad(
            2,
            "No competition: use it only where appropriate, with a saved, dated shortlist as the audit trail",
        )
    if inflexible:
        t.bad(1, "Less flexible than an open procedure: no dialogue or negotiation")
    return t, fitting[0]
