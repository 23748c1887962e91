"""What the Most Suitable Provider pages share: fetching the process (and an alliance) for the
actor, the one form template and its fields, and the shape most of the step pages have
(`_form_view`)."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect

from caremarket.core.errors import ApplicationError, ValidationFailed
from caremarket.rules import provider_assessment as pa
from caremarket.selection import selectors_mcp as sel
from caremarket.selection.models import SelectionProcess
from caremarket.web.forms import form_errors, render_form
from caremarket.web.views.contracts.common import parse_date, refusal

FORM = "web/selection/mcp/form.jinja"
RATING_OPTIONS = [(str(r), r.label) for r in pa.Rating]
DATE_HINT = "For example, 30/11/2026"


def _process(request, reference: str) -> SelectionProcess:
    return sel.msp_process_for_actor(request.actor, reference)


def _alliance(request, reference: str, alliance_id: int):
    process = _process(request, reference)
    return process, sel.alliance_for_actor(request.actor, process, alliance_id)


def _form(request, context: dict, error=None):
    data = request.POST if request.method == "POST" else QueryDict()
    return render_form(request, FORM, {"data": data, **context, **form_errors(None, error)})


def _done(request, message: str, process: SelectionProcess, to: str | None = None):
    messages.success(request, message)
    return redirect(to or f"/selection/msp/{process.reference}")


def _form_view(
    request,
    process: SelectionProcess,
    *,
    spec: dict | Callable[[], dict],
    act: Callable[[], Any],
    done_message: str | Callable[[Any], str],
    to: str | Callable[[Any], str] | None = None,
):
    """The shape most step pages share. GET shows the form `spec` describes (a callable is called
    only when the form is shown). POST runs `act()`, which parses the fields and calls one
    service: a refusal shows the form again with its sentences; otherwise `done_message` is said
    and the page goes to `to` (the process's page unless given). Either may be a callable of what
    `act` returned."""
    error = None
    if request.method == "POST":
        try:
            result = act()
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            message = done_message(result) if callable(done_message) else done_message
            return _done(request, message, process, to(result) if callable(to) else to)
    return _form(request, spec() if callable(spec) else spec, error)


def _required_date(text: str, field: str, label: str):
    day = parse_date(text, field)
    if day is None:
        raise ValidationFailed.for_field(field, f"Enter {label} as DD/MM/YYYY")
    return day


def _date_field(name: str, label: str) -> dict:
    return {"name": name, "label": label, "hint": DATE_HINT, "classes": "nhsuk-input--width-10"}
