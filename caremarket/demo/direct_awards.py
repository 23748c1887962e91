"""The demo world's direct award: the Suffolk ICB's lead searches GP IT Futures' associated
services (a lot that allows direct award) for clinical system training, locks the shortlist as
its evidence, and awards the best-ranked service directly, with the justification recorded.

It runs after the catalogue and the competitions (both through their services), so the locked
shortlist, the award and their audit events are real."""

from decimal import Decimal

from caremarket.catalogue import services as catalogue
from caremarket.catalogue.search import SearchQuery
from caremarket.competitions import services as competitions
from caremarket.demo.registry import DemoWorld, demo_loader
from caremarket.orgs.selectors import build_actor

JUSTIFICATION = (
    "Training in the practices' new foundation solution must start before go-live in March. "
    "The shortlist (locked) holds every associated service for clinical system training on GP IT "
    "Futures; this one ranks first and is delivered by the solution's own supplier, so no further "
    "competition would bring a better offer in time."
)


@demo_loader(order=55)
def direct_awards(world: DemoWorld) -> None:
    lead = build_actor(world.people["lead"], world.orgs["QJG"].pk)
    shortlist = catalogue.shortlist_save(
        actor=lead,
        organisation=world.orgs["QJG"],
        name="Clinical system training for Suffolk practices",
        purpose="Training for 40 practices moving to a new foundation solution; evidence for a direct award.",
        query=SearchQuery(text="training", agreement="GPIT-FUTURES", lot=3),
        quantity=40,
        term_months=12,
    )
    shortlist = catalogue.shortlist_lock(actor=lead, shortlist=shortlist)
    entry = shortlist.entries.order_by("position").first()
    if entry is None:
        world.say("  no GP IT Futures training service to award directly")
        return
    award = competitions.direct_award_create(
        actor=lead,
        shortlist=shortlist,
        entry=entry,
        justification=JUSTIFICATION,
        value=Decimal("18500.00"),
        term_months=12,
    )
    world.say(f"  direct award {award.reference} to {award.supplier.name} from a locked shortlist")
