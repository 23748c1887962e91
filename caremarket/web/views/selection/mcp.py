"""The Most Suitable Provider process's pages: for commissioners (the process, its stages and
what comes next, and each step's form), panel members (declaring, then rating each domain's
sub-criteria) and alliance providers (their alliance, its submission, its ratings after
moderation, and the stage 2 documents to agree)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

from caremarket.core import clock
from caremarket.core.errors import ApplicationError, NotFound, ValidationFailed
from caremarket.core.money import format_money
from caremarket.core.permissions import can, require
from caremarket.rules import provider_assessment as pa
from caremarket.rules import psr as psr_rules
from caremarket.rules.dates import spoken_date
from caremarket.selection import selectors_mcp as sel
from caremarket.selection import selectors_psr as psr_selectors
from caremarket.selection.models import SelectionProcess
from caremarket.selection.services import mcp, mcp_assessment, mcp_stage2
from caremarket.selection.services import psr as psr_services
from caremarket.web.forms import form_errors, render_form
from caremarket.web.views.contracts.common import parse_date, refusal
from caremarket.web.views.selection import psr as psr_views

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


def _required_date(text: str, field: str, label: str):
    day = parse_date(text, field)
    if day is None:
        raise ValidationFailed.for_field(field, f"Enter {label} as DD/MM/YYYY")
    return day


def _date_field(name: str, label: str) -> dict:
    return {"name": name, "label": label, "hint": DATE_HINT, "classes": "nhsuk-input--width-10"}


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
    error = None
    if request.method == "POST":
        try:
            deadline = parse_date(request.POST.get("deadline", ""), "deadline")
            mcp.msp_start(
                actor=request.actor,
                process=process,
                framework_code=request.POST.get("framework", ""),
                submission_deadline=deadline,
            )
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            return _done(request, "The Most Suitable Provider process has started", process)
    options = [(code, pa.framework(code, clock.today()).name) for code in pa.framework_codes()]
    return _form(
        request,
        {
            "process": process,
            "heading": "Start the Most Suitable Provider process",
            "intro": ["Choose the evaluation framework the alliances' submissions are assessed under."],
            "fields": [
                {"name": "framework", "label": "Evaluation framework", "kind": "radios", "options": options},
                _date_field("deadline", "Written submission deadline (optional)"),
            ],
            "button": "Start the process",
        },
        error,
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
    error = None
    if request.method == "POST":
        try:
            day = _required_date(request.POST.get("deadline", ""), "deadline", "the deadline")
            mcp.msp_submission_deadline_set(actor=request.actor, process=process, deadline=day)
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            return _done(request, "The written submission deadline was set", process)
    return _form(
        request,
        {
            "process": process,
            "heading": "Set the written submission deadline",
            "fields": [_date_field("deadline", "Deadline")],
        },
        error,
    )


def _provider_options() -> list[tuple[str, str]]:
    return sel.provider_choices()


@login_required
@require_http_methods(["GET", "POST"])
def alliance_new(request, reference: str):
    process = _process(request, reference)
    require(request.actor, "selection.manage_msp", process)
    error = None
    if request.method == "POST":
        codes = request.POST.getlist("members")
        lead_code = request.POST.get("lead", "")
        by_code = sel.organisations_by_code([*codes, lead_code])
        try:
            if lead_code not in by_code:
                raise ValidationFailed.for_field("lead", "Choose the alliance's lead provider")
            alliance = mcp.alliance_form(
                actor=request.actor,
                process=process,
                name=request.POST.get("name", ""),
                lead=by_code[lead_code],
                members=[by_code[c] for c in codes if c in by_code],
            )
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            return _done(request, f"{alliance.name} was recorded", process)
    options = _provider_options()
    return _form(
        request,
        {
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
        },
        error,
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
    error = None
    if request.method == "POST":
        try:
            day = _required_date(request.POST.get("signed_on", ""), "signed_on", "the day it was signed")
            mcp.alliance_letter_record(
                actor=request.actor,
                alliance=alliance,
                signed_on=day,
                signed_by=request.POST.get("signed_by", ""),
                file=request.FILES.get("file"),
            )
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            return _done(request, f"{alliance.name}'s letter of commitment was recorded", process)
    return _form(
        request,
        {
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
        error,
    )


@login_required
@require_http_methods(["GET", "POST"])
def market_notice(request, reference: str):
    process = _process(request, reference)
    require(request.actor, "selection.manage_msp", process)
    error = None
    if request.method == "POST":
        try:
            notice = mcp.market_notice_publish(
                actor=request.actor, process=process, description=request.POST.get("description", "")
            )
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            return _done(request, "The notice to the market was published", process, f"/notices/{notice.pk}")
    return _form(
        request,
        {
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
        error,
    )


@login_required
@require_http_methods(["GET", "POST"])
def panel_add(request, reference: str):
    process = _process(request, reference)
    require(request.actor, "selection.manage_msp", process)
    error = None
    if request.method == "POST":
        person = sel.person_by_id(request.POST.get("person", ""))
        try:
            if person is None:
                raise ValidationFailed.for_field("person", "Choose who joins the panel")
            mcp_assessment.panel_member_add(actor=request.actor, process=process, person=person)
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            return _done(request, f"{person} joined the assessment panel", process)
    people = sel.panel_candidates(process)
    return _form(
        request,
        {
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
        },
        error,
    )


# --- Stage 1: dialogue and the written submission -----------------------------------------------


QA_ROWS = 5


@login_required
@require_http_methods(["GET", "POST"])
def dialogue_new(request, reference: str):
    process = _process(request, reference)
    require(request.actor, "selection.manage_msp", process)
    fw = sel.framework_of(process.msp)
    error = None
    if request.method == "POST":
        qa = [
            {"question": request.POST.get(f"question_{n}", ""), "answer": request.POST.get(f"answer_{n}", "")}
            for n in range(1, QA_ROWS + 1)
        ]
        try:
            day = _required_date(request.POST.get("held_on", ""), "held_on", "the day it was held")
            session = mcp.dialogue_session_record(
                actor=request.actor,
                process=process,
                held_on=day,
                subjects=request.POST.getlist("subjects"),
                presentation_notes=request.POST.get("presentation_notes", ""),
                qa=qa,
            )
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            return _done(request, f"Dialogue session {session.number} was recorded", process)
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
    return _form(
        request,
        {
            "process": process,
            "heading": f"Record dialogue session {sel.sessions_held(process) + 1} of {fw.dialogue_sessions}",
            "fields": fields,
            "button": "Record the session",
        },
        error,
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


# --- The panel: declaring and rating ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def panel_declare(request, reference: str):
    process = _process(request, reference)
    require(request.actor, "selection.rate_msp", process)
    member = sel.viewpoint(request.actor, process).panel_member
    if request.method == "GET" and member is not None and member.declaration:
        return _done(request, f"You made your declaration on {spoken_date(member.declared_at)}", process)
    error = None
    if request.method == "POST":
        try:
            mcp_assessment.panel_declare(
                actor=request.actor,
                process=process,
                declaration=request.POST.get("declaration", ""),
                text=request.POST.get("conflict_text", ""),
            )
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            return _done(request, "Your declaration was recorded", process)
    return _form(
        request,
        {
            "process": process,
            "heading": "Declare any conflict of interest",
            "intro": [
                "You rate the alliances' submissions only after declaring. "
                "If you have a conflict, you do not rate."
            ],
            "fields": [
                {
                    "name": "declaration",
                    "label": "Do you have a conflict of interest?",
                    "kind": "radios",
                    "options": [
                        ("no_conflict", "No, I have no conflict of interest"),
                        ("conflict", "Yes, I have a conflict"),
                    ],
                },
                {
                    "name": "conflict_text",
                    "label": "Your conflict of interest",
                    "kind": "area",
                    "hint": "Needed if you have one",
                },
            ],
            "button": "Make my declaration",
        },
        error,
    )


@login_required
@require_http_methods(["GET", "POST"])
def panel_rate(request, reference: str, alliance_id: int, domain: str):
    actor = request.actor
    process, alliance = _alliance(request, reference, alliance_id)
    require(actor, "selection.rate_msp", process)
    fw = sel.framework_of(process.msp)
    spec = fw.domain(domain)
    if spec is None:
        raise NotFound(f"{domain} is not a domain of the {fw.name}")
    error = None
    if request.method == "POST":
        ratings = {
            s.id: (request.POST.get(f"rating_{s.id}", ""), request.POST.get(f"comment_{s.id}", ""))
            for s in spec.sub_criteria
            if request.POST.get(f"rating_{s.id}") or request.POST.get(f"comment_{s.id}")
        }
        try:
            mcp_assessment.panel_rate(actor=actor, process=process, alliance=alliance, ratings=ratings)
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            following = fw.domains[fw.domains.index(spec) + 1] if spec != fw.domains[-1] else None
            messages.success(request, f"Your ratings of {spec.name} were saved")
            if following is not None:
                return redirect(
                    f"/selection/msp/{process.reference}/alliances/{alliance.pk}/rate/{following.id}"
                )
            return redirect(f"/selection/msp/{process.reference}")
    member = sel.viewpoint(actor, process).panel_member
    own = sel.own_ratings(alliance, member)
    data = request.POST if request.method == "POST" else {}
    rows = [
        {
            "sub": s,
            "rating": data.get(f"rating_{s.id}") or (own[s.id].rating if s.id in own else ""),
            "comment": data.get(f"comment_{s.id}") or (own[s.id].comment if s.id in own else ""),
        }
        for s in spec.sub_criteria
    ]
    return render_form(
        request,
        "web/selection/mcp/rate.jinja",
        {
            "process": process,
            "alliance": alliance,
            "domain": spec,
            "domains": fw.domains,
            "rows": rows,
            "options": RATING_OPTIONS,
            "scale": fw.scale,
            **form_errors(None, error),
        },
    )


# --- Moderation and gateway 1 -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def moderate(request, reference: str, alliance_id: int):
    actor = request.actor
    process, alliance = _alliance(request, reference, alliance_id)
    require(actor, "selection.manage_msp", process)
    fw = sel.framework_of(process.msp)
    error = None
    data = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        subs = {
            s.id: (data.get(f"rating_{s.id}", ""), data.get(f"rationale_{s.id}", "")) for s in fw.sub_criteria
        }
        domains = {
            d.id: (data.get(f"domain_{d.id}", ""), data.get(f"domain_rationale_{d.id}", ""))
            for d in fw.domains
            if data.get(f"domain_{d.id}")
        }
        try:
            if any(not rating for rating, _ in subs.values()):
                missing = [s for s, (rating, _) in subs.items() if not rating]
                raise ValidationFailed.for_field(
                    "ratings", f"Agree the collective rating of {pa._listed(missing)}"
                )
            mcp_assessment.moderation_record(
                actor=actor,
                process=process,
                alliance=alliance,
                sub_ratings=subs,
                domains=domains,
                overall=(data.get("overall", ""), data.get("overall_rationale", "")),
            )
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            return _done(request, f"{alliance.name}'s ratings were moderated", process)
    originals = sel.original_ratings(alliance)
    rows = []
    for s in fw.sub_criteria:
        given = [r for r in originals if r.sub_criterion == s.id]
        suggested = pa.suggested_rating([r.rating for r in given]) if given else None
        rows.append(
            {
                "sub": s,
                "originals": given,
                "suggested": suggested,
                "rating": data.get(f"rating_{s.id}") or (str(suggested) if suggested else ""),
                "rationale": data.get(f"rationale_{s.id}", ""),
            }
        )
    return render_form(
        request,
        "web/selection/mcp/moderate.jinja",
        {
            "process": process,
            "alliance": alliance,
            "framework": fw,
            "rows": rows,
            "options": RATING_OPTIONS,
            "data": data,
            **form_errors(None, error),
        },
    )


@login_required
def alliance_ratings(request, reference: str, alliance_id: int):
    actor = request.actor
    process, alliance = _alliance(request, reference, alliance_id)
    ratings = sel.ratings_for(actor, process, alliance)
    if not ratings.visibility.sees_any:
        raise NotFound(
            f"{alliance.name}'s ratings are not for you to see"
            if process.msp.moderated_at
            else f"{alliance.name}'s ratings are shown after moderation"
        )
    fw = sel.framework_of(process.msp)
    return render(
        request,
        "web/selection/mcp/ratings.jinja",
        {"process": process, "alliance": alliance, "ratings": ratings, "framework": fw},
    )


@login_required
@require_http_methods(["GET", "POST"])
def gateway1(request, reference: str):
    actor = request.actor
    process = _process(request, reference)
    require(actor, "selection.manage_msp", process)
    fw = sel.framework_of(process.msp)
    error = None
    if request.method == "POST":
        themes = [t for t in request.POST.get("themes", "").splitlines() if t.strip()]
        notes = {d.id: request.POST.get(f"note_{d.id}", "") for d in fw.domains}
        try:
            gate = mcp_assessment.gateway1_decide(
                actor=actor,
                process=process,
                decision=request.POST.get("decision", ""),
                rationale=request.POST.get("rationale", ""),
                themes=themes,
                notes=notes,
            )
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            return _done(request, f"Gateway 1: {gate.decision_label.lower()}", process)
    not_assured = sel.not_assured_domains(process)
    names = {d.id: d.name for d in fw.domains}
    fields = [
        {
            "name": "decision",
            "label": "Decision",
            "kind": "radios",
            "options": [(str(d), d.label) for d in pa.Gateway1Decision],
        },
        {"name": "rationale", "label": "Rationale", "kind": "area"},
        {
            "name": "themes",
            "label": "Themes to address early in stage 2",
            "kind": "area",
            "rows": 6,
            "hint": "One theme a line. Needed to progress with partial assurance.",
        },
    ]
    fields += [
        {
            "name": f"note_{d}",
            "label": f"{names.get(d, d)} is not assured: why progress, and how stage 2 will address it",
            "kind": "area",
        }
        for d in not_assured
    ]
    overall = [f"{name}: {label.lower()} overall" for name, label in sel.overall_ratings(process)]
    return _form(
        request,
        {
            "process": process,
            "heading": "Gateway 1: progress or divert",
            "intro": [
                "Progress opens stage 2, detailed negotiation. Divert ends the process and opens an "
                "open-market competition for the services, linked to it."
            ],
            "inset": "; ".join(overall) if overall else "",
            "fields": fields,
            "button": "Record the decision",
        },
        error,
    )


# --- Stage 2, gateway 2 and the contract ---------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def stage2_document(request, reference: str, alliance_id: int, kind: str):
    actor = request.actor
    process, alliance = _alliance(request, reference, alliance_id)
    try:
        kind_ = pa.Stage2Document(kind)
    except ValueError:
        raise NotFound(f"{kind} is not a stage 2 document") from None
    may_manage = can(actor, "selection.manage_msp", process)
    may_agree = can(actor, "selection.agree_for_alliance", alliance)
    if not (may_manage or may_agree or can(actor, "selection.view_process", process)):
        require(actor, "selection.submit_for_alliance", alliance)
    error = None
    if request.method == "POST":
        try:
            mcp_stage2.stage2_version_add(
                actor=actor,
                alliance=alliance,
                kind=kind,
                text=request.POST.get("text", ""),
                file=request.FILES.get("file"),
                note=request.POST.get("note", ""),
            )
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            return _done(
                request,
                f"A new version of the {kind_.label.lower()} was saved",
                process,
                f"/selection/msp/{process.reference}/alliances/{alliance.pk}/stage2/{kind}",
            )
    versions = sel.stage2_versions(alliance, kind)
    state = sel.document_states(alliance)[kind]
    side = None
    if may_manage:
        side = pa.Side.COMMISSIONERS
    elif may_agree:
        side = pa.Side.ALLIANCE_LEAD
    return render_form(
        request,
        "web/selection/mcp/stage2.jinja",
        {
            "process": process,
            "alliance": alliance,
            "kind": kind_,
            "versions": versions,
            "latest": versions[0] if versions else None,
            "state": state,
            "side": side,
            "can_draft": side is not None,
            "data": request.POST if request.method == "POST" else {},
            **form_errors(None, error),
        },
    )


@login_required
@require_POST
def stage2_agree(request, reference: str, version_id: int):
    actor = request.actor
    process = _process(request, reference)
    version = sel.version_in(process, version_id)
    document = version.document
    to = f"/selection/msp/{process.reference}/alliances/{document.alliance_id}/stage2/{document.kind}"
    try:
        mcp_stage2.stage2_version_agree(actor=actor, version=version)
    except ApplicationError as exc:
        refusal(exc)
        messages.error(request, exc.message)
        return redirect(to)
    return _done(
        request, f"You agreed version {version.number} of the {version.document.label.lower()}", process, to
    )


@login_required
@require_http_methods(["GET", "POST"])
def engagement(request, reference: str):
    actor = request.actor
    process = _process(request, reference)
    if not sel.may_record_engagement(actor, process):
        require(actor, "selection.manage_msp", process)
    error = None
    if request.method == "POST":
        try:
            day = _required_date(request.POST.get("held_on", ""), "held_on", "the day it took place")
            mcp_stage2.engagement_record(
                actor=actor,
                process=process,
                held_on=day,
                who=request.POST.get("who", ""),
                summary=request.POST.get("summary", ""),
            )
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            return _done(request, "The engagement was recorded", process)
    return _form(
        request,
        {
            "process": process,
            "heading": "Record patient and public engagement",
            "intro": ["Stage 2 is developed in partnership with patients and the public."],
            "fields": [
                _date_field("held_on", "Held on"),
                {
                    "name": "who",
                    "label": "Who took part",
                    "hint": "For example, a pathway group or patient experts",
                },
                {"name": "summary", "label": "What was heard and how it shaped the plans", "kind": "area"},
            ],
            "button": "Record the engagement",
        },
        error,
    )


@login_required
@require_http_methods(["GET", "POST"])
def gateway2(request, reference: str):
    actor = request.actor
    process = _process(request, reference)
    require(actor, "selection.manage_msp", process)
    error = None
    if request.method == "POST":
        try:
            mcp_stage2.gateway2_pass(
                actor=actor, process=process, rationale=request.POST.get("rationale", "")
            )
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            return _done(
                request,
                "Gateway 2 has passed: record the decision against the five key criteria",
                process,
                f"/selection/msp/{process.reference}/decision",
            )
    reason = sel.gateway2_refusal(process)
    return _form(
        request,
        {
            "process": process,
            "heading": "Gateway 2",
            "intro": [
                "Gateway 2 passes once the delivery plan, the innovation plan and the service contract "
                "are agreed by both sides."
            ],
            "inset": reason or "Every stage 2 document is agreed by both sides.",
            "fields": [{"name": "rationale", "label": "Note (optional)", "kind": "area"}],
            "button": "Pass gateway 2",
        },
        error,
    )


@login_required
@require_http_methods(["GET", "POST"])
def msp_decision(request, reference: str):
    """The decision record after gateway 2: the alliance the contract goes to (its lead provider),
    the contract's value and how each of the five key criteria was taken into account."""
    actor = request.actor
    process = _process(request, reference)
    require(actor, "selection.manage_msp", process)
    decision = psr_selectors.decision_of(process)
    criteria = psr_rules.key_criteria(clock.today())
    alliances = sel.alliances_of(process)
    error = None
    values = psr_views.decision_values(decision)
    if request.method == "POST":
        data = request.POST
        try:
            code = data.get("provider", "").strip()
            leads = {a.lead.code: a.lead for a in alliances}
            if code and code not in leads:
                raise ValidationFailed.for_field("provider", "Choose the alliance the contract goes to")
            psr_services.psr_decision_record(
                actor=actor,
                selection=process,
                provider=leads.get(code),
                contract_value=data.get("contract_value", ""),
                criteria=psr_views.decision_rows(data, criteria),
            )
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            return _done(
                request,
                "The decision was recorded: publish the notice of intention to award when it is final",
                process,
            )
        values = psr_views.decision_values(decision, data)
    gateway_passed = sel.gateway(process, 2) is not None
    intro = [
        "The Most Suitable Provider process ends, as Direct Award C does, with the decision against "
        "the five key criteria, the notice of intention to award and its standstill of 8 working days "
        "(regulations 11, 12 and 24)."
    ]
    if not gateway_passed:
        intro.append("Gateway 2 has not passed yet: the decision is recorded after it.")
    context = psr_views.decision_context(
        process,
        decision,
        criteria,
        values,
        [(a.lead.code, f"{a.name}: {a.lead.name} (its lead provider)") for a in alliances],
        error,
        back_url=f"/selection/msp/{process.reference}",
        provider_label="The alliance the contract goes to",
        intro=intro,
    )
    return render_form(request, "web/selection/psr/decision.jinja", context)


