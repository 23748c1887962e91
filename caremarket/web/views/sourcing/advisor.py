"""The route advisor as question pages: one question a page with a back link, a check your
answers page, then the recommendation and milestone plan. Answers are kept in the session."""

from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from caremarket.core.money import MoneyError, format_money, read_money
from caremarket.core.permissions import require
from caremarket.jinja2 import format_date
from caremarket.rules.route_facts import PURCHASE_LABELS, OrganisationFacts, facts_problems, purchase_phrase
from caremarket.rules.sourcing import PROCEDURE_LABELS, ROUTE_LABELS
from caremarket.sourcing import selectors
from caremarket.sourcing.advisor import recommend
from caremarket.web.forms import render_form
from caremarket.web.sourcing_forms import DATE_FORMATS, REGION_CHOICES

SESSION_KEY = "route_advisor"
NEEDS = [
    ("complex_needs", "Complex requirements"),
    ("needs_dialogue", "Dialogue or negotiation with suppliers"),
    ("beyond_agreements", "Needs broader than the agreements on offer can take"),
]
YES_NO = [("yes", "Yes"), ("no", "No")]


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    kind: str  # radios, number, checkboxes, pair, money, date
    hint: str = ""
    choices: tuple = ()
    optional: bool = False


QUESTIONS = (
    Question(
        "purchase",
        "What are you buying?",
        "radios",
        "Only the agreements that supply it are weighed",
        tuple(PURCHASE_LABELS.items()),
    ),
    Question("region", "Which region is your organisation in?", "radios", choices=tuple(REGION_CHOICES)),
    Question(
        "sites",
        "How many sites need the service?",
        "number",
        "Count every building that needs a connection or service",
    ),
    Question(
        "needs",
        "Which of these describe what you need?",
        "checkboxes",
        "Select all that apply",
        tuple(NEEDS),
        True,
    ),
    Question(
        "expertise",
        "Do you have procurement, legal and commercial expertise in house?",
        "radios",
        choices=tuple(YES_NO),
    ),
    Question("plans", "Are your requirements and timetable settled?", "radios", choices=tuple(YES_NO)),
    Question(
        "collaboration",
        "Are you part of a collaboration that will buy together?",
        "pair",
        "Leave both empty if you are not. A collaborative procurement needs a nominated lead organisation",
        optional=True,
    ),
    Question(
        "value",
        "What is the estimated total value of the contract?",
        "money",
        "In pounds, over the whole term. Leave it empty if you do not know yet",
        optional=True,
    ),
    Question(
        "needed_by",
        "When must the new service start?",
        "date",
        "For example, the day after your current contract ends, 01/04/2028. "
        "Leave it empty if there is no date yet",
        optional=True,
    ),
    Question(
        "programme",
        "Must you meet the national programme's milestones?",
        "radios",
        "The readiness checks, launch and completion dates set for self-serve procurements",
        tuple(YES_NO),
    ),
)
KEYS = [q.key for q in QUESTIONS]


def _answers(request) -> dict:
    return dict(request.session.get(SESSION_KEY, {}))


def _question(key: str) -> Question:
    for q in QUESTIONS:
        if q.key == key:
            return q
    raise Http404("There is no such question")


def _next_url(key: str, answers: dict) -> str:
    index = KEYS.index(key)
    if answers.get("_checking") or index == len(KEYS) - 1:
        return reverse("web:route-advisor-check")
    return reverse("web:route-advisor-question", args=[KEYS[index + 1]])


def _back_url(key: str) -> str:
    index = KEYS.index(key)
    if index == 0:
        return reverse("web:route-advisor")
    return reverse("web:route-advisor-question", args=[KEYS[index - 1]])


def _parse(q: Question, data) -> tuple[object, str | None]:
    """The answer to one question from the form, or the problem."""
    if q.kind == "radios":
        value = data.get(q.key, "")
        if value not in {c[0] for c in q.choices}:
            return None, {
                "region": "Select your organisation's region",
                "purchase": "Select what you are buying",
            }.get(q.key, "Select one")
        return value, None
    if q.kind == "checkboxes":
        values = [v for v in data.getlist(q.key) if v in {c[0] for c in q.choices}]
        return values, None
    if q.kind == "number":
        text = data.get(q.key, "").strip().replace(",", "")
        if not text.isdigit() or int(text) > 1_000_000:
            return None, "Enter the number of sites as a whole number, like 12"
        return int(text), None
    if q.kind == "money":
        text = data.get(q.key, "").strip()
        if not text:
            return "", None
        try:
            amount = read_money(text)
        except MoneyError as exc:
            return None, str(exc)
        return str(amount.quantize(Decimal("1"))), None
    if q.kind == "date":
        text = data.get(q.key, "").strip()
        if not text:
            return "", None
        for fmt in DATE_FORMATS:
            try:
                return datetime.strptime(text, fmt).date().isoformat(), None
            except ValueError:
                continue
        return None, "Enter the date as DD/MM/YYYY, like 01/04/2028"
    # pair: the collaboration and its lead
    name = data.get("collaboration", "").strip()[:200]
    lead = data.get("lead_organisation", "").strip()[:200]
    if lead and not name:
        return None, "Name the collaboration the lead organisation leads"
    return {"collaboration": name, "lead_organisation": lead}, None


