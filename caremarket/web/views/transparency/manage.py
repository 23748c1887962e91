"""A buyer's own notices: the list of its drafts and published notices, publishing the notices
no lifecycle step publishes (UK2, UK8, UK9, UK13-UK16, UK17, the PSR urgent award), a draft's
page, changing and publishing a draft, and correcting a published notice (a new notice)."""

from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from caremarket.contracts.selectors import RegisterFilters, contracts_for_actor
from caremarket.core import clock
from caremarket.core.errors import ApplicationError, NotFound, ValidationFailed
from caremarket.core.permissions import can, require
from caremarket.orgs.selectors import acting_organisation
from caremarket.rules.notices import missing_fields, notice_type
from caremarket.rules.roles import Sector
from caremarket.transparency import forms as notice_forms
from caremarket.transparency import selectors, services
from caremarket.transparency.models import Notice, NoticeStatus
from caremarket.transparency.publishing import process_id_for
from caremarket.web.forms import form_errors, render_form
from caremarket.web.views.contracts.common import refusal

NEW_PROCESS = "new"


def _buyer(actor):
    organisation = acting_organisation(actor, sector=Sector.BUYER)
    if organisation is None:
        raise NotFound("Act for the buyer organisation whose notices these are")
    return organisation


def public_url(notice: Notice) -> str:
    return f"/notices/{notice.pk}"


def _field_value(value) -> str:
    """A cleaned value as the form shows it again: dates as DD/MM/YYYY, money as typed."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return f"{value:,.2f}".removesuffix(".00")
    return str(value)


# --- The contract and the process a new notice belongs to ---------------------------------------


def contract_choices(actor, organisation) -> list[tuple[str, str]]:
    if not can(actor, "contracts.view_register"):
        return []
    rows = contracts_for_actor(actor, RegisterFilters(buyer=organisation.code))
    return [(c.reference, f"{c.reference}: {c.title} ({c.supplier.name})") for c in rows]


def process_choices(organisation) -> list[tuple[str, str]]:
    return [
        (ocid, f"{title or ocid} ({ocid})") for ocid, title in selectors.publisher_processes(organisation)
    ]


def draft_from_fields(actor, organisation, code: str, data, *, complete: bool):
    """Clean the type's fields, map them to OCDS and save a draft (refusing before anything is
    saved when a field is wrong, or when the notice is to be published and lacks one)."""
    cleaned = notice_forms.clean_fields(code, data)
    contract = None
    if notice_forms.type_form(code).about_contract:
        contract = selectors.publisher_contract(actor, organisation, cleaned["contract"])
    content = notice_forms.content_for(
        code, cleaned, notice_forms.contract_facts(contract) if contract else None
    )
    if complete:
        refusal_ = _incomplete(code, content)
        if refusal_ is not None:
            raise refusal_
    chosen = (data.get("process") or "").strip() if hasattr(data, "get") else ""
    if contract is not None:
        process_id = process_id_for(contract)
    elif chosen and chosen != NEW_PROCESS:
        process_id = selectors.publisher_process_id(organisation, chosen)
    else:
        process_id = notice_forms.new_process_id(organisation.code, code)
    return services.notice_draft(
        actor=actor,
        publisher=organisation,
        notice_type_code=code,
        process_id=process_id,
        content=content,
        title=notice_forms.title_for(
            code, cleaned, notice_forms.contract_facts(contract) if contract else None
        ),
        subject=contract,
    )


def _incomplete(code: str, content) -> ValidationFailed | None:
    missing = missing_fields(notice_type(code, clock.today()), content)
    if not missing:
        return None
    return ValidationFailed(
        f"The {notice_forms.type_label(code)} cannot be published without {', '.join(missing)}"
    )


# --- Pages ---------------------------------------------------------------------------------------


@login_required
def notices_manage(request):
    actor = request.actor
    organisation = _buyer(actor)
    notices = selectors.organisation_notices(actor, organisation)
    rows = [
        {
            "notice": n,
            "type_label": notice_forms.type_label(n.notice_type),
            "title": n.title or notice_forms.type_label(n.notice_type),
            "status": n.get_status_display(),
            "href": f"/notices/manage/{n.pk}" if n.status == NoticeStatus.DRAFT else public_url(n),
        }
        for n in notices
    ]
    return render(
        request,
        "web/transparency/manage/list.jinja",
        {
            "organisation": organisation,
            "rows": rows,
            "can_publish": can(actor, "transparency.draft_notice", organisation),
        },
    )


def type_choices() -> list[dict]:
    """Each type a buyer publishes itself, as the law names it: "Preliminary market engagement
    notice (UK2)", with when it is published and the citation."""
    today = clock.today()
    choices = []
    for code, form in notice_forms.FORMS.items():
        kind = notice_type(code, today)
        label = f"{kind.name} ({code})" if code.startswith("UK") else kind.name
        choices.append({"code": code, "label": label, "when": form.when, "citation": kind.citation})
    return choices


