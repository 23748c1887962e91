"""The award: the buyer confirms the ranking and preferred bidder, standstill runs (working
days in England and Wales, length per regime), bidders may challenge during it, and once it
ends (with no challenge open) the award is confirmed and the contract can be created."""

from django.conf import settings

from caremarket.audit.services import audit_record
from caremarket.competitions.engine import competition_evaluation, flag_key, ranking_snapshot
from caremarket.competitions.models import Award, Bid, Challenge, Competition, Notice
from caremarket.competitions.services.competitions import _message_suppliers
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import RuleViolation, ValidationFailed
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.orgs.models import Organisation
from caremarket.rules.bidding import BidStatus
from caremarket.rules.competitions import COMPETITION_LIFECYCLE, CompetitionStatus
from caremarket.rules.notifications import MessageKind, message_key
from caremarket.rules.standstill import Challenge as ChallengeFacts
from caremarket.rules.standstill import (
    ChallengeOutcome,
    challenge_refusal,
    contract_creation_refusal,
    outcome_refusal,
    standstill_days,
    standstill_ends_on,
)
from caremarket.transparency.content import competitions as lifecycle_notices

S = CompetitionStatus


def _lock(competition: Competition) -> Competition:
    return Competition.objects.select_for_update(of=("self",)).select_related("buyer").get(pk=competition.pk)


def _regime_days(regime: str) -> int:
    return standstill_days(regime, getattr(settings, "CAREMARKET_STANDSTILL_WORKING_DAYS", None))


@service
def award_decide(*, actor: Actor, competition: Competition, bid: Bid, reasons: str) -> Award:
    """Confirm the ranking and the preferred bidder: standstill starts today."""
    competition = _lock(competition)
    require(actor, "competitions.decide_award", competition)
    now = clock.now()
    refusal = COMPETITION_LIFECYCLE.refusal(competition.status(now), S.STANDSTILL)
    if refusal:
        raise RuleViolation(refusal, code=ErrorCode.COMPETITION_TRANSITION_REFUSED)
    if not reasons.strip():
        raise ValidationFailed.for_field("reasons", "Give the reasons for the award: bidders read them")
    ev = competition_evaluation(competition, now)
    if ev.evaluation is None:
        raise RuleViolation(
            "The evaluation is not complete: " + "; ".join(ev.problems[:5] or ["no bids"]),
            code=ErrorCode.EVALUATION_INCOMPLETE,
            details={"problems": ev.problems},
        )
    decided = set(competition.flag_decisions.values_list("key", flat=True))
    open_flags = [f.message for f in ev.evaluation.flags if flag_key(f.kind, f.bid_ids) not in decided]
    if open_flags:
        raise RuleViolation(
            "Record a decision on every flag first: " + "; ".join(open_flags),
            code=ErrorCode.EVALUATION_INCOMPLETE,
            details={"flags": open_flags},
        )
    result = next((r for r in ev.evaluation.ranked if r.bid_id == bid.label), None)
    if result is None or result.rank != 1:
        raise ValidationFailed.for_field("bid", "The preferred bidder must be ranked first")
    labels = {o.label: o.bid.supplier.name for o in ev.opened}
    today = clock.today()
    days = _regime_days(competition.regime)
    award = Award.objects.create(
        competition=competition,
        bid=bid,
        decided_at=now,
        decided_on=today,
        decided_by=actor.person,
        regime=competition.regime,
        standstill_days=days,
        standstill_ends_on=standstill_ends_on(today, days),
        reasons=reasons.strip(),
        ranking=ranking_snapshot(ev.evaluation, labels),
        value=result.price,
    )
    competition.stage = S.STANDSTILL
    competition.touch()
    competition.save(update_fields=["stage", "updated_at"])
    # The award notice (UK6, or the PSR intention to award) is published with the decision, in
    # this transaction, and the standstill runs from the day it is published.
    notices = lifecycle_notices.publish_award_decided(actor=actor, award=award, standstill_from=clock.now())
    if notices:
        starts_on = clock.local(notices[0].published_at).date()
        award.standstill_ends_on = standstill_ends_on(starts_on, days)
        award.save(update_fields=["standstill_ends_on"])
    for o in ev.opened:
        Notice.objects.create(
            competition=competition,
            supplier=o.bid.supplier,
            subject=f"{competition.reference}: the award decision",
            message="Your award letter, with your scores, the winner's and the reasons, is ready. "
            f"Standstill runs until the end of {award.standstill_ends_on:%-d %B %Y}.",
            sent_at=now,
        )
    # Each bidder reads its own letter: the message gives no scores, prices or names.
    _message_suppliers(
        {o.bid.supplier_id for o in ev.opened},
        kind=MessageKind.STANDSTILL_LETTER,
        subject=f"{competition.reference}: your standstill letter is ready",
        body=(
            f"{competition.buyer.name} has decided the award of {competition.title} "
            f"({competition.reference}). Your letter gives your scores, the winning bid's and the "
            f"reasons. Standstill runs until the end of {award.standstill_ends_on:%-d %B %Y}: you may "
            "raise a challenge until then."
        ),
        link=f"/competitions/{competition.reference}/award-letter",
        key=message_key(MessageKind.STANDSTILL_LETTER, competition.reference, str(award.pk)),
    )
    audit_record(
        actor=actor,
        action="competition.award_decided",
        obj=competition,
        organisation_id=competition.buyer_id,
        after={
            "preferred_bid": bid.label,
            "supplier": bid.supplier.code,
            "standstill_ends_on": award.standstill_ends_on,
            "regime": award.regime,
            "days": days,
        },
    )
    return award


