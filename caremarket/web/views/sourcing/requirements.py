"""Requirement sets: list, create, see lines, download the template (XLSX with drop-downs,
or CSV), upload it filled in (all or nothing), add and remove lines, submit to a club."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from caremarket.core import clock
from caremarket.core.errors import ApplicationError, NotFound
from caremarket.core.permissions import can, require
from caremarket.orgs.selectors import site_codes, sites_of
from caremarket.rules.buying_clubs import BaselineItem, Change, baseline_change_refusal
from caremarket.sourcing import selectors, services, template
from caremarket.sourcing.selectors import vocabulary_of
from caremarket.web.forms import form_errors, render_form
from caremarket.web.sourcing_forms import RequirementLineForm, RequirementSetForm, UploadForm
from caremarket.web.views.sourcing.common import attempt


def _lot_choices() -> list[tuple[str, str]]:
    return [
        (str(lot.pk), f"{lot.agreement.reference} lot {lot.number}: {lot.title}")
        for lot in selectors.requirement_lots()
    ]


@login_required
def requirement_sets(request):
    actor = request.actor
    organisation = selectors.acting_buyer(actor)
    return render(
        request,
        "web/sourcing/requirement_sets.jinja",
        {
            "sets": list(selectors.requirement_sets_for_actor(actor)[:200]),
            "can_create": organisation is not None
            and can(actor, "sourcing.manage_requirements", organisation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def requirement_set_new(request):
    actor = request.actor
    organisation = selectors.acting_buyer(actor)
    if organisation is None:
        raise NotFound("Act for a buyer organisation to record its requirements")
    require(actor, "sourcing.manage_requirements", organisation)
    lots = _lot_choices()
    form = RequirementSetForm(request.POST or None, lots=lots)
    error = None
    if request.method == "POST" and form.is_valid():
        lot = selectors.requirement_lot(form.cleaned_data["lot"]) if form.cleaned_data["lot"] else None
        try:
            created = services.requirement_set_create(
                actor=actor, organisation=organisation, title=form.cleaned_data["title"], lot=lot
            )
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(request, f"{created.reference} was created: download the template to fill it in")
            return redirect("web:requirement-set", reference=created.reference)
    context = {"form": form, "organisation": organisation, "lots": lots, **form_errors(form, error)}
    return render_form(request, "web/sourcing/requirement_set_new.jinja", context)


def _set_context(request, requirement_set, **extra):
    actor = request.actor
    club = requirement_set.club
    editable = can(actor, "sourcing.edit_requirements", requirement_set)
    frozen_reason = None
    if club is not None:
        refusal = baseline_change_refusal(
            club.facts(), BaselineItem.REQUIREMENT_LINE, clock.today(), change=Change.ADD
        )
        frozen_reason = refusal.message if refusal else None
    member = selectors.membership_of(club, requirement_set.organisation) if club else None
    vocabulary = vocabulary_of(requirement_set)
    return {
        "requirement_set": requirement_set,
        "club": club,
        "member": member,
        "lines": list(selectors.lines_of(requirement_set)),
        "editable": editable and frozen_reason is None,
        "can_edit": editable,
        "frozen_reason": frozen_reason,
        "vocabulary": vocabulary,
        "site_codes": site_codes(requirement_set.organisation),
        **extra,
    }


@login_required
def requirement_set_detail(request, reference: str):
    requirement_set = selectors.requirement_set_for_actor(request.actor, reference)
    return render(request, "web/sourcing/requirement_set.jinja", _set_context(request, requirement_set))


def _sites(requirement_set) -> list[tuple[str, str]]:
    return [(s.code, s.name) for s in sites_of(requirement_set.organisation)]


@login_required
def template_xlsx(request, reference: str):
    requirement_set = selectors.requirement_set_for_actor(request.actor, reference)
    content = template.template_xlsx(
        vocabulary_of(requirement_set), _sites(requirement_set), selectors.lines_of(requirement_set)
    )
    response = HttpResponse(content, content_type=template.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{requirement_set.reference}-requirements.xlsx"'
    return response


@login_required
def template_csv(request, reference: str):
    requirement_set = selectors.requirement_set_for_actor(request.actor, reference)
    response = HttpResponse(
        template.template_csv(selectors.lines_of(requirement_set)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{requirement_set.reference}-requirements.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def requirement_upload(request, reference: str):
    actor = request.actor
    requirement_set = selectors.requirement_set_for_actor(actor, reference)
    require(actor, "sourcing.edit_requirements", requirement_set)
    form = UploadForm(request.POST or None, request.FILES or None)
    error = None
    row_problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.requirements_import(
                actor=actor, requirement_set=requirement_set, name=upload.name, content=upload.read()
            )
        except ApplicationError as exc:
            error = exc
            row_problems = exc.details.get("problems", [])
        else:
            count = selectors.line_count(requirement_set)
            messages.success(
                request,
                f"The template was uploaded: {count} requirement line{'s' if count != 1 else ''} saved",
            )
            return redirect("web:requirement-set", reference=requirement_set.reference)
    context = _set_context(request, requirement_set, form=form, **form_errors(form, error))
    if row_problems:
        context["errors"] = [{"text": error.message, "href": "#file"}] + [
            {"text": p, "href": "#file"} for p in row_problems[:50]
        ]
        context["field_errors"] = {"file": error.message}
    return render_form(request, "web/sourcing/requirement_upload.jinja", context)


@login_required
@require_http_methods(["GET", "POST"])
def requirement_line_add(request, reference: str):
    actor = request.actor
    requirement_set = selectors.requirement_set_for_actor(actor, reference)
    require(actor, "sourcing.edit_requirements", requirement_set)
    vocabulary = vocabulary_of(requirement_set)
    form = RequirementLineForm(
        request.POST or None,
        sites=[(code, f"{code}: {name}") for code, name in _sites(requirement_set)],
        service_types=vocabulary.service_types,
        units=[(u, template.unit_label(u)) for u in vocabulary.units],
    )
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.requirement_line_add(actor=actor, requirement_set=requirement_set, **form.cleaned_data)
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(request, "The requirement line was added")
            return redirect("web:requirement-set", reference=requirement_set.reference)
    context = {
        "requirement_set": requirement_set,
        "form": form,
        "vocabulary": vocabulary,
        **form_errors(form, error),
    }
    return render_form(request, "web/sourcing/requirement_line_add.jinja", context)


@login_required
@require_POST
def requirement_line_remove(request, reference: str, line_id: int):
    actor = request.actor
    requirement_set = selectors.requirement_set_for_actor(actor, reference)
    line = selectors.line_for(requirement_set, line_id)
    if attempt(request, services.requirement_line_remove, actor=actor, line=line):
        messages.success(request, "The requirement line was removed")
    return redirect("web:requirement-set", reference=requirement_set.reference)


@login_required
@require_POST
def requirements_submit(request, reference: str):
    actor = request.actor
    requirement_set = selectors.requirement_set_for_actor(actor, reference)
    if attempt(request, services.requirements_submit, actor=actor, requirement_set=requirement_set):
        messages.success(request, f"The requirements were submitted to {requirement_set.club.name}")
    return redirect("web:requirement-set", reference=requirement_set.reference)
