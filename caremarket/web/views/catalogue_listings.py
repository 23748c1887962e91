"""Catalogue pages for suppliers (their services, drafts, price lists) and for agreement
managers (the approval queue, approving or rejecting a change)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from caremarket.catalogue import selectors, services
from caremarket.catalogue.choices import CATEGORY_GROUPS, REGION_CHOICES
from caremarket.catalogue.models import Listing
from caremarket.core.errors import ApplicationError, NotFound
from caremarket.core.permissions import require
from caremarket.orgs.models import Organisation
from caremarket.orgs.selectors import acting_organisation
from caremarket.rules.catalogue import UNIT_LABELS
from caremarket.web.forms import form_errors, render_form
from caremarket.web.forms_catalogue import ListingForm, NewListingForm, PriceFileForm, ReasonForm


def _supplier(actor) -> Organisation:
    org = acting_organisation(actor)
    if org is None:
        raise NotFound("Choose the organisation you are acting for first")
    return org


def _form_context(form, error=None, **extra) -> dict:
    return {
        "form": form,
        "values": form.data if form.is_bound else form.initial,
        "category_groups": CATEGORY_GROUPS,
        "regions": REGION_CHOICES,
        **form_errors(form, error),
        **extra,
    }


@login_required
def my_services(request):
    supplier = _supplier(request.actor)
    return render(
        request,
        "web/catalogue/my_services.jinja",
        {"supplier": supplier, "listings": selectors.listings_of_supplier(request.actor, supplier)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def new_listing(request):
    supplier = _supplier(request.actor)
    lots = selectors.lots_for_supplier(request.actor, supplier)
    form = NewListingForm(request.POST or None, lots=lots)
    error = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        lot = next(lot for lot in lots if str(lot.pk) == data.pop("lot"))
        try:
            listing = services.listing_create(actor=request.actor, supplier=supplier, lot=lot, **data)
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(request, f"{listing.reference} was created as a draft: now add its price list")
            return redirect("web:catalogue-prices", listing_id=listing.pk)
    context = _form_context(form, error, supplier=supplier, lots=lots)
    return render_form(request, "web/catalogue/listing_form.jinja", context)


def _managed(request, listing_id: int, permission: str) -> Listing:
    listing = selectors.listing_for_actor(request.actor, listing_id)
    require(request.actor, permission, listing)
    return listing


@login_required
@require_http_methods(["GET", "POST"])
def edit_listing(request, listing_id: int):
    listing = _managed(request, listing_id, "catalogue.edit_listing")
    current = selectors.open_version(listing) or listing.live_version or selectors.latest_version(listing)
    initial = {name: getattr(current, name) for name in ListingForm.base_fields}
    initial["features"] = "\n".join(current.features)
    form = ListingForm(request.POST or None, initial=initial)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.listing_draft_update(actor=request.actor, listing=listing, **form.cleaned_data)
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(
                request, "Your changes were saved in the draft. Submit it for approval when ready."
            )
            return redirect("web:catalogue-listing", listing_id=listing.pk)
    context = _form_context(form, error, listing=listing, version=current)
    return render_form(request, "web/catalogue/listing_form.jinja", context)


@login_required
@require_http_methods(["GET", "POST"])
def prices(request, listing_id: int):
    listing = _managed(request, listing_id, "catalogue.edit_listing")
    form = PriceFileForm(request.POST or None, request.FILES or None)
    error = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.price_list_import(
                actor=request.actor, listing=listing, file_name=upload.name, content=upload.read()
            )
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(request, "The price list was imported into the draft")
            return redirect("web:catalogue-listing", listing_id=listing.pk)
    version = selectors.open_version(listing) or listing.live_version
    context = {
        "listing": listing,
        "version": version,
        "lines": version.price_lines() if version else [],
        "allowed_units": [
            UNIT_LABELS.get(u, u)
            for u in (listing.lot.current_rules.price_units if listing.lot.current_rules else [])
        ],
        "unit_labels": {u.value: label for u, label in UNIT_LABELS.items()},
        "rows": (error.details.get("rows") or []) if error else [],
        **form_errors(form, error),
    }
    return render_form(request, "web/catalogue/prices.jinja", context)


def _act(request, listing: Listing, action, success: str):
    try:
        action()
    except ApplicationError as exc:
        if exc.status in (401, 403, 404):
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect("web:catalogue-listing", listing_id=listing.pk)


@login_required
@require_POST
def submit(request, listing_id: int):
    listing = _managed(request, listing_id, "catalogue.edit_listing")
    return _act(
        request,
        listing,
        lambda: services.listing_submit(actor=request.actor, listing=listing),
        "The draft was sent to the agreement's manager for approval",
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, listing_id: int):
    listing = _managed(request, listing_id, "catalogue.withdraw_listing")
    form = ReasonForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.listing_withdraw(
                actor=request.actor, listing=listing, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(request, f"{listing.reference} was withdrawn from the catalogue")
            return redirect("web:catalogue-listing", listing_id=listing.pk)
    return render_form(
        request,
        "web/catalogue/withdraw.jinja",
        {"listing": listing, "form": form, **form_errors(form, error)},
    )


@login_required
def approvals(request):
    return render(
        request, "web/catalogue/approvals.jinja", {"versions": selectors.approval_queue(request.actor)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request, listing_id: int):
    listing = _managed(request, listing_id, "catalogue.approve_listing")
    submitted = selectors.open_version(listing)
    form = ReasonForm(request.POST or None) if request.POST.get("decision") == "reject" else None
    error = None
    if request.method == "POST":
        try:
            if request.POST.get("decision") == "approve":
                services.listing_approve(actor=request.actor, listing=listing)
                messages.success(request, f"Version {submitted.number} of {listing.reference} is live")
                return redirect("web:catalogue-approvals")
            if form is not None and form.is_valid():
                services.listing_reject(
                    actor=request.actor, listing=listing, reason=form.cleaned_data["reason"]
                )
                messages.success(request, f"The change to {listing.reference} was rejected")
                return redirect("web:catalogue-approvals")
        except ApplicationError as exc:
            if exc.status in (401, 403, 404):
                raise
            error = exc
    live = listing.live_version
    context = {
        "listing": listing,
        "submitted": submitted if submitted and submitted.status == "submitted" else None,
        "live": live,
        "fields": ["name", "summary", "description", "category_label", "regions", "capacity", "features"],
        "unit_labels": {u.value: label for u, label in UNIT_LABELS.items()},
        **form_errors(form, error),
    }
    return render_form(request, "web/catalogue/review.jinja", context)
