"""The Most Suitable Provider pages of stage 1: the constructive dialogue's sessions and an
alliance's written submission."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from caremarket.core.errors import ApplicationError
from caremarket.core.permissions import require
from caremarket.rules import provider_assessment as pa
from caremarket.selection import selectors_mcp as sel
from caremarket.selection.services import mcp
from caremarket.web.forms import form_errors, render_form
from caremarket.web.views.contracts.common import refusal
from caremarket.web.views.selection.mcp.common import (
    _alliance,
    _date_field,
    _done,
    _form_view,
    _process,
    _required_date,
)

QA_ROWS = 5


@login_required
@require_http_methods(["GET", "POST"])
def dialogue_new(request, reference: str):
    process = _process(request, reference)
    require(request.actor, "selection.manage_msp", process)
    fw = sel.framework_of(process.msp)

    def act():
        qa = [
            {"question": request.POST.get(f"question_{n}", ""), "answer": request.POST.get(f"answer_{n}", "")}
            for n in range(1, QA_ROWS + 1)
        ]
        day = _required_date(request.POST.get("held_on", ""), "held_on", "the day it was held")
        return mcp.dialogue_session_record(
            actor=request.actor,
            process=process,
            held_on=day,
            subjects=request.POST.getlist("subjects"),
            presentation_notes=request.POST.get("presentation_notes", ""),
            qa=qa,
        )

    def spec():
        fields = [
            _date_field("held_on", "Held on"),
            {
                "name": "subjects",
                "label": "Subjects",
                "kind": "checkboxes",
                "options": [(d.id, d.name) for d in fw.domains],
                "hint": "The framework's domains the session addressed",
            },
            {"name": "presentation_notes", "label": "The alliance's presentation", "kind": "area"},
        ]
        for n in range(1, QA_ROWS + 1):
            fields += [
                {"name": f"question_{n}", "label": f"Question {n}", "kind": "area", "rows": 2},
                {"name": f"answer_{n}", "label": f"Answer {n}", "kind": "area", "rows": 2},
            ]
        return {
            "process": process,
            "heading": f"Record dialogue session {sel.sessions_held(process) + 1} of {fw.dialogue_sessions}",
            "fields": fields,
            "button": "Record the session",
        }

    return _form_view(
        request,
        process,
        spec=spec,
        act=act,
        done_message=lambda session: f"Dialogue session {session.number} was recorded",
    )


@login_required
@require_http_methods(["GET", "POST"])
def submission(request, reference: str, alliance_id: int):
    process, alliance = _alliance(request, reference, alliance_id)
    require(request.actor, "selection.submit_for_alliance", alliance)
    fw = sel.framework_of(process.msp)
    error = None
    if request.method == "POST":
        try:
            if request.POST.get("action") == "submit":
                mcp.submission_submit(actor=request.actor, alliance=alliance)
                return _done(request, f"{alliance.name}'s written submission was made", process)
            document = mcp.submission_document_upload(
                actor=request.actor,
                alliance=alliance,
                kind=request.POST.get("kind", ""),
                file=request.FILES.get("file"),
            )
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            messages.success(request, f"{document.name} was uploaded")
            return redirect(f"/selection/msp/{process.reference}/alliances/{alliance.pk}/submission")
    sub = getattr(alliance, "submission", None)
    uploaded = sel.submission_documents_of(alliance)
    context = {
        "process": process,
        "alliance": alliance,
        "setup": process.msp,
        "submission": sub,
        "documents": uploaded,
        "kinds": [(d.kind, d.label) for d in fw.submission_documents],
        "missing": [d.label for d in pa.missing_submission_documents(fw, {d.kind for d in uploaded})],
        "data": request.POST if request.method == "POST" else {},
        **form_errors(None, error),
    }
    return render_form(request, "web/selection/mcp/submission.jinja", context)