@login_required
@require_http_methods(["GET", "POST"])
def notice_new(request):
    actor = request.actor
    organisation = _buyer(actor)
    require(actor, "transparency.draft_notice", organisation)
    error = None
    if request.method == "POST":
        code = request.POST.get("notice_type", "")
        if code in notice_forms.FORMS:
            return redirect("web:notice-new-type", code=code)
        error = ValidationFailed.for_field("notice_type", "Choose the notice you are publishing")
    context = {"organisation": organisation, "types": type_choices(), **form_errors(None, error)}
    return render_form(request, "web/transparency/manage/choose.jinja", context)


def _form_context(actor, organisation, code: str, data, error) -> dict:
    form = notice_forms.type_form(code)
    return {
        "organisation": organisation,
        "code": code,
        "label": notice_forms.type_label(code),
        "when": form.when,
        "citation": notice_type(code, clock.today()).citation,
        "fields": form.fields,
        "data": data,
        "contracts": contract_choices(actor, organisation) if form.about_contract else [],
        "processes": [] if form.about_contract else process_choices(organisation),
        "payment_rows": _payment_rows(data),
        **form_errors(None, error),
    }


def _payment_rows(data) -> list[dict]:
    rows = notice_forms.payment_rows(data) if data else []
    rows = [r for r in rows if (r.get("date") or "").strip() or (r.get("amount") or "").strip()]
    while len(rows) < notice_forms.PAYMENT_ROWS:
        rows.append({"date": "", "amount": ""})
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def notice_new_type(request, code: str):
    actor = request.actor
    organisation = _buyer(actor)
    if code not in notice_forms.FORMS:
        raise NotFound(f"{code} is not a notice you publish yourself")
    require(actor, "transparency.draft_notice", organisation)
    error = None
    if request.method == "POST":
        publish = request.POST.get("action") == "publish"
        try:
            notice = draft_from_fields(actor, organisation, code, request.POST, complete=publish)
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            if not publish:
                messages.success(request, f"The {notice_forms.type_label(code)} was saved as a draft")
                return redirect("web:notice-manage", notice_id=notice.pk)
            try:
                services.notice_publish(actor=actor, notice=notice)
            except ApplicationError as exc:
                messages.error(
                    request, f"The notice was saved as a draft but not published: {refusal(exc).message}"
                )
                return redirect("web:notice-manage", notice_id=notice.pk)
            messages.success(request, f"The {notice_forms.type_label(code)} was published")
            return redirect(public_url(notice))
    context = _form_context(
        actor, organisation, code, request.POST if request.method == "POST" else {}, error
    )
    return render_form(request, "web/transparency/manage/form.jinja", context)


