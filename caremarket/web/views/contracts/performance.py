"""A contract's performance: the balanced scorecard, each KPI's trend (its own chart and a
table), the supplier's results and self-assessment, customer feedback and improvement plans
with their progress; defining KPIs; the scorecard printed or as a PDF."""

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.html import json_script
from django.views.decorators.http import require_GET, require_http_methods

from caremarket.contracts import scorecard_pdf, selectors, services
from caremarket.contracts.choices import DOMAIN_CHOICES
from caremarket.contracts.selectors import performance as perf_selectors
from caremarket.core.errors import ApplicationError, NotFound, ValidationFailed
from caremarket.core.permissions import can, require
from caremarket.rules import performance as rules
from caremarket.web.forms import form_errors, render_form
from caremarket.web.views.contracts.common import done, parse_date, refusal

DIRECTIONS = [(str(k), v) for k, v in rules.DIRECTION_LABELS.items()]
FREQUENCIES = [(str(k), v) for k, v in rules.FREQUENCY_LABELS.items()]
SCORES = [
    ("", "Not scored"),
    ("5", "5 – excellent"),
    ("4", "4 – good"),
    ("3", "3 – fair"),
    ("2", "2 – poor"),
    ("1", "1 – very poor"),
]


def _period(text: str):
    day = parse_date(text, "period")
    if day is None:
        raise ValidationFailed.for_field("period", "Choose the period")
    return day


def _int(text: str, field: str, message: str) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        raise ValidationFailed.for_field(field, message) from None


def _plan(contract, data):
    plan = perf_selectors.plan_of(contract, data.get("plan"))
    if plan is None:
        raise NotFound("Choose an improvement plan of this contract")
    return plan


def _act(actor, contract, data) -> str:
    action = data.get("action")
    if action == "feedback":
        services.feedback_give(
            actor=actor,
            contract=contract,
            domain=data.get("domain", ""),
            stars=_int(data.get("stars"), "stars", "Give a rating from 1 to 5"),
            comment=data.get("comment", ""),
        )
        return "Your feedback was recorded"
    if action == "kpi":
        kpi = selectors.kpi_of(contract, data.get("kpi", ""))
        if kpi is None:
            raise ValidationFailed.for_field("kpi", "Choose a KPI of this contract")
        result = services.kpi_return_submit(
            actor=actor,
            kpi=kpi,
            period=_period(data.get("period", "")),
            actual=data.get("actual", ""),
            note=data.get("note", ""),
        )
        return (
            f"{kpi.name} for {rules.period_name(result.period, kpi.frequency)} is "
            f"{rules.RAG_LABELS[rules.Rag(result.rag)].lower()}"
        )
    if action == "self":
        scores = {}
        for domain in rules.Domain:
            typed = data.get(f"score_{domain}", "")
            if typed:
                scores[str(domain)] = _int(typed, "scores", "Score each domain from 1 to 5")
        assessment = services.self_assessment_submit(
            actor=actor,
            contract=contract,
            period=_period(data.get("period", "")),
            scores=scores,
            notes=data.get("notes", ""),
        )
        return f"Your self-assessment for {rules.period_name(assessment.period)} was recorded"
    if action == "plan":
        kpi = selectors.kpi_of(contract, data.get("plan_kpi", "")) if data.get("plan_kpi") else None
        plan = services.improvement_plan_open(
            actor=actor,
            contract=contract,
            title=data.get("title", ""),
            actions=data.get("actions", ""),
            due_on=parse_date(data.get("due_on", ""), "due_on"),
            kpi=kpi,
            form_key=data.get("form_key", ""),
        )
        return f"The improvement plan “{plan.title}” is open"
    if action == "progress":
        plan = _plan(contract, data)
        services.plan_progress_record(actor=actor, plan=plan, progress=data.get("progress", ""))
        return f"Progress on “{plan.title}” was recorded"
    if action == "close":
        plan = _plan(contract, data)
        services.improvement_plan_complete(actor=actor, plan=plan, outcome=data.get("outcome", ""))
        return f"The plan “{plan.title}” is closed"
    raise ValidationFailed("Choose what to record")


