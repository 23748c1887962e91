"""Bids: a supplier's own sealed bid (draft, files, submit, withdraw, resubmit), and the
buyer's view of the bids standing at the deadline."""

from typing import Literal

from django.http import HttpResponse
from ninja import File, Status, UploadedFile

from caremarket.api.competition_schemas import (
    BidOut,
    DraftIn,
    OpenedBidOut,
    OwnBidOut,
    ReceiptOut,
)
from caremarket.api.competitions.common import competition_of, router, supplier_of
from caremarket.api.idempotency import idempotent
from caremarket.api.schemas import Id, responses
from caremarket.competitions import bid_prices, selectors, services
from caremarket.competitions.models import Bid


def _own_bid_out(competition, bid) -> OwnBidOut:
    if bid is None:
        return OwnBidOut(
            competition=competition.reference,
            status="none",
            draft={},
            content_sha256="",
            submitted_at=None,
            receipts=[],
            files=[],
        )
    return OwnBidOut(
        competition=competition.reference,
        status=bid.status,
        draft=bid.draft,
        content_sha256=bid.content_sha256,
        submitted_at=bid.submitted_at,
        receipts=[ReceiptOut.from_orm(r) for r in selectors.bid_receipts(bid)],
        files=[
            {"id": f.pk, "name": f.name, "size": f.size, "sha256": f.sha256} for f in selectors.bid_files(bid)
        ],
    )


def _bid_out(bid: Bid, content=None) -> dict:
    data = {
        "id": bid.pk,
        "label": bid.label,
        "supplier_code": bid.supplier.code,
        "supplier_name": bid.supplier.name,
        "submitted_at": bid.submitted_at,
        "content_sha256": bid.content_sha256,
    }
    if content is not None:
        data["content"] = content
    return data


# --- A supplier's own bid ---------------------------------------------------------------------


@router.get("/competitions/{reference}/my-bid", response=responses(200, OwnBidOut))
def get_own_bid(request, reference: str):
    """Your bid: its status, draft, receipts and files (sealed content is not readable)."""
    competition = competition_of(request, reference)
    return _own_bid_out(competition, selectors.own_bid_for_actor(request.actor, competition))


@router.put("/competitions/{reference}/my-bid", response=responses(200, OwnBidOut))
def save_draft(request, reference: str, payload: DraftIn):
    competition = competition_of(request, reference)
    data = payload.dict(by_alias=True)
    services.bid_save_draft(
        actor=request.actor, competition=competition, supplier=supplier_of(request), **data
    )
    return _own_bid_out(competition, selectors.own_bid_for_actor(request.actor, competition))


@router.post("/competitions/{reference}/my-bid/files", response=responses(201, OwnBidOut))
def add_bid_file(request, reference: str, file: File[UploadedFile]):
    """Attach a file to your draft: it is sealed at once."""
    competition = competition_of(request, reference)
    services.bid_file_add(
        actor=request.actor,
        competition=competition,
        supplier=supplier_of(request),
        name=file.name,
        content=file.read(),
        content_type=file.content_type or "application/octet-stream",
    )
    return Status(201, _own_bid_out(competition, selectors.own_bid_for_actor(request.actor, competition)))


@router.post("/competitions/{reference}/my-bid/price-list", response=responses(200, OwnBidOut))
def upload_price_list(request, reference: str, file: File[UploadedFile]):
    """A buying club competition: replace your draft's price list with the one in a filled-in
    price template (CSV or XLSX). All or nothing: every problem is listed by row."""
    competition = competition_of(request, reference)
    services.bid_price_list_upload(
        actor=request.actor,
        competition=competition,
        supplier=supplier_of(request),
        name=file.name or "",
        content=file.read(bid_prices.MAX_BYTES + 1),
    )
    return _own_bid_out(competition, selectors.own_bid_for_actor(request.actor, competition))


@router.get("/competitions/{reference}/price-template.{fmt}", response=responses(200, None))
def price_template(request, reference: str, fmt: Literal["csv", "xlsx"]):
    """A buying club competition's price template: one row per item of the frozen baseline
    (with your draft's prices, if you have a draft), to fill in and upload."""
    competition = competition_of(request, reference)
    name, content_type, content = selectors.price_template_for_actor(request.actor, competition, fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.post("/competitions/{reference}/my-bid/submit", response=responses(201, ReceiptOut))
@idempotent
def submit_bid(request, reference: str):
    """Seal and submit your draft: the receipt has the server time and the content's SHA-256."""
    competition = competition_of(request, reference)
    return Status(
        201, services.bid_submit(actor=request.actor, competition=competition, supplier=supplier_of(request))
    )


@router.post("/competitions/{reference}/my-bid/withdraw", response=responses(200, OwnBidOut))
def withdraw_bid(request, reference: str):
    competition = competition_of(request, reference)
    services.bid_withdraw(actor=request.actor, competition=competition, supplier=supplier_of(request))
    return _own_bid_out(competition, selectors.own_bid_for_actor(request.actor, competition))


@router.post("/competitions/{reference}/my-bid/resubmit", response=responses(201, ReceiptOut))
@idempotent
def resubmit_bid(request, reference: str):
    competition = competition_of(request, reference)
    return Status(
        201,
        services.bid_resubmit(actor=request.actor, competition=competition, supplier=supplier_of(request)),
    )


# --- The buyer's side: bids, after the deadline only ------------------------------------------


@router.get("/competitions/{reference}/bids", response=responses(200, list[BidOut]))
def list_bids(request, reference: str):
    """The bids standing at the deadline. Before it: refused (`bid.sealed`), whoever asks."""
    competition = competition_of(request, reference)
    return [_bid_out(b) for b in selectors.bids_for_actor(request.actor, competition)]


@router.get("/competitions/{reference}/bids/{bid_id}", response=responses(200, OpenedBidOut))
def get_bid(request, reference: str, bid_id: Id):
    """One bid, opened: after the deadline, for evaluators who declared no conflict."""
    competition = competition_of(request, reference)
    opened = selectors.opened_bid_for_actor(request.actor, competition, bid_id)
    return _bid_out(opened.bid, opened.content)