@login_required
@require_POST
def msp_intention(request, reference: str):
    """Publish the notice of intention to award (PSR_INTENTION): the standstill starts."""
    actor = request.actor
    process = _process(request, reference)
    require(actor, "selection.manage_msp", process)
    try:
        decision = psr_services.psr_intention_publish(actor=actor, selection=process)
    except ApplicationError as exc:
        messages.error(request, refusal(exc).message)
        return redirect(f"/selection/msp/{process.reference}")
    ends = psr_rules.standstill_ends_on(decision.intention_published_on)
    return _done(
        request,
        "The notice of intention to award was published: the standstill runs until the end of "
        f"{spoken_date(ends)}",
        process,
    )


@login_required
@require_http_methods(["GET", "POST"])
def contract_new(request, reference: str, alliance_id: int):
    actor = request.actor
    process, alliance = _alliance(request, reference, alliance_id)
    require(actor, "selection.manage_msp", process)
    require(actor, "contracts.create_contract", process.lead_commissioner)
    error = None
    if request.method == "POST":
        try:
            starts = _required_date(request.POST.get("starts_on", ""), "starts_on", "the start date")
            signed = parse_date(request.POST.get("signed_on", ""), "signed_on")
            contract = mcp_stage2.msp_contract_create(
                actor=actor,
                alliance=alliance,
                starts_on=starts,
                term_months=request.POST.get("term_months", ""),
                signed_on=signed,
            )
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            return _done(
                request,
                f"Contract {contract.reference} was made with {alliance.lead.name} and the confirmation "
                "of contract award published",
                process,
                f"/contracts/{contract.reference}",
            )
    progress = sel.award_progress(process)
    members = [o.name for o in sel.subcontractors_of(alliance)]
    lo, hi = process.term_min_months, process.term_max_months
    term_hint = f"The intended term is {lo} to {hi} months" if lo and hi else ""
    value = progress.decision.contract_value if progress.decision else None
    return _form(
        request,
        {
            "process": process,
            "heading": f"Make the contract with {alliance.lead.name}",
            "intro": [
                f"{alliance.lead.name} leads {alliance.name} and is the supplier. "
                + (f"{pa._listed(members)} become its subcontractors, in equal shares." if members else ""),
                f"The contract's value is the decision's: {format_money(value)}."
                if value is not None
                else "The contract's value is the decision's, once it is recorded.",
                "The confirmation of contract award notice is published when the contract is made.",
            ],
            "inset": "" if progress.may("award_contract") else progress.why_not("award_contract"),
            "fields": [
                _date_field("starts_on", "Starts on"),
                {
                    "name": "term_months",
                    "label": "Term in months",
                    "hint": term_hint,
                    "classes": "nhsuk-input--width-4",
                },
                _date_field("signed_on", "Signed on (today if left blank)"),
            ],
            "button": "Make the contract",
        },
        error,
    )


