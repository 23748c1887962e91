"""Management fees: a supplier's monthly returns (file or nil), the manager's fee position per
agreement with flags for its review, reconciliation and invoicing, and payment."""

from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_http_methods, require_POST

from caremarket.agreements.selectors import agreement_for_actor
from caremarket.contracts import selectors, services
from caremarket.core import clock
from caremarket.core.errors import ApplicationError, ValidationFailed
from caremarket.core.permissions import can, require
from caremarket.orgs.selectors import acting_organisation
from caremarket.rules.fees import month_start, period_label
from caremarket.rules.roles import Sector
from caremarket.web.forms import form_errors, render_form
from caremarket.web.views.contracts.common import done, refusal


def _periods() -> list[tuple[str, str]]:
    month = month_start(clock.today())
    periods = []
    for _ in range(12):
        month = month_start(month - timedelta(days=1))
        periods.append((month.isoformat(), period_label(month)))
    return periods


@login_required
@require_http_methods(["GET", "POST"])
def fees(request):
    actor = request.actor
    org = acting_organisation(actor)
    supplier = org if org is not None and org.sector == Sector.SUPPLIER else None
    error = None
    if request.method == "POST":
        require(actor, "contracts.submit_return", supplier)
        try:
            agreement = selectors.agreement_for_return(request.POST.get("agreement", ""))
            if agreement is None:
                raise ValidationFailed.for_field("agreement", "Choose the agreement the return is for")
            try:
                period = date.fromisoformat(request.POST.get("period", ""))
            except ValueError:
                raise ValidationFailed.for_field("period", "Choose the month the return covers") from None
            upload = request.FILES.get("file")
            fee_return = services.fee_return_submit(
                actor=actor,
                supplier=supplier,
                agreement=agreement,
                period=period,
                nil=request.POST.get("nil") == "yes",
                file_name=upload.name if upload else "",
                content=upload.read() if upload else None,
            )
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            return done(
                request,
                f"Your {fee_return.period_label} return for {agreement.reference} was received",
                "web:fees",
            )
    managed = selectors.fee_agreements_for_actor(actor)
    positions = [(a, selectors.fee_positions(actor, a)) for a in managed]
    on = []
    if supplier is not None:
        on = selectors.agreements_supplied_by(supplier)
    returns = selectors.returns_with_invoices(actor, limit=100)
    context = {
        "supplier": supplier,
        "agreements_on": on,
        "periods": _periods(),
        "positions": positions,
        "returns": list(returns),
        "manages": bool(managed),
        "row_problems": (error.details.get("rows") or []) if error else [],
        **form_errors(None, error),
    }
    return render_form(request, "web/contracts/fees.jinja", context)


@login_required
@require_POST
def raise_flags(request, reference: str):
    agreement = agreement_for_actor(request.actor, reference)
    flags = services.fee_flags_raise(actor=request.actor, agreement=agreement)
    return done(
        request,
        f"{len(flags)} new flag{'' if len(flags) == 1 else 's'} raised on {agreement.reference}; "
        "every open flag is in the supplier's entry in its annual review",
        "web:fees",
    )


@login_required
@require_http_methods(["GET", "POST"])
def fee_return(request, return_id: int):
    actor = request.actor
    item = selectors.return_for_actor(actor, return_id)
    invoice = getattr(item, "invoice", None) if hasattr(item, "invoice") else None
    manages = can(actor, "contracts.manage_fees", item.agreement)
    error = None
    if request.method == "POST":
        require(actor, "contracts.manage_fees", item.agreement)
        try:
            if request.POST.get("action") == "invoice":
                invoice = services.fee_invoice_issue(actor=actor, fee_return=item)
                return done(
                    request,
                    f"Invoice {invoice.number} for £{invoice.amount:,.2f} was issued",
                    "web:fee-return",
                    item.pk,
                )
            if invoice is None:
                raise ValidationFailed("Invoice the return first")
            services.fee_invoice_record_payment(
                actor=actor, invoice=invoice, amount=request.POST.get("amount", "")
            )
            return done(
                request, f"Payment of invoice {invoice.number} was recorded", "web:fee-return", item.pk
            )
        except ApplicationError as exc:
            error = refusal(exc)
    context = {
        "item": item,
        "invoice": invoice,
        "lines": selectors.return_lines(item, limit=200),
        "manages": manages,
        **form_errors(None, error),
    }
    return render_form(request, "web/contracts/fee_return.jinja", context)
