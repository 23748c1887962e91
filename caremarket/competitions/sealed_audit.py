"""Keeping the seal in the audit log and the records admin.

Events about bids (which name the bidder and, by their number, how many bid) are written to the
competition's own sealed stream while its bids are sealed, never to the main log (ADR 0011), and
the records admin leaves out the bids, files, receipts and scores of sealed competitions.

`sealed_competitions_q` is the query form of `rules.bidding.seal_refusal`, the one rule of the
seal; `test_seal_query` proves on every case of the rule's table that it selects exactly the
competitions the rule refuses.
"""

from django.db.models import F, Q

from caremarket.audit import sealing
from caremarket.audit.services import audit_record, sealed_record
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.rules.bidding import seal_refusal
from caremarket.rules.competitions import CompetitionStatus

S = CompetitionStatus
SCOPE = "competitions.competition"


def sealed_competitions_q(now, prefix: str = "") -> Q:
    """Competitions whose bids are sealed at `now`: those `seal_refusal` refuses."""
    p = prefix
    return (
        Q(**{f"{p}published_at__isnull": True})
        | Q(**{f"{p}submission_deadline__isnull": True})
        | Q(**{f"{p}stage": S.DRAFT})
        | Q(**{f"{p}stage": S.CANCELLED, f"{p}cancelled_at__isnull": True})
        | Q(**{f"{p}stage": S.CANCELLED, f"{p}cancelled_at__lt": F(f"{p}submission_deadline")})
        | Q(**{f"{p}submission_deadline__gt": now})
    )


def opened_competition_ids(now):
    from django.db.models import CharField
    from django.db.models.functions import Cast

    from caremarket.competitions.models import Competition

    opened = Competition.objects.exclude(sealed_competitions_q(now))
    return opened.annotate(text_id=Cast("pk", CharField())).values("text_id")


def record_bid_event(actor: Actor, bid, action: str, after: dict) -> None:
    """Audit a change to a bid: in the competition's sealed stream while its bids are sealed
    (every supplier action is, since none is allowed after the deadline)."""
    competition = bid.competition
    if seal_refusal(competition.facts(), clock.now()) is None:
        audit_record(actor=actor, action=action, obj=bid, organisation_id=bid.supplier_id, after=after)
        return
    sealed_record(
        scope=competition,
        scope_repr=competition.reference,
        actor=actor,
        action=action,
        obj=bid,
        organisation_id=bid.supplier_id,
        after=after,
    )


def install() -> None:
    sealing.register(SCOPE, opened_competition_ids)