# --- The pages' addresses (included by caremarket/web/selection_urls.py) ---------------------------

P = "selection/msp/<str:reference>"
A = P + "/alliances/<int:alliance_id>"

urlpatterns = [
    path("selection/msp", msp_list, name="msp-list"),
    path(P, msp_overview, name="msp"),
    path(f"{P}/start", msp_start, name="msp-start"),
    path(f"{P}/deadline", msp_deadline, name="msp-deadline"),
    path(f"{P}/alliances/new", alliance_new, name="msp-alliance-new"),
    path(f"{P}/market-notice", market_notice, name="msp-market-notice"),
    path(f"{P}/dialogue/new", dialogue_new, name="msp-dialogue-new"),
    path(f"{P}/panel", panel_add, name="msp-panel"),
    path(f"{P}/declare", panel_declare, name="msp-declare"),
    path(f"{P}/gateway1", gateway1, name="msp-gateway1"),
    path(f"{P}/engagement", engagement, name="msp-engagement"),
    path(f"{P}/gateway2", gateway2, name="msp-gateway2"),
    path(f"{P}/decision", msp_decision, name="msp-decision"),
    path(f"{P}/intention", msp_intention, name="msp-intention"),
    path(f"{P}/stage2/versions/<int:version_id>/agree", stage2_agree, name="msp-stage2-agree"),
    path(A, alliance_detail, name="msp-alliance"),
    path(f"{A}/letter", alliance_letter, name="msp-alliance-letter"),
    path(f"{A}/submission", submission, name="msp-submission"),
    path(f"{A}/rate/<str:domain>", panel_rate, name="msp-rate"),
    path(f"{A}/moderate", moderate, name="msp-moderate"),
    path(f"{A}/ratings", alliance_ratings, name="msp-ratings"),
    path(f"{A}/stage2/<str:kind>", stage2_document, name="msp-stage2"),
    path(f"{A}/contract", contract_new, name="msp-contract"),
]