@login_required
def notice_manage(request, notice_id: int):
    actor = request.actor
    notice = selectors.managed_notice_for_actor(actor, notice_id)
    editable = notice_forms.editable_fields(notice.notice_type)
    values = notice_forms.editable_values(notice.notice_type, notice.content, notice.title)
    rows = [{"label": f.label, "value": values.get(f.name), "kind": f.kind} for f in editable]
    return render(
        request,
        "web/transparency/manage/notice.jinja",
        {
            "notice": notice,
            "type_label": notice_forms.type_label(notice.notice_type),
            "rows": rows,
            "is_draft": notice.status == NoticeStatus.DRAFT,
            "public_url": public_url(notice),
            "can_publish": notice.status == NoticeStatus.DRAFT
            and can(actor, "transparency.publish_notice", notice),
            "can_correct": notice.status == NoticeStatus.PUBLISHED
            and can(actor, "transparency.correct_notice", notice),
            "missing": missing_fields(notice_type(notice.notice_type, clock.today()), notice.content)
            if notice.status == NoticeStatus.DRAFT
            else [],
        },
    )


@login_required
@require_POST
def notice_manage_publish(request, notice_id: int):
    actor = request.actor
    notice = selectors.managed_notice_for_actor(actor, notice_id)
    try:
        services.notice_publish(actor=actor, notice=notice)
    except ApplicationError as exc:
        messages.error(request, refusal(exc).message)
        return redirect("web:notice-manage", notice_id=notice.pk)
    messages.success(request, f"The {notice_forms.type_label(notice.notice_type)} was published")
    return redirect(public_url(notice))


def _editable_data(notice: Notice) -> dict[str, str]:
    values = notice_forms.editable_values(notice.notice_type, notice.content, notice.title)
    return {name: _field_value(value) for name, value in values.items()}


@login_required
@require_http_methods(["GET", "POST"])
def notice_edit(request, notice_id: int):
    actor = request.actor
    notice = selectors.managed_notice_for_actor(actor, notice_id)
    require(actor, "transparency.publish_notice", notice)
    error = None
    data = _editable_data(notice)
    if request.method == "POST":
        data = request.POST
        try:
            cleaned = notice_forms.clean_editable(notice.notice_type, request.POST)
            content = notice_forms.apply_edits(notice.notice_type, notice.content, cleaned)
            services.notice_draft_update(actor=actor, notice=notice, content=content, title=cleaned["title"])
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            messages.success(request, "The draft was saved")
            return redirect("web:notice-manage", notice_id=notice.pk)
    context = {
        "notice": notice,
        "type_label": notice_forms.type_label(notice.notice_type),
        "fields": notice_forms.editable_fields(notice.notice_type),
        "data": data,
        **form_errors(None, error),
    }
    return render_form(request, "web/transparency/manage/edit.jinja", context)


@login_required
@require_http_methods(["GET", "POST"])
def notice_correct(request, notice_id: int):
    actor = request.actor
    notice = selectors.notice_for_actor(actor, notice_id)
    require(actor, "transparency.correct_notice", notice)
    error = None
    data = _editable_data(notice)
    correction = selectors.notice_correction(notice)
    refused = ""
    if correction is not None or notice.status == NoticeStatus.SUPERSEDED:
        refused = f"Notice {notice.pk} has already been corrected: correct its correction instead"
    elif notice.status == NoticeStatus.DRAFT:
        refused = f"Notice {notice.pk} is a draft, not yet published: change the draft instead"
    if request.method == "POST":
        data = request.POST
        try:
            cleaned = notice_forms.clean_editable(notice.notice_type, request.POST)
            content = notice_forms.apply_edits(notice.notice_type, notice.content, cleaned)
            created = services.notice_correct(
                actor=actor,
                notice=notice,
                content=content,
                reason=request.POST.get("reason", ""),
                title=cleaned["title"],
            )
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            messages.success(request, "Correction published")
            return redirect(public_url(created))
    context = {
        "notice": notice,
        "type_label": notice_forms.type_label(notice.notice_type),
        "fields": notice_forms.editable_fields(notice.notice_type),
        "data": data,
        "correction": correction,
        "refused": refused,
        "public_url": public_url(notice),
        **form_errors(None, error),
    }
    return render_form(request, "web/transparency/manage/correct.jinja", context)
