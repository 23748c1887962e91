"""Supplier admission pages: apply, follow applications, assess and decide, evidence files,
compliance with each agreement's standards and renewing a certificate."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from caremarket.agreements import selectors, services
from caremarket.agreements.choices import APPLICATION_STATUS_CHOICES, OUTCOME_CHOICES, SCHEME_LABELS
from caremarket.core import clock
from caremarket.core.errors import ApplicationError, NotFound, PermissionDenied
from caremarket.core.permissions import can, require
from caremarket.orgs.selectors import certifications_of, organisation_for_actor
from caremarket.rules.admission import HeldCertification, compliance_gaps
from caremarket.rules.agreements import application_refusal
from caremarket.rules.questions import answer_text, is_asked, suggest_assessment
from caremarket.rules.roles import Sector
from caremarket.web.agreement_forms import (
    AssessmentForm,
    DecisionForm,
    RenewalForm,
    answers_from_post,
    certificates_from_post,
    page_fields,
)
from caremarket.web.forms import form_errors, render_form
from caremarket.web.pagination import paginate
from caremarket.web.views.agreements.browse import acting_supplier


def _supplier_for(request, permission: str):
    """The supplier a page is about: ?supplier=CODE, or the one the person acts for."""
    code = request.GET.get("supplier", "").strip()
    supplier = organisation_for_actor(request.actor, code) if code else acting_supplier(request.actor)
    if supplier is None:
        raise PermissionDenied("Act for a supplier to use this page")
    if supplier.sector != Sector.SUPPLIER:
        raise NotFound(f"{supplier.name} is not a supplier")
    require(request.actor, permission, supplier)
    return supplier


def _questions(lots) -> list:
    """The questions of every chosen lot, each once, in order."""
    seen, questions = set(), []
    for lot in lots:
        for q in lot.current_rules.question_list():
            if q.id not in seen:
                seen.add(q.id)
                questions.append(q)
    return questions


def _expiry(held: list[HeldCertification], scheme: str):
    dates = [h.expires_on for h in held if h.scheme == scheme]
    return max(dates) if dates else None


def _conditions(questions) -> dict[str, str]:
    """For each conditional question, when to answer it."""
    by_id = {q.id: q for q in questions}
    hints = {}
    for q in questions:
        if q.when and q.when.question in by_id:
            parent = by_id[q.when.question]
            answers = " or ".join(answer_text(parent, v) for v in q.when.values)
            hints[q.id] = f"Answer only if you answered {answers} to ‘{parent.short}’."
    return hints


@login_required
@require_http_methods(["GET", "POST"])
def apply(request, reference: str):
    actor = request.actor
    agreement = selectors.agreement_for_actor(actor, reference)
    supplier = _supplier_for(request, "agreements.apply")
    today, lots = clock.today(), selectors.lots_of(agreement)
    facts = agreement.facts(lot_count=len(lots))
    reasons = {lot.number: application_refusal(facts, lot.facts(), today) for lot in lots}
    open_lots = [lot for lot in lots if reasons[lot.number] is None]
    source = request.POST if request.method == "POST" else request.GET
    chosen_numbers = {int(n) for n in source.getlist("lots") if n.isdigit()}
    if len(open_lots) == 1:
        chosen_numbers = {open_lots[0].number}
    chosen = [lot for lot in open_lots if lot.number in chosen_numbers]
    required = list(agreement.required_standards)
    held = [
        HeldCertification(c.scheme, c.valid_from, c.expires_on)
        for c in selectors.certifications_held(supplier, required)
    ]
    gaps = {g.scheme: g.describe(SCHEME_LABELS) for g in compliance_gaps(required, held, today)}
    error = None
    if request.method == "POST" and chosen:
        questions = _questions(chosen)
        answers, uploads = answers_from_post(questions, request.POST, request.FILES)
        try:
            certificates = certificates_from_post(required, request.POST)
            applications = services.application_submit(
                actor=actor,
                supplier=supplier,
                agreement=agreement,
                lots=[lot.number for lot in chosen],
                answers=answers,
                uploads=uploads,
                certifications=certificates,
            )
        except ApplicationError as exc:
            page_fields(exc)
            error = exc
        else:
            numbers = ", ".join(str(a.lot.number) for a in applications)
            messages.success(
                request, f"Your application to {agreement.reference} (lot {numbers}) was submitted"
            )
            return redirect("web:agreement-applications")
    context = {
        "agreement": agreement,
        "supplier": supplier,
        "open_lots": open_lots,
        "closed_lots": [(lot, reasons[lot.number]) for lot in lots if reasons[lot.number]],
        "chosen": chosen,
        "choosing": not chosen,
        "questions": _questions(chosen) if chosen else [],
        "values": request.POST if request.method == "POST" else {},
        "standards": [(s, SCHEME_LABELS.get(s, s), gaps.get(s), _expiry(held, s)) for s in required],
        "conditions": _conditions(_questions(chosen) if chosen else []),
        **form_errors(None, error),
    }
    if request.method == "POST" and not chosen:
        context["errors"] = [{"text": "Choose at least one lot to apply to", "href": "#lots"}]
        context["field_errors"] = {"lots": "Choose at least one lot to apply to"}
    return render_form(request, "web/agreements/apply.jinja", context)


@login_required
def application_list(request):
    actor = request.actor
    status = request.GET.get("status", "pending")
    valid = {"pending", "all", *dict(APPLICATION_STATUS_CHOICES)}
    status = status if status in valid else "pending"
    filters = selectors.ApplicationFilters(status="" if status == "all" else status)
    page, nav = paginate(request, selectors.applications_for_actor(actor, filters))
    return render(
        request,
        "web/agreements/applications.jinja",
        {
            "page": page,
            "nav": nav,
            "status": status,
            "statuses": [("pending", "Waiting for a decision"), *APPLICATION_STATUS_CHOICES, ("all", "All")],
            "manages": bool(selectors.managed_org_ids(actor)),
            "supplier": acting_supplier(actor),
        },
    )


def _application_context(request, application, assess_form=None, decide_form=None, error=None) -> dict:
    actor = request.actor
    questions = application.rules.question_list()
    answers = application.answers
    evidence = {e.pk: e for e in selectors.application_evidence(application)}
    rows = [
        {
            "question": q,
            "text": answer_text(q, answers.get(q.id)),
            "files": [evidence[i] for i in answers.get(q.id) or [] if i in evidence]
            if q.type == "upload"
            else [],
        }
        for q in questions
        if is_asked(q, answers)
    ]
    can_assess = can(actor, "agreements.assess_application", application)
    return {
        "application": application,
        "rows": rows,
        "suggestion": suggest_assessment(questions, answers),
        "assessments": selectors.application_assessments(application),
        "latest": application.latest_assessment,
        "can_assess": can_assess and application.is_pending,
        "can_withdraw": application.is_pending and can(actor, "agreements.withdraw_application", application),
        "outcomes": OUTCOME_CHOICES,
        "scheme_labels": SCHEME_LABELS,
        "assess_form": assess_form or AssessmentForm(),
        "decide_form": decide_form or DecisionForm(),
        **form_errors(assess_form if assess_form and assess_form.is_bound else decide_form, error),
    }


@login_required
def application_detail(request, application_id: int):
    application = selectors.application_for_actor(request.actor, application_id)
    return render(request, "web/agreements/application.jinja", _application_context(request, application))


@login_required
@require_POST
def application_assess(request, application_id: int):
    application = selectors.application_for_actor(request.actor, application_id)
    form = AssessmentForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.application_assess(actor=request.actor, application=application, **form.cleaned_data)
        except ApplicationError as exc:
            if exc.status in (403, 404):
                raise
            error = exc
        else:
            messages.success(request, f"Application #{application.pk} was assessed")
            return redirect("web:agreement-application", application_id=application.pk)
    context = _application_context(request, application, assess_form=form, error=error)
    return render_form(request, "web/agreements/application.jinja", context)


@login_required
@require_POST
def application_decide(request, application_id: int):
    application = selectors.application_for_actor(request.actor, application_id)
    form = DecisionForm(request.POST)
    error = None
    if form.is_valid():
        decision, reason = form.cleaned_data["decision"], form.cleaned_data["reason"]
        try:
            if decision == "admit":
                services.application_admit(actor=request.actor, application=application, reason=reason)
            else:
                services.application_reject(actor=request.actor, application=application, reason=reason)
        except ApplicationError as exc:
            if exc.status in (403, 404):
                raise
            error = exc
        else:
            verb = "admitted to" if decision == "admit" else "rejected from"
            messages.success(request, f"{application.supplier.name} was {verb} {application.lot.label}")
            return redirect("web:agreement-application", application_id=application.pk)
    context = _application_context(request, application, decide_form=form, error=error)
    return render_form(request, "web/agreements/application.jinja", context)


@login_required
@require_POST
def application_withdraw(request, application_id: int):
    application = selectors.application_for_actor(request.actor, application_id)
    try:
        services.application_withdraw(actor=request.actor, application=application)
    except ApplicationError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Your application to {application.lot.label} was withdrawn")
    return redirect("web:agreement-application", application_id=application.pk)


@login_required
def evidence_download(request, evidence_id: int):
    """An evidence file, to the supplier, the managers of agreements citing it, and auditors."""
    evidence = selectors.evidence_for_actor(request.actor, evidence_id)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise NotFound(f"The file of evidence #{evidence.pk} is missing from storage") from None
    return FileResponse(
        handle, as_attachment=True, filename=evidence.original_name, content_type=evidence.content_type
    )


@login_required
def compliance(request):
    supplier = _supplier_for(request, "agreements.view_compliance")
    rows = selectors.supplier_overview_for_actor(request.actor, supplier)
    return render(
        request,
        "web/agreements/compliance.jinja",
        {
            "supplier": supplier,
            "rows": rows,
            "certifications": certifications_of(supplier),
            "can_renew": can(request.actor, "agreements.renew_certification", supplier),
            "scheme_labels": SCHEME_LABELS,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def renew(request):
    supplier = _supplier_for(request, "agreements.renew_certification")
    form = RenewalForm(request.POST or None, initial={"scheme": request.GET.get("scheme", "")})
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            cert = services.certification_renew(actor=request.actor, supplier=supplier, **form.cleaned_data)
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(
                request, f"{cert.get_scheme_display()} was renewed until {cert.expires_on:%-d %B %Y}"
            )
            return redirect(f"{reverse('web:agreement-compliance')}?supplier={supplier.code}")
    context = {"supplier": supplier, "form": form, **form_errors(form, error)}
    return render_form(request, "web/agreements/renew.jinja", context)
