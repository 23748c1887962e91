"""Setting up and running a competition: create (in `creation.py`), change, publish (freezing
the invitations), move through its lifecycle. Each checks permission and the rules, writes,
and records its audit event in the same transaction.

Audit events about a competition never carry a count of bids, nor who bid: those would
break the seal for the people who read the log (see `sealed_audit.py`)."""

from datetime import datetime, timedelta

from django.conf import settings

from caremarket.agreements.selectors import invitable_suppliers
from caremarket.audit.services import audit_record
from caremarket.competitions.choices import CompetitionProcedure
from caremarket.competitions.evaluation_models import checked_model, template
from caremarket.competitions.models import Bid, Competition, Invitation, Notice
from caremarket.competitions.sealed_audit import record_bid_event

# Creation lives in `creation.py`; its names stay importable from here.
from caremarket.competitions.services.creation import (  # noqa: F401
    FIELDS,
    _check_aware,
    _check_procedure,
    _competition_create,
    _refuse_second_club_competition,
    competition_create,
)
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import RuleViolation, ValidationFailed
from caremarket.core.models import model_snapshot
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.core.validation import FieldProblems, check_model_fields
from caremarket.notifications.services import notify, people_with_roles
from caremarket.orgs.models import Organisation
from caremarket.rules.bidding import BidStatus
from caremarket.rules.competitions import (
    CompetitionStatus,
    DeadlinePolicy,
    deadline_change_refusal,
    format_moment,
    requirement_change,
    transition_refusal,
)
from caremarket.rules.notifications import MessageKind, message_key
from caremarket.rules.roles import Role
from caremarket.transparency.content import competitions as lifecycle_notices

S = CompetitionStatus
UPDATABLE = {"title", "description", "requirement", "clarification_deadline", "submission_deadline"}
DRAFT_ONLY = {"estimated_value", "initial_years", "extension_years", "regime"}


def _deadline_policy() -> DeadlinePolicy:
    """The configured minimum periods (settings override the rules' defaults)."""
    return DeadlinePolicy(
        min_bidding_period=timedelta(hours=getattr(settings, "CAREMARKET_MIN_BIDDING_HOURS", 24 * 10)),
        min_notice_after_change=timedelta(
            hours=getattr(settings, "CAREMARKET_MIN_NOTICE_AFTER_CHANGE_HOURS", 24 * 5)
        ),
    )


def _lock_competition(competition: Competition) -> Competition:
    return (
        Competition.objects.select_for_update(of=("self",))
        .select_related("lot__agreement", "buyer")
        .get(pk=competition.pk)
    )


def _suppliers_taking_part(competition: Competition) -> set[int]:
    """The invited suppliers, and (for an open procedure) every supplier with a bid or a question."""
    suppliers = set(competition.invitations.values_list("supplier_id", flat=True))
    suppliers |= set(competition.bids.values_list("supplier_id", flat=True))
    suppliers |= set(competition.questions.values_list("supplier_id", flat=True))
    return suppliers


def _message_suppliers(supplier_ids, *, kind: str, subject: str, body: str, link: str, key: str = "") -> None:
    """A message to each supplier user of each supplier (in the caller's transaction)."""
    for supplier_id in sorted(supplier_ids):
        notify(
            people_with_roles([supplier_id], [Role.SUPPLIER_USER]),
            kind=kind,
            subject=subject,
            body=body,
            link=link,
            organisation=Organisation.objects.get(pk=supplier_id),
            key=key,
        )


def _notify_bidders(competition: Competition, subject: str, message: str) -> None:
    """A notice to every supplier taking part: the invited ones, and for an open procedure
    every supplier that has a bid or asked a question."""
    suppliers = _suppliers_taking_part(competition)
    now = clock.now()
    Notice.objects.bulk_create(
        Notice(competition=competition, supplier_id=s, subject=subject, message=message, sent_at=now)
        for s in sorted(suppliers)
    )


def _invalidate_bids(actor: Actor, competition: Competition, now: datetime, why: str) -> None:
    for bid in Bid.objects.select_for_update().filter(competition=competition, status=BidStatus.SUBMITTED):
        bid.status, bid.invalidated_at = BidStatus.INVALIDATED, now
        bid.touch()
        bid.save(update_fields=["status", "invalidated_at", "updated_at"])
        record_bid_event(actor, bid, "bid.invalidated", {"status": bid.status, "why": why})


