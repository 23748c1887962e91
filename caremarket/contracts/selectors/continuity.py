"""Continuity of supply: backstops and handovers, as the actor may see them."""

from django.db.models import QuerySet

from caremarket.contracts.models import (
    Backstop,
    Handover,
)
from caremarket.core.actor import Actor
from caremarket.core.errors import NotFound
from caremarket.core.permissions import can, require

# --- Continuity -----------------------------------------------------------------------------


def backstops_for_actor(actor: Actor) -> QuerySet[Backstop]:
    require(actor, "contracts.view_register")
    backstops = Backstop.objects.select_related("owner").prefetch_related("suppliers__supplier")
    if not actor.sees_everything:
        backstops = backstops.filter(owner_id__in=actor.organisation_ids)
    return backstops.order_by("owner__name", "category")


def backstop_for_actor(actor: Actor, backstop_id: int) -> Backstop:
    backstop = Backstop.objects.select_related("owner").filter(pk=backstop_id).first()
    if backstop is None or not can(actor, "contracts.view_backstop", backstop):
        raise NotFound(f"There is no backstop #{backstop_id} that you can see")
    return backstop


def handover_for_actor(actor: Actor, handover_id: int) -> Handover:
    handover = (
        Handover.objects.select_related("contract__buyer", "outgoing", "incoming", "backstop")
        .prefetch_related("items__done_by")
        .filter(pk=handover_id)
        .first()
    )
    if handover is None or not can(actor, "contracts.view_handover", handover):
        raise NotFound(f"There is no handover #{handover_id} that you can see")
    return handover
