"""The make/share/buy diagnostic: the organisation's yearly cost per service line and option,
compared with each other and with benchmarks, as a chart and a table."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.html import json_script
from django.views.decorators.http import require_http_methods

from caremarket.core.errors import ApplicationError, NotFound
from caremarket.core.permissions import can, require
from caremarket.rules.money_text import whole_number_from_text
from caremarket.rules.sourcing_diagnostic import (
    OPTION_LABELS,
    POSITION_LABELS,
    SERVICE_LINE_LABELS,
    SOURCE_LABELS,
    ServiceLine,
    SourcingOption,
)
from caremarket.sourcing import selectors, services
from caremarket.sourcing.diagnostic import diagnostic_for_actor
from caremarket.web.forms import render_form

POPULATION_KEY = "diagnostic_population"
MAX_POPULATION = 100_000_000


def _population(request, organisation) -> tuple[int | None, str]:
    """The registered population the buyer gave (kept in the session for the organisation),
    to turn prices per head into yearly costs, and the problem with what was typed."""
    held = dict(request.session.get(POPULATION_KEY, {}))
    key = str(organisation.pk)
    if "population" in request.GET:
        text = request.GET["population"].strip()
        population = whole_number_from_text(text)
        if not text:
            held.pop(key, None)
        elif population is not None and 0 < population <= MAX_POPULATION:
            held[key] = population
        else:
            return None, "Enter the population as a whole number, like 250,000"
        request.session[POPULATION_KEY] = held
    return held.get(key), ""


def _chart(diagnostic) -> dict:
    labels = [row.label for row in diagnostic.rows]
    series = []
    for option in SourcingOption:
        values = [float(r.result(option).cost) if r.result(option) else None for r in diagnostic.rows]
        if any(v is not None for v in values):
            series.append({"label": OPTION_LABELS[option], "values": values})
    return {"labels": labels, "series": series}


@login_required
@require_http_methods(["GET", "POST"])
def diagnostic(request):
    actor = request.actor
    organisation = selectors.acting_buyer(actor)
    if organisation is None:
        raise NotFound("Act for a buyer organisation to compare its costs")
    require(actor, "sourcing.view_diagnostic", organisation)
    error = None
    if request.method == "POST":
        require(actor, "sourcing.edit_cost_figures", organisation)
        figures = {
            (line.value, option.value): request.POST.get(f"{line.value}__{option.value}", "")
            for line in ServiceLine
            for option in SourcingOption
        }
        try:
            services.cost_figures_save(actor=actor, organisation=organisation, figures=figures)
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(request, "Your cost figures were saved")
            return redirect("web:diagnostic")
    population, population_error = _population(request, organisation)
    result, held = diagnostic_for_actor(actor, organisation, population=population)
    values = {f"{line}__{option}": str(cost) for (line, option), cost in held.items()}
    if error is not None:
        values.update({k: v for k, v in request.POST.items() if "__" in k})
    fields = (error.details.get("fields") or {}) if error else {}
    context = {
        "organisation": organisation,
        "diagnostic": result,
        "population": population,
        "population_text": request.GET.get("population", "")
        if population_error
        else (f"{population:,}" if population else ""),
        "population_error": population_error,
        "values": values,
        "lines": [(line.value, SERVICE_LINE_LABELS[line]) for line in ServiceLine],
        "options": [(option.value, OPTION_LABELS[option]) for option in SourcingOption],
        "option_labels": OPTION_LABELS,
        "position_labels": POSITION_LABELS,
        "source_labels": SOURCE_LABELS,
        "can_edit": can(actor, "sourcing.edit_cost_figures", organisation),
        "field_errors": {k: v[0] for k, v in fields.items()},
        "errors": [{"text": m, "href": f"#{k}"} for k, v in fields.items() for m in v] if error else [],
        "chart_script": json_script(_chart(result), "diagnostic-data") if result.rows else "",
        "has_chart": any(r.options for r in result.rows),
    }
    return render_form(request, "web/sourcing/diagnostic.jinja", context)
