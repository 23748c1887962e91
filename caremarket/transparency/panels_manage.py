"""The "Notices" home page panel: for a buyer's procurement leads and approvers, who publish
its notices, with the way to its drafts and published notices and to publishing a new one."""

from caremarket.core.permissions import can
from caremarket.orgs.selectors import acting_organisation
from caremarket.rules.roles import Sector
from caremarket.transparency import selectors
from caremarket.transparency.models import NoticeStatus
from caremarket.web.home import Panel, home_panel


@home_panel
def notices_manage_panel(actor) -> list[Panel]:
    organisation = acting_organisation(actor, sector=Sector.BUYER)
    if organisation is None or not can(actor, "transparency.draft_notice", organisation):
        return []
    notices = selectors.organisation_notices(actor, organisation, limit=50)
    drafts = [n for n in notices if n.status == NoticeStatus.DRAFT]
    return [
        Panel(
            "Notices",
            "web/panels/notices_manage.jinja",
            {"organisation": organisation, "drafts": len(drafts), "published": len(notices) - len(drafts)},
        )
    ]
