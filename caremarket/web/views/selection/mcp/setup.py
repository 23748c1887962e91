"""The Most Suitable Provider pages for setting the process up: the list and the overview,
starting it, the submission deadline, alliances and their letters of commitment, the notice to
the market and the assessment panel."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from caremarket.core import clock
from caremarket.core.errors import ValidationFailed
from caremarket.core.permissions import can, require
from caremarket.rules import provider_assessment as pa
from caremarket.selection import selectors_mcp as sel
from caremarket.selection.services import mcp, mcp_assessment
from caremarket.web.views.contracts.common import parse_date
from caremarket.web.views.selection.mcp.common import (
    _alliance,
    _date_field,
    _form_view,
    _process,
    _required_date,
)

# --- Lists and the overview -------------------------------------------------------------------


@login_required
def msp_list(request):
    rows = sel.msp_processes_for_actor(request.actor)
    return render(request, "web/selection/mcp/list.jinja", {"processes": rows})


@login_required
@require_http_methods(["GET", "POST"])
def msp_start(request, reference: str):
    process = sel.startable_for_actor(request.actor, reference)
    require(request.actor, "selection.manage_msp", process)

    def act():
        deadline = parse_date(request.POST.get("deadline", ""), "deadline")
        mcp.msp_start(
            actor=request.actor,
            process=process,
            framework_code=request.POST.get("framework", ""),
            submission_deadline=deadline,
        )

    def spec():
        options = [(code, pa.framework(code, clock.today()).name) for code in pa.framework_codes()]
        return {
            "process": process,
            "heading": "Start the Most Suitable Provider process",
            "intro": ["Choose the evaluation framework the alliances' submissions are assessed under."],
            "fields": [
                {"name": "framework", "label": "Evaluation framework", "kind": "radios", "options": options},
                _date_field("deadline", "Written submission deadline (optional)"),
            ],
            "button": "Start the process",
        }

    return _form_view(
        request, process, spec=spec, act=act, done_message="The Most Suitable Provider process has started"
    )


@login_required
def msp_overview(request, reference: str):
    actor = request.actor
    process = _process(request, reference)
    view = sel.overview(process)
    alliances = sel.alliances_of(process)
    viewpoint = sel.viewpoint(actor, process)
    member = viewpoint.panel_member
    return render(
        request,
        "web/selection/mcp/overview.jinja",
        {
            "process": process,
            "setup": process.msp,
            "view": view,
            "framework": view.framework,
            "alliances": alliances,
            "sessions": sel.sessions_of(process),
            "panel": sel.panel_of(process),
            "engagement": sel.engagement_of(process),
            "commissioner_names": sel.commissioner_names(process),
            "gateway1": sel.gateway(process, 1),
            "gateway2": sel.gateway(process, 2),
            "award": sel.award_progress(process) if view.facts.gateway2_passed else None,
            "manage": can(actor, "selection.manage_msp", process),
            "visible_alliances": {a.pk for a in alliances if can(actor, "selection.view_alliance", a)},
            "steps": {str(step) for step in pa.commissioner_steps(view.facts, view.framework)},
            "panel_member": member,
            "own_alliances": [a for a in alliances if a.name in viewpoint.alliance_names],
            "domain_names": {d.id: d.name for d in view.framework.domains},
        },
    )


# --- Setting up: deadline, alliances, letters, the notice, the panel ------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def msp_deadline(request, reference: str):
    process = _process(request, reference)
    require(request.actor, "selection.manage_msp", process)

    def act():
        day = _required_date(request.POST.get("deadline", ""), "deadline", "the deadline")
        mcp.msp_submission_deadline_set(actor=request.actor, process=process, deadline=day)

    return _form_view(
        request,
        process,
        spec={
            "process": process,
            "heading": "Set the written submission deadline",
            "fields": [_date_field("deadline", "Deadline")],
        },
        act=act,
        done_message="The written submission deadline was set",
    )


def _provider_options() -> list[tuple[str, str]]:
    return sel.provider_choices()


@login_required
@require_http_methods(["GET", "POST"])
def alliance_new(request, reference: str):
    process = _process(request, reference)
    require(request.actor, "selection.manage_msp", process)

    def act():
        codes = request.POST.getlist("members")
        lead_code = request.POST.get("lead", "")
        by_code = sel.organisations_by_code([*codes, lead_code])
        if lead_code not in by_code:
            raise ValidationFailed.for_field("lead", "Choose the alliance's lead provider")
        return mcp.alliance_form(
            actor=request.actor,
            process=process,
            name=request.POST.get("name", ""),
            lead=by_code[lead_code],
            members=[by_code[c] for c in codes if c in by_code],
        )

    def spec():
        options = _provider_options()
        return {
            "process": process,
            "heading": "Record an alliance of providers",
            "fields": [
                {"name": "name", "label": "Alliance name"},
                {
                    "name": "lead",
                    "label": "Lead provider",
                    "kind": "select",
                    "options": [("", "Choose"), *options],
                },
                {
                    "name": "members",
                    "label": "Members",
                    "kind": "checkboxes",
                    "options": options,
                    "hint": "The lead is a member too.",
                },
            ],
            "button": "Record the alliance",
        }

    return _form_view(
        request, process, spec=spec, act=act, done_message=lambda alliance: f"{alliance.name} was recorded"
    )


@login_required
def alliance_detail(request, reference: str, alliance_id: int):
    actor = request.actor
    process, alliance = _alliance(request, reference, alliance_id)
    fw = sel.framework_of(process.msp)
    submission = getattr(alliance, "submission", None)
    documents = sel.submission_documents_of(alliance)
    states = sel.document_states(alliance)
    return render(
        request,
        "web/selection/mcp/alliance.jinja",
        {
            "process": process,
            "alliance": alliance,
            "members": sel.members_of(alliance),
            "submission": submission,
            "documents": documents,
            "kinds": {d.kind: d.label for d in fw.submission_documents},
            "ratings": sel.ratings_for(actor, process, alliance),
            "stage2": [(kind, states[str(kind)]) for kind in pa.Stage2Document],
            "can_submit": can(actor, "selection.submit_for_alliance", alliance),
            "can_letter": can(actor, "selection.record_alliance_letter", alliance),
            "manage": can(actor, "selection.manage_msp", process),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def alliance_letter(request, reference: str, alliance_id: int):
    process, alliance = _alliance(request, reference, alliance_id)
    require(request.actor, "selection.record_alliance_letter", alliance)

    def act():
        day = _required_date(request.POST.get("signed_on", ""), "signed_on", "the day it was signed")
        mcp.alliance_letter_record(
            actor=request.actor,
            alliance=alliance,
            signed_on=day,
            signed_by=request.POST.get("signed_by", ""),
            file=request.FILES.get("file"),
        )

    return _form_view(
        request,
        process,
        spec={
            "process": process,
            "heading": f"{alliance.name}: signed letter of commitment",
            "fields": [
                _date_field("signed_on", "Signed on"),
                {
                    "name": "signed_by",
                    "label": "Signed by",
                    "hint": "For example, the chief executives of each member",
                },
                {
                    "name": "file",
                    "label": "The signed letter",
                    "kind": "file",
                    "hint": "PDF, DOCX, XLSX, ODT, PNG or JPEG",
                },
            ],
            "multipart": True,
            "button": "Record the letter",
        },
        act=act,
        done_message=f"{alliance.name}'s letter of commitment was recorded",
    )


@login_required
@require_http_methods(["GET", "POST"])
def market_notice(request, reference: str):
    process = _process(request, reference)
    require(request.actor, "selection.manage_msp", process)
    return _form_view(
        request,
        process,
        spec={
            "process": process,
            "heading": "Publish the notice to the market",
            "intro": [
                "The notice tells the market of the process and its intended outcome. It is published "
                "as a preliminary market engagement notice (UK2).",
            ],
            "fields": [
                {
                    "name": "description",
                    "label": "What the notice says (optional)",
                    "kind": "area",
                    "hint": "Left blank, Caremarket describes the process, its alliances and its term.",
                },
            ],
            "button": "Publish the notice",
        },
        act=lambda: mcp.market_notice_publish(
            actor=request.actor, process=process, description=request.POST.get("description", "")
        ),
        done_message="The notice to the market was published",
        to=lambda notice: f"/notices/{notice.pk}",
    )


@login_required
@require_http_methods(["GET", "POST"])
def panel_add(request, reference: str):
    process = _process(request, reference)
    require(request.actor, "selection.manage_msp", process)

    def act():
        person = sel.person_by_id(request.POST.get("person", ""))
        if person is None:
            raise ValidationFailed.for_field("person", "Choose who joins the panel")
        mcp_assessment.panel_member_add(actor=request.actor, process=process, person=person)
        return person

    def spec():
        people = sel.panel_candidates(process)
        return {
            "process": process,
            "heading": "Add a member to the assessment panel",
            "fields": [
                {
                    "name": "person",
                    "label": "Person",
                    "kind": "select",
                    "options": [("", "Choose")] + [(str(p.pk), f"{p.full_name} ({p.email})") for p in people],
                },
            ],
            "button": "Add to the panel",
        }

    return _form_view(
        request,
        process,
        spec=spec,
        act=act,
        done_message=lambda person: f"{person} joined the assessment panel",
    )
