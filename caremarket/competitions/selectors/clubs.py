"""Reads about a buying club's competition: each bid priced on the frozen baseline, the
award broken down per member, the price template, and the club's competition itself."""

from decimal import Decimal

from caremarket.competitions import engine
from caremarket.competitions.models import Competition
from caremarket.competitions.selectors.core import award_of, ensure_unsealed, own_bid_for_actor
from caremarket.competitions.selectors.panel import ensure_may_open
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.errors import NotFound
from caremarket.core.permissions import can
from caremarket.orgs.models import Organisation
from caremarket.rules.competitions import CompetitionStatus


def _breakdown(competition: Competition, opened: engine.OpenedBid, shown: set[str] | None = None):
    """One opened bid's evaluated cost per member of the buying club (`shown`: only these
    members' lines; every member's when None)."""
    from caremarket.competitions.bid_content import price_list_of
    from caremarket.competitions.club import (
        ClubBreakdown,
        MemberCost,
        baseline_for,
        member_charges,
        member_sites,
    )

    cost = engine.club_costs(competition, [opened])[opened.label]
    price_list = price_list_of(opened.label, opened.content)
    if price_list is None or cost.total is None:
        return None
    baseline = baseline_for(competition)
    charges = member_charges(baseline, price_list)
    sites = member_sites(baseline)
    names = dict(Organisation.objects.filter(code__in=cost.by_member).values_list("code", "name"))
    return ClubBreakdown(
        opened.bid.supplier.name,
        cost.years,
        cost.total,
        tuple(
            MemberCost(m, c, names.get(m, m), sites.get(m, 0), *charges.get(m, (Decimal(0), Decimal(0))))
            for m, c in sorted(cost.by_member.items())
            if shown is None or m in shown
        ),
        own_only=shown is not None,
    )


def bid_breakdown_for_actor(actor: Actor, competition: Competition, opened: engine.OpenedBid):
    """An opened bid's total evaluated cost and every member's share of it, for those who may
    open the bids (None unless it is a buying club's competition)."""
    ensure_unsealed(actor, competition)
    ensure_may_open(actor, competition)
    if competition.buying_club_id is None:
        return None
    return _breakdown(competition, opened)


def bid_costs_for_actor(actor: Actor, competition: Competition) -> dict[int, Decimal | None]:
    """Each standing bid's total evaluated cost over the club's baseline, by bid id."""
    ensure_unsealed(actor, competition)
    ensure_may_open(actor, competition)
    if competition.buying_club_id is None:
        return {}
    opened = engine.open_bids(competition, clock.now())
    costs = engine.club_costs(competition, opened)
    return {o.bid.pk: costs[o.label].total for o in opened}


def club_breakdown_for_actor(actor: Actor, competition: Competition):
    """The awarded bid's evaluated cost per member of the buying club, once the award is
    decided: every member's line for the buyer's side and oversight; a member included at
    launch sees only its own line."""
    from caremarket.sourcing.baseline import members_at_launch

    award = award_of(competition)
    if competition.buying_club_id is None or award is None:
        raise NotFound(f"{competition.reference} has no buying club award to break down")
    members = members_at_launch(competition.buying_club)
    sees_all = actor.sees_everything or actor.is_member(competition.buyer_id)
    own = members & actor.organisation_ids
    if not (sees_all or own):
        raise NotFound(f"{competition.reference} has no breakdown for you")
    opened = next((o for o in engine.open_bids(competition, clock.now()) if o.bid.pk == award.bid_id), None)
    shown = None if sees_all else set(Organisation.objects.filter(pk__in=own).values_list("code", flat=True))
    breakdown = _breakdown(competition, opened, shown) if opened else None
    if breakdown is None:
        raise NotFound(f"{competition.reference}'s awarded bid has no price list to break down")
    return breakdown


def club_breakdown_for_reference(actor: Actor, reference: str):
    """`club_breakdown_for_actor` by reference: a club member reads its own line without
    otherwise seeing the competition, so this checks the breakdown's visibility, not the
    competition's."""
    competition = (
        Competition.objects.select_related("buyer", "buying_club").filter(reference__iexact=reference).first()
    )
    if competition is None:
        raise NotFound(f"There is no competition {reference} that you can see")
    return competition, club_breakdown_for_actor(actor, competition)


def club_competition(club) -> Competition | None:
    """The buying club's further competition: the one running or awarded (else the latest)."""
    found = Competition.objects.filter(buying_club=club).order_by("-created_at", "-id")
    live = found.exclude(stage__in=(CompetitionStatus.CANCELLED, CompetitionStatus.UNSUCCESSFUL)).first()
    return live or found.first()


def price_template_for_actor(actor: Actor, competition: Competition, fmt: str) -> tuple[str, str, bytes]:
    """A buying club competition's price template as (file name, content type, bytes): every
    item of the frozen baseline, with the actor's own draft prices when it has a draft."""
    from caremarket.competitions import bid_prices

    if competition.buying_club_id is None:
        raise NotFound(f"{competition.reference} is priced by a total: it has no price template")
    bid = own_bid_for_actor(actor, competition) if can(actor, "competitions.take_part", competition) else None
    draft_prices = ((bid.draft if bid else None) or {}).get("price_list") or []
    items = bid_prices.items_of(competition)
    name = f"{competition.reference}-price-template.{fmt}"
    if fmt == "xlsx":
        return name, bid_prices.XLSX_TYPE, bid_prices.template_xlsx(items, draft_prices)
    return name, "text/csv; charset=utf-8", bid_prices.template_csv(items, draft_prices).encode("utf-8")