def _context(actor, contract) -> dict:
    trends = selectors.kpi_trends(contract)
    cards = selectors.scorecard_for([contract])
    charts = [t.chart() for t in trends if t.results]
    return {
        "contract": contract,
        "trends": trends,
        "cards": cards,
        "overall": rules.overall(cards),
        "score_label": rules.score_label,
        "period_name": rules.period_name,
        "rag_labels": {str(k): v for k, v in rules.RAG_LABELS.items()},
        "domain_labels": {str(k): v for k, v in rules.DOMAIN_LABELS.items()},
        "frequency_labels": {str(k): v for k, v in rules.FREQUENCY_LABELS.items()},
        "domains": DOMAIN_CHOICES,
        "plans": perf_selectors.plans_with_progress(contract),
        "feedback": selectors.performance_history(contract, feedback_limit=20)["feedback"],
        "assessment": perf_selectors.latest_self_assessment(contract),
        "charts_script": json_script(charts, "kpi-data") if charts else "",
    }


@login_required
@require_http_methods(["GET", "POST"])
def performance(request, reference: str):
    actor = request.actor
    contract = selectors.contract_for_actor(actor, reference)
    error = None
    data = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        try:
            said = _act(actor, contract, data)
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            return done(request, said, "web:contract-performance", contract.reference)
    context = {
        **_context(actor, contract),
        "data": data,
        "form": data.get("action", ""),
        "form_key": data.get("form_key") or uuid.uuid4().hex,
        "gives_feedback": can(actor, "contracts.give_feedback", contract),
        "reports": can(actor, "contracts.report_performance", contract),
        "plans_allowed": can(actor, "contracts.manage_performance", contract),
        "updates_plans": can(actor, "contracts.update_plan", contract),
        "defines_kpis": can(actor, "contracts.define_kpi", contract),
        "self_periods": perf_selectors.self_assessment_periods(contract),
        "score_choices": SCORES,
        **form_errors(None, error),
    }
    shown = context["field_errors"]
    action = context["form"]
    context["err"] = lambda name, form: {"text": shown[name]} if form == action and name in shown else None
    return render_form(request, "web/contracts/performance.jinja", context)


@login_required
@require_http_methods(["GET", "POST"])
def kpis(request, reference: str):
    """The contract's KPIs, and (for the buyer's contract managers) a form to define another."""
    actor = request.actor
    contract = selectors.contract_for_actor(actor, reference)
    defines = can(actor, "contracts.define_kpi", contract)
    error = None
    data = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        require(
            actor, "contracts.define_kpi", contract, message="Only the buyer's contract managers define KPIs"
        )
        try:
            kpi = services.kpi_define(
                actor=actor,
                contract=contract,
                name=data.get("name", ""),
                unit=data.get("unit", ""),
                target=data.get("target", ""),
                direction=data.get("direction") or rules.Direction.HIGHER,
                frequency=data.get("frequency") or rules.Frequency.MONTHLY,
                domain=data.get("domain") or rules.Domain.SERVICES,
                amber_limit=data.get("amber_limit", ""),
            )
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            return done(
                request, f"{kpi.name} ({kpi.target_label}) was added", "web:contract-kpis", contract.reference
            )
    context = {
        "contract": contract,
        "kpis": selectors.kpis_of(contract),
        "defines": defines,
        "data": data,
        "domains": DOMAIN_CHOICES,
        "directions": DIRECTIONS,
        "frequencies": FREQUENCIES,
        **form_errors(None, error),
    }
    return render_form(request, "web/contracts/kpis.jinja", context)


@login_required
@require_GET
def scorecard_download(request, reference: str):
    contract = selectors.contract_for_actor(request.actor, reference)
    trends = selectors.kpi_trends(contract)
    cards = selectors.scorecard_for([contract])
    body = scorecard_pdf.scorecard_pdf(contract, cards, trends)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{scorecard_pdf.file_name(contract)}"'
    return response
