"""What the transparency cases need: the matrix buyer (B) has published a UK4 tender notice and
a UK6 award notice for the process MXT-1, and holds a draft UK7 for it; another publisher's
release has been imported (MXT-EXT)."""

from caremarket.orgs.factories import SYSTEM
from caremarket.transparency import services
from caremarket.transparency.factories import example_content


def build(world) -> None:
    tender = services.notice_draft(
        actor=SYSTEM,
        publisher=world.buyer,
        notice_type_code="UK4",
        process_id="MXT-1",
        content=example_content("UK4"),
        title="Matrix home care",
    )
    world.extra["notice"] = services.notice_publish(actor=SYSTEM, notice=tender)
    award = services.notice_draft(
        actor=SYSTEM,
        publisher=world.buyer,
        notice_type_code="UK6",
        process_id="MXT-1",
        content=example_content("UK6"),
        title="Matrix home care",
    )
    world.extra["award_notice"] = services.notice_publish(actor=SYSTEM, notice=award)
    world.extra["draft_notice"] = services.notice_draft(
        actor=SYSTEM,
        publisher=world.buyer,
        notice_type_code="UK7",
        process_id="MXT-1",
        content=example_content("UK7"),
    )
    world.extra["ocid"] = world.extra["notice"].ocid
    _import_external(world)
    _overdue_contract(world)


def _import_external(world) -> None:
    """Another publisher's release, imported (MXT-EXT): it is not in Caremarket's own feed."""
    import json

    from caremarket.transparency.imports import ocds_import

    package = {
        "uri": "https://www.contractsfinder.service.gov.uk/Published/Notice/releases/mxt.json",
        "publishedDate": "2026-01-05T00:00:00Z",
        "publisher": {"name": "EU SUPPLY LIMITED", "uri": "https://www.contractsfinder.service.gov.uk"},
        "version": "1.1",
        "releases": [
            {
                "ocid": "ocds-b5fd17-MXT-EXT",
                "id": "ocds-b5fd17-MXT-EXT-1",
                "date": "2026-01-05T00:00:00Z",
                "tag": ["tender"],
                "initiationType": "tender",
                "tender": {"id": "MXT-EXT", "title": "Matrix imported community nursing"},
            }
        ],
    }
    ocds_import(actor=SYSTEM, filename="mxt-ext.json", content=json.dumps(package).encode())
    world.extra["imported_ocid"] = "ocds-b5fd17-MXT-EXT"


def _overdue_contract(world) -> None:
    """An existing contract of B recorded with a signature 40 days back: its UK7 is overdue."""
    from datetime import timedelta

    from caremarket.contracts import services as contract_services
    from caremarket.core import clock

    signed_on = clock.today() - timedelta(days=40)
    contract = contract_services.contract_record(
        actor=SYSTEM,
        buyer=world.buyer,
        supplier=world.supplier,
        origin="existing",
        reference="MXKDUE",
        title="Matrix contract with its notice overdue",
        value="50000",
        starts_on=signed_on,
        term="2",
    )
    world.extra["overdue_contract"] = contract_services.contract_sign(
        actor=SYSTEM, contract=contract, signed_on=signed_on
    )
