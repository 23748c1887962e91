"""Sealed bids: draft, submit, withdraw, resubmit, attach files. Every action is decided at
write time against the clock (`now < submission deadline`), inside the transaction.

Submitting seals the content to the competition's public key and issues a receipt with the
server time and the SHA-256 of the sealed content. Audit events about a bid name the
supplier's organisation and are hidden from everyone else until the seal opens."""

import secrets

from django.db import IntegrityError, transaction

from caremarket.competitions import bid_content, seal
from caremarket.competitions.bid_prices import items_of, read_price_upload
from caremarket.competitions.models import Bid, BidFile, Competition, Receipt
from caremarket.competitions.permissions import bidder_facts, is_invited
from caremarket.competitions.sealed_audit import record_bid_event
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import PermissionDenied, ValidationFailed
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.orgs.models import Organisation
from caremarket.rules.bid_prices import unpriced_items
from caremarket.rules.bidding import (
    NOT_YOUR_ORGANISATION,
    BidAction,
    BidStatus,
    bid_action_refusal,
    bid_status_after,
    bidder_refusal,
)

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_FILES = 20


def _check_actor(actor: Actor, competition: Competition, supplier: Organisation) -> None:
    """`rules.bidding.bidder_refusal` for this supplier, the rule behind `competitions.take_part`."""
    refusal = bidder_refusal(bidder_facts(actor, competition, supplier.pk, supplier.sector))
    if refusal == NOT_YOUR_ORGANISATION:
        require(actor, "competitions.take_part", competition)
        raise ValidationFailed.for_field("supplier", refusal)
    if refusal:
        raise PermissionDenied(refusal)


def _locked_bid(competition: Competition, supplier: Organisation) -> Bid | None:
    bid = Bid.objects.select_for_update().filter(competition=competition, supplier=supplier).first()
    if bid is not None:
        bid.competition, bid.supplier = competition, supplier
    return bid


def _refuse(competition: Competition, bid: Bid | None, action: str, supplier: Organisation):
    """The clock is read here, after the bid row is locked: the last word on the deadline.
    Returns that moment, the one the write (and its receipt) records."""
    now = clock.now()
    refusal = bid_action_refusal(
        competition.facts(),
        bid.status if bid else None,
        action,
        now,
        invited=is_invited(competition, supplier.pk),
    )
    if refusal:
        raise refusal.error(reference=competition.reference)
    return now


def _audit(actor: Actor, bid: Bid, action: str, after: dict) -> None:
    record_bid_event(actor, bid, f"bid.{action}", after)


def _bid_save_draft(
    *,
    actor: Actor,
    competition: Competition,
    supplier: Organisation,
    price=None,
    responses: dict | None = None,
    price_list: list | None = None,
) -> Bid:
    _check_actor(actor, competition, supplier)
    content = bid_content.clean_content(price=price, responses=responses, price_list=price_list)
    bid = _locked_bid(competition, supplier)
    _refuse(competition, bid, BidAction.DRAFT, supplier)
    if bid is None:
        try:
            with transaction.atomic():
                bid = Bid.objects.create(
                    competition=competition, supplier=supplier, created_by_id=actor.person_id
                )
        except IntegrityError:
            bid = _locked_bid(competition, supplier)
    bid.draft = content
    bid.status = bid_status_after(BidAction.DRAFT)
    bid.touch()
    bid.save()
    _audit(actor, bid, "drafted", {"status": bid.status})
    return bid


bid_save_draft = service(_bid_save_draft)


@service
def bid_price_list_upload(
    *, actor: Actor, competition: Competition, supplier: Organisation, name: str, content: bytes
) -> Bid:
    """Replace the draft's price list with the one in an uploaded price template, keeping the
    rest of the draft. All or nothing: any problem in the file refuses it whole."""
    _check_actor(actor, competition, supplier)
    if not needs_price_list(competition):
        raise ValidationFailed.for_field(
            "file", f"{competition.reference} is priced by a total, not a price list"
        )
    price_list = read_price_upload(name, content, items_of(competition))
    bid = _locked_bid(competition, supplier)
    draft = (bid.draft if bid else None) or {}
    return _bid_save_draft(
        actor=actor,
        competition=competition,
        supplier=supplier,
        price=draft.get("price"),
        responses=draft.get("responses"),
        price_list=price_list,
    )


