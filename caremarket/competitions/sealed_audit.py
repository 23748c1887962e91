"""Keeping the seal in the audit log and the records admin: before the deadline, events about
bids (which name the bidder and, by their number, how many bid) are hidden from everyone but
the bidding supplier's own people."""

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.rules.competitions import CompetitionStatus

S = CompetitionStatus


def sealed_competitions_q(now, prefix: str = "") -> Q:
    """Competitions whose bids are sealed now (the complement of `rules.bidding.seal_refusal`)."""
    p = prefix
    return (
        Q(**{f"{p}published_at__isnull": True})
        | Q(**{f"{p}submission_deadline__isnull": True})
        | Q(**{f"{p}submission_deadline__gt": now})
        | Q(**{f"{p}stage": S.CANCELLED, f"{p}cancelled_at__isnull": True})
        | Q(
            **{f"{p}stage": S.CANCELLED},
            **{f"{p}cancelled_at__lt": _deadline_ref(p)},
        )
    )


def _deadline_ref(prefix: str):
    from django.db.models import F

    return F(f"{prefix}submission_deadline")


def sealed_bids(now) -> QuerySet:
    from caremarket.competitions.models import Bid

    return Bid.objects.filter(sealed_competitions_q(now, "competition__"))


def hidden_bid_events(actor: Actor) -> Q | None:
    sealed_ids = sealed_bids(clock.now()).annotate(text_id=Cast("pk", CharField())).values("text_id")
    hidden = Q(object_type="competitions.bid", object_id__in=sealed_ids)
    own = actor.organisation_ids
    return hidden & ~Q(organisation_id__in=own) if own else hidden


def install() -> None:
    from caremarket.audit import selectors

    if hidden_bid_events not in selectors.HIDDEN_EVENTS:
        selectors.HIDDEN_EVENTS.append(hidden_bid_events)