@service
def challenge_record(
    *, actor: Actor, competition: Competition, supplier: Organisation, grounds: str
) -> Challenge:
    """A bidder's challenge during standstill: it pauses the award until the buyer records an outcome."""
    competition = _lock(competition)
    require(actor, "competitions.take_part", competition)
    if not actor.is_member(supplier.pk):
        raise ValidationFailed.for_field("supplier", "Challenge on behalf of your own organisation")
    if not competition.bids.filter(supplier=supplier, status=BidStatus.SUBMITTED).exists():
        raise RuleViolation("Only a bidder can challenge the award", code=ErrorCode.SUPPLIER_NOT_INVITED)
    award = (
        Award.objects.select_for_update().filter(competition=competition, withdrawn_at__isnull=True).first()
    )
    if award is None or competition.stage != S.STANDSTILL:
        raise RuleViolation(
            "There is no award in standstill to challenge", code=ErrorCode.CHALLENGE_OUTSIDE_STANDSTILL
        )
    if not grounds.strip():
        raise ValidationFailed.for_field("grounds", "Give the grounds of the challenge")
    today = clock.today()
    refusal = challenge_refusal(award.standstill(), today)
    if refusal:
        raise refusal.error(reference=competition.reference)
    challenge = Challenge.objects.create(
        award=award, supplier=supplier, grounds=grounds.strip(), recorded_on=today, recorded_by=actor.person
    )
    audit_record(
        actor=actor,
        action="award.challenged",
        obj=challenge,
        organisation_id=competition.buyer_id,
        after={"competition": competition.reference, "supplier": supplier.code, "grounds": challenge.grounds},
    )
    return challenge


@service
def challenge_outcome(*, actor: Actor, challenge: Challenge, outcome: str, reason: str) -> Challenge:
    """Record the outcome: dismissed or withdrawn lets the award go on; upheld stops it and the
    competition goes back to evaluation."""
    challenge = (
        Challenge.objects.select_for_update(of=("self",))
        .select_related("award__competition", "supplier")
        .get(pk=challenge.pk)
    )
    competition = _lock(challenge.award.competition)
    require(actor, "competitions.decide_award", competition)
    if not reason.strip():
        raise ValidationFailed.for_field("reason", "Record the reason for the outcome")
    today = clock.today()
    facts = ChallengeFacts(
        challenge.supplier.name, challenge.recorded_on, challenge.outcome or None, challenge.outcome_on
    )
    refusal = outcome_refusal(facts, outcome, today)
    if refusal:
        raise refusal.error(reference=competition.reference)
    challenge.outcome, challenge.outcome_on = outcome, today
    challenge.outcome_reason, challenge.outcome_by = reason.strip(), actor.person
    challenge.save()
    after = {"competition": competition.reference, "outcome": outcome, "reason": challenge.outcome_reason}
    if outcome == ChallengeOutcome.UPHELD:
        award = challenge.award
        award.withdrawn_at = clock.now()
        award.save(update_fields=["withdrawn_at"])
        COMPETITION_LIFECYCLE.check(competition.stage, S.EVALUATION)
        competition.stage = S.EVALUATION
        competition.touch()
        competition.save(update_fields=["stage", "updated_at"])
        after["status"] = S.EVALUATION
    audit_record(
        actor=actor,
        action="award.challenge_outcome",
        obj=challenge,
        organisation_id=competition.buyer_id,
        after=after,
    )
    return challenge


def _current_award(competition: Competition) -> Award | None:
    return (
        Award.objects.filter(competition=competition, withdrawn_at__isnull=True)
        .select_related("bid__supplier")
        .first()
    )


@service
def award_confirm(*, actor: Actor, competition: Competition) -> Award:
    """Standstill has ended with no challenge open: the award is made (the contract follows)."""
    competition = _lock(competition)
    require(actor, "competitions.decide_award", competition)
    award = _current_award(competition)
    if award is None or competition.stage != S.STANDSTILL:
        raise RuleViolation(
            "There is no award in standstill to confirm", code=ErrorCode.COMPETITION_TRANSITION_REFUSED
        )
    refusal = contract_creation_refusal(award.standstill(), clock.today())
    if refusal:
        raise refusal.error(reference=competition.reference)
    award.confirmed_at = clock.now()
    award.save(update_fields=["confirmed_at"])
    competition.stage = S.AWARDED
    competition.touch()
    competition.save(update_fields=["stage", "updated_at"])
    bidders = set(
        Bid.objects.filter(competition=competition, status=BidStatus.SUBMITTED).values_list(
            "supplier_id", flat=True
        )
    ) | {award.bid.supplier_id}
    for supplier_id in sorted(bidders):
        won = supplier_id == award.bid.supplier_id
        _message_suppliers(
            [supplier_id],
            kind=MessageKind.AWARD,
            subject=f"{competition.reference}: "
            + ("your bid is awarded" if won else "the award is confirmed"),
            body=(
                f"Standstill on {competition.title} ({competition.reference}) has ended with no "
                "challenge open and the award is confirmed. "
                + (
                    f"Your bid won: {competition.buyer.name} will set up the contract with you."
                    if won
                    else "Your bid was not successful; your letter gives your scores and the reasons."
                )
            ),
            link=f"/competitions/{competition.reference}/award-letter",
            key=message_key(MessageKind.AWARD, competition.reference, str(award.pk)),
        )
    audit_record(
        actor=actor,
        action="competition.awarded",
        obj=competition,
        organisation_id=competition.buyer_id,
        after={"supplier": award.bid.supplier.code, "value": award.value},
    )
    if competition.buying_club_id is not None:  # the club is awarded with its competition
        from caremarket.sourcing.services.clubs import _club_award

        _club_award(actor=actor, club=competition.buying_club, winner=award.bid.supplier.name)
    return award
