"""Direct award pages: start one from a locked shortlist (the chosen service and why), and
read one once made."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from caremarket.catalogue.selectors import shortlist_entries_with_listings, shortlist_for_actor
from caremarket.competitions import selectors, services
from caremarket.core.errors import ApplicationError, NotFound
from caremarket.core.permissions import require
from caremarket.core.validation import FieldProblems
from caremarket.web.forms import render_form
from caremarket.web.views.competitions.common import errors


def _shortlist_id(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise NotFound("Start a direct award from a locked shortlist") from None


def _months(value: str, problems: FieldProblems) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    if not value.isdigit() or not 1 <= int(value) <= 240:
        problems.add("term_months", "Enter the term in months, 1 to 240")
        return None
    return int(value)


def _parsed(data, entries) -> dict:
    """The form's fields, every problem with them reported together."""
    problems = FieldProblems()
    entry = next((e for e in entries if str(e.pk) == data.get("entry", "")), None)
    problems.check(entry is not None, "entry", "Choose the service to award")
    justification = data.get("justification", "")
    problems.check(bool(justification.strip()), "justification", "Record why it is awarded directly")
    value = problems.money("value", data.get("value", ""))
    term_months = _months(data.get("term_months", ""), problems)
    problems.raise_if_any()
    return {"entry": entry, "justification": justification, "value": value, "term_months": term_months}


@login_required
@require_http_methods(["GET", "POST"])
def direct_award_new(request):
    actor = request.actor
    data = request.POST if request.method == "POST" else request.GET
    shortlist = shortlist_for_actor(actor, _shortlist_id(data.get("shortlist")))
    require(
        actor,
        "competitions.direct_award",
        shortlist.organisation,
        message="Only the buyer's procurement leads award directly",
    )
    entries = shortlist_entries_with_listings(shortlist)
    error = None
    if request.method == "POST":
        try:
            award = services.direct_award_create(actor=actor, shortlist=shortlist, **_parsed(data, entries))
        except ApplicationError as exc:
            if exc.status in (403, 404):
                raise
            error = exc
        else:
            messages.success(request, f"{award.reference}: {award.service_name} was awarded directly")
            return redirect("web:direct-award", reference=award.reference)
    context = {"shortlist": shortlist, "entries": entries, "data": data, **errors(error)}
    return render_form(request, "web/competitions/direct_award_new.jinja", context)


@login_required
def direct_award_detail(request, reference: str):
    award = selectors.direct_award_for_actor(request.actor, reference)
    return render(request, "web/competitions/direct_award.jinja", {"award": award})
