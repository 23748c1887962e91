"""A supplier's place on a lot (suspend, reinstate, remove) and the annual review pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST

from caremarket.agreements import selectors, services
from caremarket.agreements.choices import (
    DATA_HANDLING_CHOICES,
    FEE_FLAG_CHOICES,
    FEE_STATUS_CHOICES,
    GROUND_CHOICES,
    INTEROPERABILITY_CHOICES,
    PERFORMANCE_CHOICES,
)
from caremarket.core import clock
from caremarket.core.errors import ApplicationError
from caremarket.core.permissions import can, require
from caremarket.rules.admission import StandingChange, SupplierStatus, suggested_ground
from caremarket.web.agreement_forms import ReviewEntryForm, ReviewRemovalForm, StandingForm
from caremarket.web.forms import form_errors, render_form

CHANGES = {
    SupplierStatus.ADMITTED: [
        (StandingChange.SUSPEND, "Suspend from the lot"),
        (StandingChange.REMOVE, "Remove from the lot"),
    ],
    SupplierStatus.SUSPENDED: [
        (StandingChange.REINSTATE, "Reinstate on the lot"),
        (StandingChange.REMOVE, "Remove from the lot"),
    ],
    SupplierStatus.REMOVED: [],
}
SERVICES = {
    StandingChange.SUSPEND: services.lot_supplier_suspend,
    StandingChange.REMOVE: services.lot_supplier_remove,
}
GROUNDS = dict(GROUND_CHOICES)
DONE = {
    StandingChange.SUSPEND: "suspended",
    StandingChange.REINSTATE: "reinstated",
    StandingChange.REMOVE: "removed",
}


@login_required
@require_http_methods(["GET", "POST"])
def place(request, reference: str, number: int, code: str):
    actor = request.actor
    lot = selectors.lot_for_actor(actor, reference, number)
    place = selectors.place_for_actor(actor, lot, code)
    row = next(r for r in selectors.lot_supplier_rows(lot) if r.place.pk == place.pk)
    manages = can(actor, "agreements.change_standing", place)
    changes = CHANGES[SupplierStatus(place.status)] if manages else []
    initial = {"ground": request.GET.get("ground", "")}
    form = StandingForm(request.POST or None, changes=changes, initial=initial)
    error = None
    if request.method == "POST":
        require(actor, "agreements.change_standing", place)
        if form.is_valid():
            change, ground, reason = (form.cleaned_data[k] for k in ("change", "ground", "reason"))
            try:
                if change == StandingChange.REINSTATE:
                    services.lot_supplier_reinstate(actor=actor, place=place, reason=reason)
                else:
                    SERVICES[StandingChange(change)](actor=actor, place=place, ground=ground, reason=reason)
            except ApplicationError as exc:
                error = exc
            else:
                messages.success(
                    request, f"{place.supplier.name} was {DONE[StandingChange(change)]} on {lot.label}"
                )
                return redirect("web:agreement-lot", reference=lot.agreement.reference, number=lot.number)
    context = {
        "agreement": lot.agreement,
        "lot": lot,
        "place": place,
        "row": row,
        "history": selectors.standing_history(place),
        "form": form,
        "changes": changes,
        "grounds": GROUND_CHOICES,
        **form_errors(form, error),
    }
    return render_form(request, "web/agreements/place.jinja", context)


@login_required
@require_http_methods(["GET", "POST"])
def reviews(request, reference: str):
    actor = request.actor
    agreement = selectors.agreement_for_actor(actor, reference)
    listed = selectors.reviews_for_actor(actor, agreement)
    error = None
    if request.method == "POST":
        try:
            review = services.review_open(actor=actor, agreement=agreement)
        except ApplicationError as exc:
            if exc.status in (403, 404):
                raise
            error = exc
        else:
            messages.success(request, f"The {review.year} review of {agreement.reference} is open")
            return redirect("web:agreement-review", reference=agreement.reference, year=review.year)
    context = {
        "agreement": agreement,
        "reviews": listed,
        "year": clock.today().year,
        "can_open": can(actor, "agreements.manage_agreement", agreement)
        and not any(r.year == clock.today().year for r in listed),
        **form_errors(None, error),
    }
    return render_form(request, "web/agreements/reviews.jinja", context)


@login_required
def review(request, reference: str, year: int, error=None):
    review = selectors.review_for_actor(request.actor, reference, year)
    rows = selectors.review_rows(review)
    context = {
        "agreement": review.agreement,
        "review": review,
        "rows": rows,
        "recorded": sum(1 for r in rows if r.entry.is_recorded),
        "manages": can(request.actor, "agreements.manage_agreement", review.agreement) and review.is_open,
        "labels": {
            "performance": dict(PERFORMANCE_CHOICES),
            "fees": dict(FEE_STATUS_CHOICES),
            "flags": dict(FEE_FLAG_CHOICES),
            "data_handling": dict(DATA_HANDLING_CHOICES),
            "interoperability": dict(INTEROPERABILITY_CHOICES),
        },
        **form_errors(None, error),
    }
    return render_form(request, "web/agreements/review.jinja", context)


def _ground(entry, row) -> str:
    """The ground the review's findings point to, the fee record read from the invoices."""
    return suggested_ground(
        entry.performance, str(row.fees.status), entry.data_handling, entry.interoperability
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_entry(request, reference: str, year: int, code: str):
    actor = request.actor
    review = selectors.review_for_actor(actor, reference, year)
    require(actor, "agreements.manage_agreement", review.agreement)
    entry = selectors.review_entry_for_actor(actor, review, code)
    row = next(r for r in selectors.review_rows(review) if r.entry.pk == entry.pk)
    initial = {
        "performance": entry.performance,
        "performance_notes": entry.performance_notes,
        "data_handling": entry.data_handling,
        "interoperability": entry.interoperability,
        "notes": entry.notes,
    }
    form = ReviewEntryForm(request.POST or None, initial=initial)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.review_entry_record(actor=actor, entry=entry, **form.cleaned_data)
        except ApplicationError as exc:
            error = exc
        else:
            ground = _ground(entry, row)
            note = (
                f"; the evidence points to a ground for removal ({GROUNDS[ground].lower()})" if ground else ""
            )
            messages.success(request, f"The review of {entry.supplier.name} was recorded{note}")
            return redirect("web:agreement-review", reference=review.agreement.reference, year=review.year)
    ground = _ground(entry, row) if entry.is_recorded else ""
    context = {
        "agreement": review.agreement,
        "review": review,
        "entry": entry,
        "row": row,
        "form": form,
        "ground": ground,
        "ground_label": GROUNDS.get(ground, ""),
        "labels": {"fees": dict(FEE_STATUS_CHOICES)},
        **form_errors(form, error),
    }
    return render_form(request, "web/agreements/review_entry.jinja", context)


@login_required
@require_POST
def review_complete(request, reference: str, year: int):
    review_obj = selectors.review_for_actor(request.actor, reference, year)
    try:
        services.review_complete(
            actor=request.actor, review=review_obj, summary=request.POST.get("summary", "")
        )
    except ApplicationError as exc:
        if exc.status in (403, 404):
            raise
        return review(request, reference, year, error=exc)
    messages.success(request, f"The {year} review of {review_obj.agreement.reference} is complete")
    return redirect("web:agreement-review", reference=review_obj.agreement.reference, year=year)


@login_required
@require_http_methods(["GET", "POST"])
def review_remove(request, reference: str, year: int, code: str):
    """Remove a supplier the review finds against from every lot of the agreement, with the
    ground and the reason (kept on each lot's history and in the audit log)."""
    actor = request.actor
    review = selectors.review_for_actor(actor, reference, year)
    require(actor, "agreements.manage_agreement", review.agreement)
    entry = selectors.review_entry_for_actor(actor, review, code)
    row = next(r for r in selectors.review_rows(review) if r.entry.pk == entry.pk)
    ground = _ground(entry, row)
    form = ReviewRemovalForm(request.POST or None, initial={"ground": ground})
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            removed = services.review_supplier_remove(actor=actor, entry=entry, **form.cleaned_data)
        except ApplicationError as exc:
            if exc.status in (403, 404):
                raise
            error = exc
        else:
            lots = ", ".join(f"lot {p.lot.number}" for p in removed)
            messages.success(
                request, f"{entry.supplier.name} was removed from {review.agreement.reference} ({lots})"
            )
            return redirect("web:agreement-review", reference=review.agreement.reference, year=review.year)
    context = {
        "agreement": review.agreement,
        "review": review,
        "entry": entry,
        "row": row,
        "form": form,
        "ground_label": GROUNDS.get(ground, ""),
        "labels": {"fees": dict(FEE_STATUS_CHOICES)},
        **form_errors(form, error),
    }
    return render_form(request, "web/agreements/review_remove.jinja", context)