def _apply_requirement_change(
    actor: Actor, competition: Competition, now: datetime, proposed: datetime | None, what: str
) -> dict:
    change = requirement_change(competition.facts(), now, _deadline_policy(), proposed)
    if not change.invalidates_submitted_bids:
        return {}
    competition.requirement_version += 1
    if change.deadline_moved:
        competition.submission_deadline = change.submission_deadline
    _invalidate_bids(actor, competition, now, what)
    message = (
        f"The requirement of {competition.reference} changed ({what}). Any bid you submitted is no "
        "longer valid: review the change and submit again before "
        f"{clock.local(competition.submission_deadline):%-d %B %Y at %H:%M}."
    )
    _notify_bidders(competition, f"{competition.reference}: the requirement changed", message)
    return {"requirement_version": competition.requirement_version, "deadline_moved": change.deadline_moved}


@service
def competition_update(*, actor: Actor, competition: Competition, **changes) -> Competition:
    """Change a competition. Once published: bidders are told of every change; a change to the
    requirement invalidates submitted bids and keeps the deadline at least the configured
    minimum away; the deadlines may only move later."""
    competition = _lock_competition(competition)
    require(actor, "competitions.manage", competition)
    now = clock.now()
    unknown = set(changes) - UPDATABLE - DRAFT_ONLY
    if unknown:
        raise ValidationFailed(f"These fields cannot be changed: {', '.join(sorted(unknown))}")
    status = competition.status(now)
    if status not in (S.DRAFT, S.PUBLISHED, S.CLARIFICATION_CLOSED):
        raise RuleViolation(
            f"{competition.reference} is {competition.status_label(now)}: it can no longer change",
            code=ErrorCode.COMPETITION_REQUIREMENT_FIXED,
        )
    _check_aware(**{k: v for k, v in changes.items() if k.endswith("_deadline")})
    if set(changes) & DRAFT_ONLY and status != S.DRAFT:
        raise ValidationFailed("The value, term and regime can change only while the competition is a draft")
    before = model_snapshot(competition, [*FIELDS, "description", "requirement"])
    clarification = changes.get("clarification_deadline", competition.clarification_deadline)
    submission = changes.get("submission_deadline", competition.submission_deadline)
    if (
        ("clarification_deadline" in changes or "submission_deadline" in changes)
        and clarification
        and submission
    ):
        refusal = deadline_change_refusal(competition.facts(), clarification, submission, now)
        if refusal:
            raise refusal.error(reference=competition.reference)
    extra = {}
    requirement_changed = (
        "requirement" in changes and changes["requirement"].strip() != competition.requirement
    )
    if requirement_changed and status != S.DRAFT:
        proposed = changes.get("submission_deadline")
        extra = _apply_requirement_change(
            actor, competition, now, proposed, "the requirement text was edited"
        )
        changes.pop("submission_deadline", None)
    for name, value in changes.items():
        setattr(competition, name, value.strip() if isinstance(value, str) else value)
    problems = FieldProblems()
    problems.check(bool(competition.title.strip()), "title", "Enter the competition's title")
    check_model_fields(competition, problems, exclude=["buyer", "public_key", "wrapped_private_key"])
    problems.raise_if_any("The competition could not be changed")
    after = model_snapshot(competition, [*FIELDS, "description", "requirement"])
    if after == before:
        return competition
    competition.touch()
    competition.save()
    if status != S.DRAFT and not extra:
        _notify_bidders(
            competition,
            f"{competition.reference} was changed",
            f"The buyer changed {competition.reference}: "
            + ", ".join(sorted(k.replace("_", " ") for k in after if after[k] != before[k])),
        )
    audit_record(
        actor=actor,
        action="competition.updated",
        obj=competition,
        organisation_id=competition.buyer_id,
        before={k: v for k, v in before.items() if after[k] != v},
        after={**{k: v for k, v in after.items() if before[k] != v}, **extra},
    )
    return competition


@service
def evaluation_model_set(
    *, actor: Actor, competition: Competition, model: dict | None = None, template_name: str = ""
) -> Competition:
    """Set the evaluation model (from a template, or in full) while the competition is a draft."""
    competition = _lock_competition(competition)
    require(actor, "competitions.manage", competition)
    if competition.stage != S.DRAFT:
        raise RuleViolation(
            "The evaluation model is fixed once the competition is published",
            code=ErrorCode.COMPETITION_REQUIREMENT_FIXED,
        )
    data = template(template_name) if template_name else model or {}
    checked_model(data)
    competition.evaluation_model = data
    competition.evaluation_template = template_name or "custom"
    competition.touch()
    competition.save(update_fields=["evaluation_model", "evaluation_template", "updated_at"])
    audit_record(
        actor=actor,
        action="competition.evaluation_model_set",
        obj=competition,
        organisation_id=competition.buyer_id,
        after={"template": competition.evaluation_template, "model": data},
    )
    return competition


