"""The annual summary (regulation 25) and its download."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from caremarket.core import clock
from caremarket.core.errors import NotFound, ValidationFailed
from caremarket.core.permissions import require
from caremarket.orgs.selectors import acting_organisation, organisation_by_code
from caremarket.rules.dates import spoken_date
from caremarket.rules.roles import Sector
from caremarket.selection import exports_psr as exports
from caremarket.selection import selectors_psr as selectors
from caremarket.web.views.selection.psr.common import TEMPLATES

# --- The annual summary ---------------------------------------------------------------------------


def _summary_request(request):
    actor = request.actor
    organisation = acting_organisation(actor, sector=Sector.BUYER)
    code = request.GET.get("organisation", "").strip()
    if code:
        organisation = organisation_by_code(code, sector=Sector.BUYER)
    if organisation is None:
        raise NotFound("Act for the authority whose annual summary this is")
    require(actor, "selection.view_annual_summary", organisation)
    today = clock.today()
    default = today.year - 1 if today.month < 4 else today.year
    text = request.GET.get("year", "").strip()
    if text and not (text.isdigit() and 2024 <= int(text) <= today.year + 1):
        raise ValidationFailed.for_field(
            "year", "Enter a financial year from 2024, like 2025 for April 2025 to March 2026"
        )
    year = int(text) if text else default
    return organisation, year, selectors.annual_summary(organisation.pk, year)


@login_required
def annual_summary(request):
    organisation, year, summary = _summary_request(request)
    today = clock.today()
    context = {
        "organisation": organisation,
        "year": year,
        "summary": summary,
        "rows": exports.summary_table(summary),
        "years": [(str(y), f"April {y} to March {y + 1}") for y in range(2024, today.year + 1)],
        "spoken_date": spoken_date,
    }
    return render(request, TEMPLATES + "annual_summary.jinja", context)


@login_required
def annual_summary_download(request, extension: str):
    if extension not in exports.CONTENT_TYPES:
        raise Http404("Download the annual summary as .csv or .xlsx")
    organisation, _, summary = _summary_request(request)
    body, content_type, name = exports.summary_file(summary, organisation, extension)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
