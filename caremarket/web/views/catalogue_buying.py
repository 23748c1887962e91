"""Catalogue pages for buyers, after the search: shortlists and their downloads, the directory
of advisors, and the price benchmarks."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html, json_script
from django.views.decorators.http import require_http_methods, require_POST

from caremarket.catalogue import exports, selectors, services
from caremarket.catalogue.benchmarks import benchmarks_for_actor
from caremarket.catalogue.choices import REGION_CHOICES, UNIT_CHOICES, Specialism
from caremarket.catalogue.price_import import template_csv
from caremarket.catalogue.search import SearchQuery
from caremarket.core.errors import ApplicationError, NotFound
from caremarket.core.permissions import can, require
from caremarket.orgs.selectors import acting_organisation
from caremarket.rules.catalogue import MAX_QUANTITY, MAX_TERM_MONTHS, UNIT_LABELS, Unit
from caremarket.web.forms import form_errors, render_form
from caremarket.web.forms_catalogue import AdvisorForm, ShortlistForm
from caremarket.web.views.catalogue import (
    filters_text,
    listing_ids_from,
    query_from,
    query_pairs,
    whole_number,
)


@login_required
@require_http_methods(["GET", "POST"])
def shortlists(request):
    organisation = acting_organisation(request.actor)
    if organisation is None:
        raise NotFound("Choose the organisation you are acting for first")
    if request.method == "POST":
        return _save_shortlist(request, organisation)
    return render(
        request,
        "web/catalogue/shortlists.jinja",
        {
            "organisation": organisation,
            "shortlists": selectors.shortlists_for_actor(request.actor, organisation),
        },
    )


def _save_shortlist(request, organisation):
    require(request.actor, "catalogue.save_shortlist", organisation)
    form = ShortlistForm(request.POST)
    query = query_from(request.POST)
    ids = listing_ids_from(request.POST) or None
    quantity = whole_number(request.POST.get("quantity"), 1, MAX_QUANTITY, 1)
    term = whole_number(request.POST.get("term_months"), 1, MAX_TERM_MONTHS, selectors.DEFAULT_TERM_MONTHS)
    error = None
    if form.is_valid():
        try:
            shortlist = services.shortlist_save(
                actor=request.actor,
                organisation=organisation,
                query=query,
                listing_ids=ids,
                quantity=quantity,
                term_months=term,
                **form.cleaned_data,
            )
        except ApplicationError as exc:
            if exc.status in (401, 403):
                raise
            error = exc
        else:
            messages.success(
                request, f"'{shortlist.name}' was saved with {selectors.shortlist_size(shortlist)} services"
            )
            return redirect("web:catalogue-shortlist", shortlist_id=shortlist.pk)
    context = {
        "organisation": organisation,
        "shortlists": selectors.shortlists_for_actor(request.actor, organisation),
        **form_errors(form, error),
    }
    return render_form(request, "web/catalogue/shortlists.jinja", context)


@login_required
def shortlist(request, shortlist_id: int):
    found = selectors.shortlist_for_actor(request.actor, shortlist_id)
    query = found.query
    recorded = SearchQuery.from_record(query)
    return render(
        request,
        "web/catalogue/shortlist.jinja",
        {
            "shortlist": found,
            "filters_text": filters_text(recorded),
            "can_change": not found.is_locked and can(request.actor, "catalogue.change_shortlist", found),
            "search_html": format_html(
                '{} <a href="{}?{}">run it again now</a>',
                f"“{recorded.text}”" if recorded.text else "Everything",
                reverse("web:catalogue"),
                urlencode(query_pairs(recorded)),
            ),
            "unit_labels": {u.value: label for u, label in UNIT_LABELS.items()},
        },
    )


@login_required
@require_POST
def shortlist_lock(request, shortlist_id: int):
    found = selectors.shortlist_for_actor(request.actor, shortlist_id)
    try:
        services.shortlist_lock(actor=request.actor, shortlist=found)
    except ApplicationError as exc:
        if exc.status in (401, 403, 404):
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, f"'{found.name}' is locked: it will not change again")
    return redirect("web:catalogue-shortlist", shortlist_id=found.pk)


@login_required
@require_POST
def shortlist_remove(request, shortlist_id: int, listing_id: int):
    found = selectors.shortlist_for_actor(request.actor, shortlist_id)
    entry = selectors.shortlist_entry(found, listing_id)
    if entry is None:
        raise NotFound("That service is not on this shortlist")
    try:
        services.shortlist_entry_remove(actor=request.actor, shortlist=found, listing=entry.listing)
    except ApplicationError as exc:
        if exc.status in (401, 403, 404):
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{entry.snapshot.get('name', 'The service')} was taken off the shortlist")
    return redirect("web:catalogue-shortlist", shortlist_id=found.pk)


@login_required
def shortlist_download(request, shortlist_id: int, extension: str):
    if extension not in ("csv", "xlsx"):
        raise Http404("Download the shortlist as .csv or .xlsx")
    return exports.download(selectors.shortlist_for_actor(request.actor, shortlist_id), extension)


@login_required
def advisors(request):
    specialism = request.GET.get("specialism", "")
    region = request.GET.get("region", "")
    specialism = specialism if specialism in Specialism.values else ""
    region = region if region in dict(REGION_CHOICES) else ""
    return render(
        request,
        "web/catalogue/advisors.jinja",
        {
            "advisors": selectors.advisors_for_actor(request.actor, specialism=specialism, region=region),
            "specialism": specialism,
            "region": region,
            "specialisms": Specialism.choices,
            "specialism_labels": dict(Specialism.choices),
            "regions": REGION_CHOICES,
            "region_labels": dict(REGION_CHOICES),
            "mine": selectors.advisor_of_actor(request.actor),
            "can_nominate": can(request.actor, "catalogue.nominate_advisor"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def advisor_nominate(request):
    require(request.actor, "catalogue.nominate_advisor")
    mine = selectors.advisor_of_actor(request.actor)
    initial = {k: getattr(mine, k) for k in AdvisorForm.base_fields} if mine else {}
    form = AdvisorForm(request.POST or None, initial=initial)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            if mine:
                services.advisor_update(actor=request.actor, advisor=mine, **form.cleaned_data)
            else:
                services.advisor_nominate(actor=request.actor, **form.cleaned_data)
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(request, "Your entry in the directory of advisors was saved")
            return redirect("web:catalogue-advisors")
    context = {
        "form": form,
        "mine": mine,
        "values": form.data if form.is_bound else initial,
        "specialisms": Specialism.choices,
        "regions": REGION_CHOICES,
        **form_errors(form, error),
    }
    return render_form(request, "web/catalogue/advisor_form.jinja", context)


@login_required
def benchmarks(request):
    unit = request.GET.get("unit", "")
    rows = benchmarks_for_actor(request.actor, unit=unit if unit in set(Unit) else "")
    units_present = list(dict.fromkeys(r.unit for r in rows if r.listed))
    chart_unit = unit if unit in units_present else (units_present[0] if units_present else "")
    chart_rows = [r for r in rows if r.unit == chart_unit and r.listed]
    basis = chart_rows[0].basis if chart_rows else ""
    chart_rows = [r for r in chart_rows if r.basis == basis]
    chart = {
        "title": f"Prices {UNIT_LABELS[Unit(chart_unit)]}" if chart_unit else "",
        "basis": basis,
        "labels": [r.category_label for r in chart_rows],
        "lower": [float(r.listed.lower_quartile) for r in chart_rows],
        "median": [float(r.listed.median) for r in chart_rows],
        "upper": [float(r.listed.upper_quartile) for r in chart_rows],
        "counts": [r.listed.count for r in chart_rows],
    }
    return render(
        request,
        "web/catalogue/benchmarks.jinja",
        {
            "rows": rows,
            "unit": unit,
            "chart_unit": chart_unit,
            "chart_title": chart["title"].removeprefix("Prices ")
            + (" a year" if basis == "yearly" else " (one-off)"),
            "units": [(code, label) for code, label in UNIT_CHOICES if code in units_present]
            if not unit
            else UNIT_CHOICES,
            "all_units": UNIT_CHOICES,
            "chart_script": json_script(chart, "benchmark-data"),
        },
    )


@login_required
def prices_template(request):
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="price-list-template.csv"'
    return response