def _freeze_invitations(competition: Competition, now: datetime) -> list[str]:
    if competition.procedure != CompetitionProcedure.FURTHER_COMPETITION:
        return []
    suppliers = invitable_suppliers(competition.lot)
    if not suppliers:
        raise RuleViolation(
            f"No supplier on {competition.lot.label} can be invited today: "
            "the competition cannot be published",
            code=ErrorCode.COMPETITION_TRANSITION_REFUSED,
        )
    Invitation.objects.bulk_create(
        Invitation(competition=competition, supplier=s, invited_at=now) for s in suppliers
    )
    return [s.code for s in suppliers]


def _message_invited(competition: Competition) -> None:
    questions = (
        f" Ask clarification questions until {format_moment(competition.clarification_deadline)}."
        if competition.clarification_deadline
        else ""
    )
    _message_suppliers(
        competition.invitations.values_list("supplier_id", flat=True),
        kind=MessageKind.INVITATION,
        subject=f"{competition.reference}: {competition.buyer.name} invites you to bid",
        body=(
            f"{competition.buyer.name} invites you to bid for {competition.title} ({competition.reference}). "
            f"Bids close {format_moment(competition.submission_deadline)}.{questions}"
        ),
        link=f"/competitions/{competition.reference}",
        key=message_key(MessageKind.INVITATION, competition.reference),
    )


@service
def competition_transition(
    *, actor: Actor, competition: Competition, to: str, reason: str = "", unanswered_reason: str = ""
) -> Competition:
    """Publish, cancel, open evaluation, move to moderation, or end without an award. (The
    award decision and its confirmation are `award_decide` and `award_confirm`.)"""
    competition = _lock_competition(competition)
    require(actor, "competitions.manage", competition)
    now = clock.now()
    if to in (S.STANDSTILL, S.AWARDED):
        raise RuleViolation(
            "Decide the award to start standstill; confirm it once standstill ends",
            code=ErrorCode.COMPETITION_TRANSITION_REFUSED,
        )
    unanswered = competition.questions.filter(answered_at__isnull=True).count()
    refusal = transition_refusal(
        competition.facts(),
        to,
        now,
        policy=_deadline_policy(),
        unanswered_questions=unanswered,
        unanswered_reason=unanswered_reason,
        reason=reason,
    )
    if refusal:
        raise refusal.error(reference=competition.reference)
    before = competition.status(now)
    after: dict = {"status": to}
    if to == S.PUBLISHED:
        checked_model(competition.evaluation_model)
        _check_procedure(
            competition.procedure, competition.lot, competition.estimated_value, competition.term_months
        )
        competition.published_at = now
        after["invited"] = _freeze_invitations(competition, now)
        _message_invited(competition)
    elif to == S.MODERATION:
        from caremarket.competitions.services.evaluation import _ensure_panel_submitted

        _ensure_panel_submitted(competition)
    elif to == S.EVALUATION and unanswered:
        competition.unanswered_reason = unanswered_reason.strip()
        after["unanswered_reason"] = competition.unanswered_reason
    if to == S.CANCELLED:
        competition.cancelled_at = now
    if to in (S.CANCELLED, S.UNSUCCESSFUL):
        competition.end_reason = reason.strip()
        after["reason"] = competition.end_reason
        if before in (S.PUBLISHED, S.CLARIFICATION_CLOSED):
            _notify_bidders(competition, f"{competition.reference} was cancelled", reason.strip())
    competition.stage = to
    competition.touch()
    competition.save()
    # The notice the change needs (a tender notice, a procurement termination notice), in this
    # transaction: if it cannot be published, the change is refused with it.
    if to == S.PUBLISHED:
        lifecycle_notices.publish_competition_published(actor=actor, competition=competition)
    elif to in (S.CANCELLED, S.UNSUCCESSFUL):
        lifecycle_notices.publish_competition_ended(actor=actor, competition=competition)
    audit_record(
        actor=actor,
        action=f"competition.{to}",
        obj=competition,
        organisation_id=competition.buyer_id,
        before={"status": before},
        after=after,
    )
    return competition
