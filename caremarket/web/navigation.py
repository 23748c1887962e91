"""The header's navigation: each domain adds its items, shown to the actors they suit."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.messages import get_messages
from django.urls import reverse

from caremarket.core.actor import Actor
from caremarket.core.permissions import can


@dataclass(frozen=True)
class NavItem:
    text: str
    url_name: str
    visible: Callable[[Actor], bool]
    public: bool = False  # shown to signed-out visitors too


_items: list[NavItem] = []


def nav_item(text: str, url_name: str, visible: Callable[[Actor], bool], *, public: bool = False) -> None:
    _items.append(NavItem(text, url_name, visible, public))


def navigation_for(request) -> list[dict]:
    actor = request.actor
    signed_in = actor.is_authenticated
    items = []
    for item in _items:
        if not (item.public if not signed_in else item.visible(actor)):
            continue
        href = reverse(item.url_name)
        current = request.path == href or (href != "/" and request.path.startswith(href + "/"))
        items.append({"text": item.text, "href": href, "current": current})
    return items


def flash_messages(request) -> list[dict]:
    return [{"text": m.message, "level": m.level_tag} for m in get_messages(request)]


nav_item("Home", "web:home", lambda actor: True)
nav_item("Organisations", "web:org-directory", lambda actor: can(actor, "orgs.view_directory"))
nav_item("Catalogue", "web:catalogue", lambda actor: can(actor, "catalogue.search"))
nav_item("Agreements", "web:agreements", lambda actor: can(actor, "agreements.browse"))
nav_item("Competitions", "web:competitions", lambda actor: can(actor, "competitions.browse"))
nav_item("Sourcing", "web:clubs", lambda actor: can(actor, "sourcing.plan_procurements"))
nav_item(
    "Pipeline",
    "web:pipeline",
    lambda actor: (
        not can(actor, "sourcing.plan_procurements")
        and any("supplier_user" in roles for roles in actor.roles_by_org.values())
    ),
)
nav_item("Contracts", "web:contracts", lambda actor: can(actor, "contracts.view_register"))
nav_item("Messages", "web:messages", lambda actor: actor.person_id is not None)
# Commissioners arrange health care services under the PSR from here (the same people who plan
# procurements); providers reach their representations from their home page.
nav_item("Provider selection", "web:selection-list", lambda actor: can(actor, "sourcing.plan_procurements"))
nav_item("Audit log", "web:audit-log", lambda actor: can(actor, "audit.view_log"))
nav_item("Public notices", "web:notices", lambda actor: True, public=True)
