"""What the catalogue cases need, on top of the agreements' world (MX1, run by the matrix buyer,
with the matrix supplier on lot 1): two live services of the matrix supplier, one with a change
awaiting approval and one with a draft; an open shortlist of the matrix buyer; an advisor (the
buyer's evaluator); and an awarded price."""

from decimal import Decimal

from caremarket.catalogue import services
from caremarket.catalogue.factories import SYSTEM, make_listing
from caremarket.catalogue.search import SearchQuery, columns, visibility


def build(world) -> None:
    columns.forget()
    visibility.forget()
    lot = world.extra["agreement"].lots.get(number=1)
    submitted = make_listing(supplier=world.supplier, lot=lot, name="Matrix Ethernet")
    drafted = make_listing(supplier=world.supplier, lot=lot, name="Matrix broadband")
    services.listing_draft_update(actor=SYSTEM, listing=submitted, name="Matrix Ethernet, faster")
    services.listing_submit(actor=SYSTEM, listing=submitted)
    services.listing_draft_update(actor=SYSTEM, listing=drafted, summary="Broadband for small sites")
    shortlist = services.shortlist_save(
        actor=SYSTEM, organisation=world.buyer, name="Matrix shortlist", query=SearchQuery(text="matrix")
    )
    advisor = services.advisor_nominate(
        actor=world.actor("B:evaluator"),
        headline="Matrix procurement mentor",
        specialisms=["procurement"],
        regions=["east"],
        contact_email="evaluator@matrix.example",
    )
    services.awarded_price_record(
        actor=SYSTEM,
        category="hscn_connectivity",
        unit="per_connection",
        basis="yearly",
        unit_price=Decimal("3000.00"),
        reference="MX-CONTRACT-1",
    )
    world.extra.update(
        submitted_listing=submitted, drafted_listing=drafted, shortlist=shortlist, advisor=advisor
    )
