"""The Most Suitable Provider pages after gateway 1: the stage 2 documents and their agreement,
patient and public engagement, gateway 2, the decision against the key criteria, the notice of
intention and the contract after the standstill."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
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
from caremarket.selection.services import mcp_stage2
from caremarket.selection.services import psr as psr_services
from caremarket.web.forms import form_errors, render_form
from caremarket.web.views.contracts.common import parse_date, refusal
from caremarket.web.views.selection import psr as psr_views
from caremarket.web.views.selection.mcp.common import (
    _alliance,
    _date_field,
    _done,
    _form_view,
    _process,
    _required_date,
)


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

    def act():
        day = _required_date(request.POST.get("held_on", ""), "held_on", "the day it took place")
        mcp_stage2.engagement_record(
            actor=actor,
            process=process,
            held_on=day,
            who=request.POST.get("who", ""),
            summary=request.POST.get("summary", ""),
        )

    return _form_view(
        request,
        process,
        spec={
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
        act=act,
        done_message="The engagement was recorded",
    )


@login_required
@require_http_methods(["GET", "POST"])
def gateway2(request, reference: str):
    actor = request.actor
    process = _process(request, reference)
    require(actor, "selection.manage_msp", process)

    def spec():
        reason = sel.gateway2_refusal(process)
        return {
            "process": process,
            "heading": "Gateway 2",
            "intro": [
                "Gateway 2 passes once the delivery plan, the innovation plan and the service contract "
                "are agreed by both sides."
            ],
            "inset": reason or "Every stage 2 document is agreed by both sides.",
            "fields": [{"name": "rationale", "label": "Note (optional)", "kind": "area"}],
            "button": "Pass gateway 2",
        }

    return _form_view(
        request,
        process,
        spec=spec,
        act=lambda: mcp_stage2.gateway2_pass(
            actor=actor, process=process, rationale=request.POST.get("rationale", "")
        ),
        done_message="Gateway 2 has passed: record the decision against the five key criteria",
        to=f"/selection/msp/{process.reference}/decision",
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

    def act():
        starts = _required_date(request.POST.get("starts_on", ""), "starts_on", "the start date")
        signed = parse_date(request.POST.get("signed_on", ""), "signed_on")
        return mcp_stage2.msp_contract_create(
            actor=actor,
            alliance=alliance,
            starts_on=starts,
            term_months=request.POST.get("term_months", ""),
            signed_on=signed,
        )

    def spec():
        progress = sel.award_progress(process)
        members = [o.name for o in sel.subcontractors_of(alliance)]
        lo, hi = process.term_min_months, process.term_max_months
        term_hint = f"The intended term is {lo} to {hi} months" if lo and hi else ""
        value = progress.decision.contract_value if progress.decision else None
        return {
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
        }

    return _form_view(
        request,
        process,
        spec=spec,
        act=act,
        done_message=lambda contract: (
            f"Contract {contract.reference} was made with {alliance.lead.name} and the confirmation "
            "of contract award published"
        ),
        to=lambda contract: f"/contracts/{contract.reference}",
    )
