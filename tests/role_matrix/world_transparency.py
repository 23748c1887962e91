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