def facts_from(answers: dict, name: str) -> OrganisationFacts:
    needs = set(answers.get("needs") or [])
    pair = answers.get("collaboration") or {}
    needed_by = answers.get("needed_by") or ""
    value = answers.get("value") or ""
    return OrganisationFacts(
        name=name,
        purchase=answers.get("purchase", "") if answers.get("purchase") in PURCHASE_LABELS else "",
        region=answers.get("region", ""),
        sites=int(answers.get("sites") or 0),
        complex_needs="complex_needs" in needs,
        needs_dialogue="needs_dialogue" in needs,
        beyond_agreements="beyond_agreements" in needs,
        procurement_expertise=answers.get("expertise") == "yes",
        clear_plans=answers.get("plans") == "yes",
        collaboration=pair.get("collaboration", ""),
        lead_organisation=pair.get("lead_organisation", ""),
        estimated_value=Decimal(value) if value else None,
        latest_start=date.fromisoformat(needed_by) if needed_by else None,
    )


def _display(q: Question, answers: dict) -> str:
    value = answers.get(q.key)
    if q.kind == "radios":
        return dict(q.choices).get(value, "Not answered")
    if q.kind == "checkboxes":
        return ", ".join(dict(q.choices)[v] for v in value or []) or "None of these"
    if q.kind == "number":
        return str(value) if value is not None else "Not answered"
    if q.kind == "money":
        return format_money(Decimal(value)) if value else "Not known yet"
    if q.kind == "date":
        return format_date(date.fromisoformat(value)) if value else "No date yet"
    pair = value or {}
    if not pair.get("collaboration"):
        return "No"
    lead = pair.get("lead_organisation")
    return (
        f"{pair['collaboration']}, led by {lead}"
        if lead
        else f"{pair['collaboration']} (no lead organisation yet)"
    )


def _acting_region(request) -> str:
    """The acting organisation's region, to pre-fill the region question ("" if none)."""
    organisation = selectors.acting_buyer(request.actor)
    return organisation.region if organisation and organisation.region in dict(REGION_CHOICES) else ""


def _name(request) -> str:
    organisation = selectors.acting_buyer(request.actor)
    return organisation.name if organisation else "Your organisation"


@login_required
def start(request):
    require(request.actor, "sourcing.use_route_advisor")
    if request.GET.get("restart"):
        request.session.pop(SESSION_KEY, None)
    answers = _answers(request)
    region = _acting_region(request)
    if region and not answers.get("region"):
        answers["region"] = region
    request.session[SESSION_KEY] = answers
    return render(request, "web/sourcing/advisor_start.jinja", {"first": KEYS[0], "count": len(QUESTIONS)})


@login_required
@require_http_methods(["GET", "POST"])
def question(request, key: str):
    require(request.actor, "sourcing.use_route_advisor")
    q = _question(key)
    answers = _answers(request)
    error = None
    if request.GET.get("change"):
        answers["_checking"] = True
        request.session[SESSION_KEY] = answers
    if request.method == "POST":
        value, error = _parse(q, request.POST)
        if error is None:
            answers[q.key] = value
            request.session[SESSION_KEY] = answers
            return redirect(_next_url(q.key, answers))
    current = answers.get(q.key)
    if q.key == "region":
        region = _acting_region(request)
        current = current or region
        if region and current == region:
            label = dict(REGION_CHOICES).get(region, region)
            q = replace(
                q,
                hint=f"Filled in from your organisation: {label}. "
                "Change it if the service is for another region",
            )
    context = {
        "q": q,
        "number": KEYS.index(key) + 1,
        "count": len(QUESTIONS),
        "back": reverse("web:route-advisor-check") if answers.get("_checking") else _back_url(key),
        "current": current,
        "posted": request.POST if request.method == "POST" else None,
        "error": error,
        "errors": [{"text": error, "href": f"#{q.key}"}] if error else [],
    }
    return render_form(request, "web/sourcing/advisor_question.jinja", context)


@login_required
def check(request):
    require(request.actor, "sourcing.use_route_advisor")
    answers = _answers(request)
    missing = [q.key for q in QUESTIONS if q.key not in answers and not q.optional]
    if missing:
        return redirect("web:route-advisor-question", key=missing[0])
    answers["_checking"] = True
    request.session[SESSION_KEY] = answers
    rows = [
        {
            "key": {"text": q.text},
            "value": {"text": _display(q, answers)},
            "actions": {
                "items": [
                    {
                        "href": reverse("web:route-advisor-question", args=[q.key]) + "?change=1",
                        "text": "Change",
                        "visuallyHiddenText": q.text.lower(),
                    }
                ]
            },
        }
        for q in QUESTIONS
    ]
    return render(request, "web/sourcing/advisor_check.jinja", {"rows": rows})


@login_required
def result(request):
    actor = request.actor
    require(actor, "sourcing.use_route_advisor")
    answers = _answers(request)
    missing = [q.key for q in QUESTIONS if q.key not in answers and not q.optional]
    if missing:
        return redirect("web:route-advisor-question", key=missing[0])
    facts = facts_from(answers, _name(request))
    problems = facts_problems(facts)
    recommendation = recommend(actor, facts, programme=answers.get("programme") == "yes")
    advice = recommendation.advice
    return render(
        request,
        "web/sourcing/advisor_result.jinja",
        {
            "facts": facts,
            "purchase_label": purchase_phrase(facts.purchase),
            "problems": problems,
            "r": recommendation,
            "advice": advice,
            "best": advice.recommended,
            "eligible": [o for o in advice.options if o.eligible],
            "ruled_out": [o for o in advice.options if not o.eligible],
            "route_labels": ROUTE_LABELS,
            "procedure_labels": PROCEDURE_LABELS,
        },
    )