@service
def bid_file_add(
    *,
    actor: Actor,
    competition: Competition,
    supplier: Organisation,
    name: str,
    content: bytes,
    content_type: str,
) -> BidFile:
    """Attach a file to the draft; it is sealed at once (only its name, size and hash stay readable)."""
    _check_actor(actor, competition, supplier)
    if not content:
        raise ValidationFailed.for_field("file", "The file is empty", code=ErrorCode.EVIDENCE_EMPTY)
    if len(content) > MAX_FILE_BYTES:
        raise ValidationFailed.for_field(
            "file", "The file is larger than 20 MB", code=ErrorCode.EVIDENCE_TOO_LARGE
        )
    bid = _locked_bid(competition, supplier)
    _refuse(competition, bid, BidAction.DRAFT, supplier)
    if bid is None:
        bid = Bid.objects.create(competition=competition, supplier=supplier, created_by_id=actor.person_id)
    if bid.files.filter(removed_at__isnull=True).count() >= MAX_FILES:
        raise ValidationFailed.for_field("file", f"A bid can have at most {MAX_FILES} files")
    bid.status = BidStatus.DRAFT
    bid.touch()
    bid.save(update_fields=["status", "updated_at"])
    item = BidFile(
        bid=bid,
        name=name[:200] or "file",
        size=len(content),
        sha256=seal.sha256(content),
        content_type=content_type[:100],
        sealed=b"",
    )
    item.save()
    item.sealed = seal.seal(bytes(competition.public_key), content, f"bid:{bid.pk}:file:{item.pk}")
    item.save(update_fields=["sealed"])
    _audit(actor, bid, "file_added", {"file": item.sha256})
    return item


def _files_meta(bid: Bid) -> list[dict]:
    return [
        {"id": f.pk, "name": f.name, "size": f.size, "sha256": f.sha256}
        for f in bid.files.filter(removed_at__isnull=True).order_by("id")
    ]


def _receipt(actor: Actor, bid: Bid, action: str) -> Receipt:
    return Receipt.objects.create(
        bid=bid,
        number=f"R-{secrets.token_hex(8).upper()}",
        action=action,
        issued_at=bid.submitted_at,
        content_sha256=bid.content_sha256,
        issued_to_id=actor.person_id,
    )


def _seal_draft(competition: Competition, bid: Bid) -> None:
    problems = bid_content.content_problems(
        bid.draft,
        needs_price_list=needs_price_list(competition),
        unpriced=unpriced_items(bid.draft.get("price_list") or [], items_of(competition)),
    )
    bid_content.refuse_if_problems(problems, ErrorCode.BID_ACTION_REFUSED)
    plaintext = bid_content.canonical(bid.draft, _files_meta(bid))
    bid.sealed = seal.seal(bytes(competition.public_key), plaintext, f"bid:{bid.pk}:content")
    bid.content_sha256 = seal.sha256(bytes(bid.sealed))
    bid.draft = {}


def needs_price_list(competition: Competition) -> bool:
    return getattr(competition, "buying_club_id", None) is not None


@service
def bid_submit(*, actor: Actor, competition: Competition, supplier: Organisation) -> Receipt:
    """Seal the draft and submit it; the receipt has the server time and the content's SHA-256."""
    _check_actor(actor, competition, supplier)
    bid = _locked_bid(competition, supplier)
    now = _refuse(competition, bid, BidAction.SUBMIT, supplier)
    _seal_draft(competition, bid)
    return _submitted(actor, competition, bid, "submitted", now)


def _submitted(actor: Actor, competition: Competition, bid: Bid, action: str, now) -> Receipt:
    bid.status = BidStatus.SUBMITTED
    bid.submitted_at = now
    bid.requirement_version = competition.requirement_version
    bid.touch()
    bid.save()
    receipt = _receipt(actor, bid, action)
    _audit(actor, bid, action, {"receipt": receipt.number, "sha256": bid.content_sha256})
    return receipt


@service
def bid_withdraw(*, actor: Actor, competition: Competition, supplier: Organisation) -> Bid:
    _check_actor(actor, competition, supplier)
    bid = _locked_bid(competition, supplier)
    now = _refuse(competition, bid, BidAction.WITHDRAW, supplier)
    bid.status, bid.withdrawn_at = BidStatus.WITHDRAWN, now
    bid.touch()
    bid.save()
    _audit(actor, bid, "withdrawn", {"status": bid.status})
    return bid


@service
def bid_resubmit(*, actor: Actor, competition: Competition, supplier: Organisation) -> Receipt:
    """Submit a withdrawn (or invalidated) bid again: its sealed content as it stands, or the
    draft if the supplier has started one since."""
    _check_actor(actor, competition, supplier)
    bid = _locked_bid(competition, supplier)
    now = _refuse(competition, bid, BidAction.RESUBMIT, supplier)
    if bid.draft or not bid.sealed:
        _seal_draft(competition, bid)
    return _submitted(actor, competition, bid, "resubmitted", now)
