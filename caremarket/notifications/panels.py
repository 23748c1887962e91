"""The home page panel of messages: what Caremarket sent you in the last fortnight."""

from caremarket.notifications.selectors import recent_messages_for_actor
from caremarket.web.home import Panel, home_panel


@home_panel
def message_panel(actor) -> list[Panel]:
    if actor.person_id is None:
        return []
    recent = recent_messages_for_actor(actor)
    if not recent:
        return []
    return [Panel("New messages", "web/messages/panel.jinja", {"messages": recent})]
