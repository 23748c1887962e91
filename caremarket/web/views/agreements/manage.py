"""Setting up agreements for their managers: create, edit, move on, add lots, change rules."""

import yaml
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from caremarket.agreements import selectors, services
from caremarket.agreements.choices import PriceUnit
from caremarket.core.errors import ApplicationError
from caremarket.core.permissions import require
from caremarket.orgs.selectors import acting_organisation, organisation_for_actor
from caremarket.rules.agreements import AGREEMENT_LIFECYCLE, STATUS_LABELS, AgreementStatus
from caremarket.web.agreement_forms import (
    AgreementEditForm,
    AgreementForm,
    LotForm,
    RulesForm,
    TransitionForm,
)
from caremarket.web.forms import form_errors, render_form

MOVE_LABELS = {
    AgreementStatus.OPEN: "Publish: open it for applications",
    AgreementStatus.LIVE: "Make it live",
    AgreementStatus.CLOSED: "Close it to new suppliers",
}


@login_required
@require_http_methods(["GET", "POST"])
def agreement_new(request):
    actor = request.actor
    require(actor, "agreements.set_up_agreements")
    acting = acting_organisation(actor)
    initial = {"owner": acting.code if acting else "", "fee_percent": "1", "review_interval_months": 12}
    form = AgreementForm(request.POST or None, initial=initial)
    error = None
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            owner = organisation_for_actor(actor, fields.pop("owner"))
            agreement = services.agreement_create(actor=actor, owner=owner, **fields)
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(
                request, f"{agreement.reference} was set up as a draft: add its lots, then publish it"
            )
            return redirect("web:agreement", reference=agreement.reference)
    context = {
        "form": form,
        "standards": form.fields["required_standards"].choices,
        **form_errors(form, error),
    }
    return render_form(request, "web/agreements/new.jinja", context)


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request, reference: str):
    actor = request.actor
    agreement = selectors.agreement_for_actor(actor, reference)
    require(actor, "agreements.manage_agreement", agreement)
    draft = agreement.stage == AgreementStatus.DRAFT
    initial = {
        "title": agreement.title,
        "kind": agreement.kind,
        "starts_on": agreement.starts_on.strftime("%d/%m/%Y"),
        "ends_on": agreement.ends_on.strftime("%d/%m/%Y"),
        "description": agreement.description,
        "fee_percent": (agreement.management_fee_rate * 100).normalize(),
        "required_standards": agreement.required_standards,
        "max_call_off_term_months": agreement.max_call_off_term_months,
        "review_interval_months": agreement.review_interval_months,
    }
    form = AgreementEditForm(request.POST or None, initial=initial, draft=draft)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_update(actor=actor, agreement=agreement, **form.service_fields())
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(request, f"{agreement.reference} was updated")
            return redirect("web:agreement", reference=agreement.reference)
    context = {
        "agreement": agreement,
        "form": form,
        "draft": draft,
        "standards": form.fields["required_standards"].choices,
        **form_errors(form, error),
    }
    return render_form(request, "web/agreements/edit.jinja", context)


@login_required
@require_http_methods(["GET", "POST"])
def agreement_status(request, reference: str):
    actor = request.actor
    agreement = selectors.agreement_for_actor(actor, reference)
    require(actor, "agreements.manage_agreement", agreement)
    status = agreement.status()
    moves = [
        (m, MOVE_LABELS[m])
        for m in sorted(AGREEMENT_LIFECYCLE.transitions.get(status, ()))
        if m in MOVE_LABELS
    ]
    if not agreement.is_dps:
        moves = [
            (
                m,
                "Reopen it to new suppliers"
                if m == "live" and status == "closed_to_new_suppliers"
                else label,
            )
            for m, label in moves
        ]
    form = TransitionForm(request.POST or None, moves=moves)
    error = None
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["to"]
        try:
            services.agreement_transition(
                actor=actor,
                agreement=agreement,
                to=target,
                applications_open_on=form.cleaned_data["applications_open_on"],
                applications_close_on=form.cleaned_data["applications_close_on"],
            )
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(
                request, f"{agreement.reference} is now {STATUS_LABELS[AgreementStatus(target)]}"
            )
            return redirect("web:agreement", reference=agreement.reference)
    context = {
        "agreement": agreement,
        "status": status,
        "form": form,
        "moves": moves,
        **form_errors(form, error),
    }
    return render_form(request, "web/agreements/status.jinja", context)


def _rules_context(form, error) -> dict:
    return {
        "form": form,
        "price_unit_choices": PriceUnit.choices,
        **form_errors(form, error),
    }


@login_required
@require_http_methods(["GET", "POST"])
def lot_add(request, reference: str):
    actor = request.actor
    agreement = selectors.agreement_for_actor(actor, reference)
    require(actor, "agreements.manage_agreement", agreement)
    form = LotForm(
        request.POST or None, initial={"takes_new_suppliers": "yes", "procedures": ["further_competition"]}
    )
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            lot = services.lot_add(
                actor=actor,
                agreement=agreement,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                **form.service_fields(),
            )
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(request, f"Lot {lot.number} was added to {agreement.reference}")
            return redirect("web:agreement-lot", reference=agreement.reference, number=lot.number)
    return render_form(
        request, "web/agreements/lot_add.jinja", {"agreement": agreement, **_rules_context(form, error)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def lot_rules(request, reference: str, number: int):
    actor = request.actor
    lot = selectors.lot_for_actor(actor, reference, number)
    require(actor, "agreements.manage_agreement", lot.agreement)
    rules = lot.current_rules
    initial = {}
    if rules:
        initial = {
            "procedures": rules.procedures,
            "takes_new_suppliers": "yes" if rules.takes_new_suppliers else "no",
            "price_units": rules.price_units,
            **{f"threshold_{k}": v for k, v in rules.thresholds.items()},
            "questions": yaml.safe_dump(rules.questions, sort_keys=False, allow_unicode=True, width=100)
            if rules.questions
            else "",
        }
    form = RulesForm(request.POST or None, initial=initial)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            created = services.lot_rules_update(
                actor=actor, lot=lot, note=form.cleaned_data["note"], **form.service_fields()
            )
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(request, f"The rules of {lot.label} are now version {created.version}")
            return redirect("web:agreement-lot", reference=lot.agreement.reference, number=lot.number)
    context = {
        "agreement": lot.agreement,
        "lot": lot,
        "history": selectors.rules_history(lot),
        **_rules_context(form, error),
    }
    return render_form(request, "web/agreements/lot_rules.jinja", context)
