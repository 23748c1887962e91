"""What the sourcing cases need, on top of the agreements' world (MX1, a live DPS run by the
matrix buyer): three buying clubs led by the matrix buyer on MX1 lot 1 (MXC1 open, with the
buyer as a member with one requirement line; MXC2 launched, its baseline frozen; MXC3
forming), a requirement set of the buyer's own with one line, a collaboration and an
individual procurement led by the buyer, a published and a draft intention, and a cost figure."""

from datetime import timedelta
from decimal import Decimal

from caremarket.core import clock
from caremarket.sourcing import services
from caremarket.sourcing.factories import SYSTEM
from caremarket.sourcing.models import RequirementSet

LINE = {
    "site_code": "MXB-1",
    "service_type": "Broadband connection",
    "quantity": 1,
    "unit": "per_connection",
    "size": "80 Mbps",
}


def _club(world, reference: str, *, launch: bool = False, open_club: bool = True):
    agreement = world.extra["agreement"]
    club = services.club_create(
        actor=SYSTEM,
        lead_organisation=world.buyer,
        name=f"Matrix club {reference}",
        reference=reference,
        agreement=agreement,
        lot=agreement.lots.get(number=1),
        launch_date=clock.today() + timedelta(days=90),
        region="east",
    )
    if not open_club:
        return club, None
    club = services.club_open(actor=SYSTEM, club=club)
    services.club_join(actor=SYSTEM, club=club, organisation=world.buyer)
    requirement_set = RequirementSet.objects.get(club=club, organisation=world.buyer)
    line = services.requirement_line_add(
        actor=SYSTEM, requirement_set=requirement_set, required_by=clock.today() + timedelta(days=365), **LINE
    )
    if launch:
        services.club_close_joining(actor=SYSTEM, club=club)
        club = services.club_launch(actor=SYSTEM, club=club)
    return club, line


def build(world) -> None:
    open_club, club_line = _club(world, "MXC1")
    _club(world, "MXC2", launch=True)
    _club(world, "MXC3", open_club=False)
    own = services.requirement_set_create(actor=SYSTEM, organisation=world.buyer, title="Matrix own needs")
    own_line = services.requirement_line_add(
        actor=SYSTEM, requirement_set=own, required_by=clock.today() + timedelta(days=365), **LINE
    )
    collaboration = services.collaboration_create(
        actor=SYSTEM, lead_organisation=world.buyer, name="Matrix collaboration"
    )
    individual = services.individual_procurement_create(
        actor=SYSTEM, organisation=world.buyer, title="Matrix connections"
    )
    today = clock.today()
    intention = dict(
        organisation=world.buyer,
        category="hscn_connectivity",
        region="east",
        value_band="100k_500k",
        launch_on=today + timedelta(days=60),
        closes_on=today + timedelta(days=95),
    )
    published = services.intention_create(actor=SYSTEM, title="Matrix published plan", **intention)
    services.intention_publish(actor=SYSTEM, intention=published)
    draft = services.intention_create(actor=SYSTEM, title="Matrix draft plan", **intention)
    services.cost_figures_save(
        actor=SYSTEM,
        organisation=world.buyer,
        figures={("business_intelligence", "make"): Decimal("120000")},
    )
    world.extra.update(
        club_set=RequirementSet.objects.get(club=open_club, organisation=world.buyer),
        club_line=club_line,
        own_set=own,
        own_line=own_line,
        collaboration=collaboration,
        individual=individual,
        published_intention=published,
        draft_intention=draft,
    )
