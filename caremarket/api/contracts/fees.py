"""Management fees: the supplier's monthly management information return, the invoice reconciled
against orders, its payment, each supplier's position, and the flags to the agreement's annual
review."""

from ninja import File, Form, Status, UploadedFile
from ninja.pagination import paginate

from caremarket.agreements.selectors import agreement_for_actor
from caremarket.api import contract_schemas as s
from caremarket.api.contracts.common import org_out, router
from caremarket.api.idempotency import idempotent
from caremarket.api.schemas import ERRORS, Id, Pages, responses
from caremarket.contracts import selectors, services
from caremarket.orgs.selectors import organisation_for_actor


def _invoice(i) -> dict:
    return {
        "id": i.pk,
        "number": i.number,
        "supplier": org_out(i.supplier),
        "agreement": i.agreement.reference,
        "period": i.period,
        **{
            k: str(getattr(i, k))
            for k in (
                "ordered_total",
                "declared_total",
                "under_declared",
                "over_declared",
                "off_platform",
                "fee_base",
                "fee_rate",
                "amount",
            )
        },
        "matched_orders": i.matched_orders,
        "mismatched_orders": i.mismatched_orders,
        "missing_orders": i.missing_orders,
        "due_on": i.due_on,
        "paid_on": i.paid_on,
        "state": str(i.state),
        "discrepancies": i.discrepancies,
    }


def _return(r) -> dict:
    invoice = getattr(r, "invoice", None) if hasattr(r, "invoice") else None
    return {
        "id": r.pk,
        "supplier": org_out(r.supplier),
        "agreement": r.agreement.reference,
        "period": r.period,
        "is_nil": r.is_nil,
        "rows": r.row_count,
        "declared_total": str(r.declared_total),
        "state": str(r.state),
        "invoice": invoice.number if invoice else None,
    }


@router.get("/fee-returns", response={200: list[s.ReturnOut], **ERRORS})
@paginate(Pages)
def list_returns(request):
    return [_return(r) for r in selectors.returns_with_invoices(request.actor, limit=5000)]


@router.post("/fee-returns", response=responses(201, s.ReturnOut))
@idempotent
def submit_return(
    request,
    supplier_code: Form[str],
    agreement: Form[str],
    period: Form[s.IsoDate],
    nil: Form[bool] = False,
    file: File[UploadedFile] = None,
):
    """A supplier's monthly management information: a CSV or XLSX file of its sales through the
    agreement (every row checked; refused whole if any is wrong), or a nil return."""
    supplier = organisation_for_actor(request.actor, supplier_code)
    deal = agreement_for_actor(request.actor, agreement)
    fee_return = services.fee_return_submit(
        actor=request.actor,
        supplier=supplier,
        agreement=deal,
        period=period,
        nil=nil,
        file_name=file.name if file else "",
        content=file.read() if file else None,
    )
    return Status(201, _return(fee_return))


@router.post("/fee-returns/{return_id}/invoice", response=responses(201, s.InvoiceOut))
@idempotent
def invoice_return(request, return_id: Id):
    """Reconcile the return against the month's orders and invoice the management fee."""
    fee_return = selectors.return_for_actor(request.actor, return_id)
    return Status(201, _invoice(services.fee_invoice_issue(actor=request.actor, fee_return=fee_return)))


@router.get("/fee-invoices/{invoice_id}", response=responses(200, s.InvoiceOut))
def get_invoice(request, invoice_id: Id):
    return _invoice(selectors.invoice_for_actor(request.actor, invoice_id))


@router.post("/fee-invoices/{invoice_id}/payment", response=responses(200, s.InvoiceOut))
@idempotent
def record_payment(request, invoice_id: Id, payload: s.PaymentIn):
    invoice = selectors.invoice_for_actor(request.actor, invoice_id)
    return _invoice(
        services.fee_invoice_record_payment(actor=request.actor, invoice=invoice, **payload.dict())
    )


@router.get("/agreements/{reference}/fees", response=responses(200, list[s.FeePositionOut]))
def agreement_fees(request, reference: str):
    """Per supplier: fees accrued by orders, invoiced, paid, overdue, and the open flags."""
    agreement = agreement_for_actor(request.actor, reference)
    return [
        {
            "supplier": org_out(p.supplier),
            "accrued": str(p.accrued),
            "invoiced": str(p.invoiced),
            "paid": str(p.paid),
            "overdue": str(p.overdue),
            "flags": [
                {"supplier": org_out(p.supplier), "kind": f.kind, "period": f.period, "detail": f.detail}
                for f in p.flags
            ],
        }
        for p in selectors.fee_positions(request.actor, agreement)
    ]


@router.post("/agreements/{reference}/fees/flags", response=responses(200, list[s.FlagOut]))
def raise_flags(request, reference: str):
    """Flag late or missing returns and unpaid fees, and write every open flag into the
    supplier's entry in the agreement's annual review (once: flagging again adds nothing)."""
    agreement = agreement_for_actor(request.actor, reference)
    flags = services.fee_flags_raise(actor=request.actor, agreement=agreement)
    return [
        {"supplier": org_out(f.supplier), "kind": f.kind, "period": f.period, "detail": f.detail}
        for f in flags
    ]
