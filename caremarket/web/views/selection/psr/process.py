"""The list and a new process, one process's page, the chooser and the decision record."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from caremarket.core import clock
from caremarket.core.errors import ApplicationError, ValidationFailed
from caremarket.core.money import format_money
from caremarket.core.permissions import can, require
from caremarket.orgs.selectors import acting_organisation, organisation_by_code
from caremarket.rules import psr as rules
from caremarket.rules.dates import spoken_date
from caremarket.rules.roles import Sector
from caremarket.selection import selectors_psr as selectors
from caremarket.selection.services import psr as services
from caremarket.web.forms import form_errors, render_form
from caremarket.web.views.contracts.common import done, refusal
from caremarket.web.views.selection.psr.common import (
    TEMPLATES,
    _commissioner,
    _managed,
    _money,
    _months,
    _organisations,
    money_shown,
)

# --- The list and a new process ------------------------------------------------------------------


@login_required
def selection_list(request):
    actor = request.actor
    organisation = acting_organisation(actor, sector=Sector.BUYER)
    rows = [
        {
            "selection": s,
            "process": selectors.process_label(s.process),
            "stage": selectors.stage_label(s.stage),
        }
        for s in selectors.processes_for_actor(actor)
    ]
    return render(
        request,
        TEMPLATES + "list.jinja",
        {
            "rows": rows,
            "organisation": organisation,
            "can_start": organisation is not None and can(actor, "selection.start_process", organisation),
            "representations": list(selectors.representations_by_provider(actor)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def selection_new(request):
    actor = request.actor
    organisation = _commissioner(actor)
    require(
        actor,
        "selection.start_process",
        organisation,
        message="Only a commissioner's procurement leads and approvers start a provider selection process",
    )
    data = request.POST if request.method == "POST" else {}
    error = None
    if request.method == "POST":
        try:
            existing = None
            if data.get("existing_contract", "").strip():
                existing = selectors.commissioner_contract(organisation, data["existing_contract"])
                if existing is None:
                    raise ValidationFailed.for_field("existing_contract", "Choose one of your contracts")
            selection = services.selection_start(
                actor=actor,
                lead_commissioner=organisation,
                title=data.get("title", ""),
                description=data.get("description", ""),
                commissioners=_organisations(
                    data.get("commissioners", "").replace(",", " ").split(), "commissioners", Sector.BUYER
                ),
                estimated_value=data.get("estimated_value", ""),
                term_min_months=_months(data.get("term_min_months", ""), "term_min_months"),
                term_max_months=_months(data.get("term_max_months", ""), "term_max_months"),
                existing_contract=existing,
            )
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            return done(
                request,
                f"{selection.reference} was started: answer the questions to choose the process",
                "web:selection-choose",
                selection.reference,
            )
    context = {
        "organisation": organisation,
        "data": data,
        "contracts": [
            (c.reference, f"{c.reference}: {c.title} ({c.supplier.name})")
            for c in selectors.contracts_of_commissioner(organisation)
        ],
        **form_errors(None, error),
    }
    return render_form(request, TEMPLATES + "new.jinja", context)


# --- One process ---------------------------------------------------------------------------------


def _step_rows(steps: rules.NextSteps | None) -> list[dict]:
    if steps is None:
        return []
    labels = {
        rules.Step.RECORD_DECISION: "Record the decision",
        rules.Step.PUBLISH_INTENTION: "Publish the intention to award",
        rules.Step.RECEIVE_REPRESENTATION: "Record a representation",
        rules.Step.RECORD_REVIEW: "Record the review of representations",
        rules.Step.AWARD_CONTRACT: "Award the contract",
        rules.Step.PUBLISH_CONFIRMATION: "Confirmation of award",
    }
    return [
        {"step": str(s), "label": labels[s], "open": steps.may(s), "why_not": steps.why_not(s) or ""}
        for s in rules.Step
    ]


def _criteria_rows(decision) -> list[dict]:
    names = {c.code: c.name for c in rules.key_criteria(clock.today())}
    rows = []
    for row in decision.criteria if decision else []:
        weight = row.get("weight")
        rows.append(
            {
                "name": names.get(row["criterion"], row["criterion"]),
                "weight": f"{weight.rstrip('0').rstrip('.') if '.' in weight else weight}%" if weight else "",
                "importance": (row.get("importance") or "").capitalize(),
                "rationale": row.get("rationale", ""),
            }
        )
    return rows


@login_required
def selection_detail(request, reference: str, error=None):
    actor = request.actor
    selection = selectors.selection_for_actor(actor, reference)
    decision = selectors.decision_of(selection)
    steps = selectors.next_steps(selection)
    standstill = selectors.standstill_of(selection)
    may_from = rules.contract_may_be_made_from(standstill) if standstill else None
    review_sentence = ""
    review = selectors.review_of(decision)
    if review is not None:
        review_sentence = rules.after_representation(review).sentence
    context = {
        "selection": selection,
        "process": selectors.process_label(selection.process),
        "stage": selectors.stage_label(selection.stage),
        "commissioners": selectors.commissioners_of(selection),
        "decision": decision,
        "criteria": _criteria_rows(decision),
        "standstill": standstill,
        "may_from": may_from,
        "review_sentence": review_sentence,
        "representations": list(selectors.representations_of(selection)),
        "steps": _step_rows(steps),
        "manage": can(actor, selectors.manager_permission(selection), selection),
        "process_page": selectors.process_page(selection),
        "contract_value": format_money(decision.contract_value)
        if decision and decision.contract_value
        else "",
        "spoken_date": spoken_date,
        **form_errors(None, error),
    }
    return render_form(request, TEMPLATES + "detail.jinja", context)


def _facts_from_post(data) -> dict:
    facts = {name: data.get(name) == "yes" for name in selectors.BOOLEAN_FACTS}
    for name in selectors.MONEY_FACTS:
        facts[name] = _money(data.get(name, ""), name)
    return facts


@login_required
@require_http_methods(["GET", "POST"])
def selection_choose(request, reference: str):
    actor, selection = _managed(request, reference)
    error = None
    if request.method == "POST":
        data = request.POST
        try:
            facts = _facts_from_post(data)
        except ApplicationError as exc:
            error = exc
            facts = {name: data.get(name) == "yes" for name in selectors.BOOLEAN_FACTS}
            facts.update({name: data.get(name, "") for name in selectors.MONEY_FACTS})
        if error is None and data.get("action") == "record":
            try:
                services.selection_choose(
                    actor=actor, selection=selection, facts=facts, process=data.get("process", "")
                )
            except ApplicationError as exc:
                error = refusal(exc)
            else:
                return done(
                    request,
                    f"{selectors.process_label(data.get('process', ''))} was chosen",
                    "web:selection-decision",
                    selection.reference,
                )
        values = {k: ("" if v is None else v) for k, v in facts.items()}
        values["process"] = data.get("process", "")
    else:
        values = {k: ("" if v is None else v) for k, v in selection.facts.items()}
        values["process"] = selection.process
    try:
        choice = rules.choose_process(selectors.facts_from_record(values), clock.today())
    except (ApplicationError, ArithmeticError, ValueError):
        choice = rules.choose_process(rules.ProcessFacts(), clock.today())
    for name in selectors.MONEY_FACTS:
        values[name] = money_shown(values.get(name))
    context = {
        "selection": selection,
        "questions": selectors.FACT_QUESTIONS,
        "values": values,
        "choice": choice,
        "process_items": [(str(o.process), o.name) for o in choice.options if o.open],
        **form_errors(None, error),
    }
    return render_form(request, TEMPLATES + "choose.jinja", context)


def decision_rows(data, criteria) -> list[dict]:
    """The key criteria rows of a decision form."""
    return [
        {
            "criterion": c.code,
            "weight": data.get(f"{c.code}_weight", ""),
            "importance": data.get(f"{c.code}_importance", ""),
            "rationale": data.get(f"{c.code}_rationale", ""),
        }
        for c in criteria
    ]


def decision_values(decision, data=None) -> dict:
    """The decision form's values: as posted (money shown as an amount), or as recorded."""
    if data is not None:
        values = dict(data.items())
        values["contract_value"] = money_shown(values.get("contract_value", ""))
        return values
    values: dict = {}
    if decision is not None:
        values["provider"] = decision.provider.code if decision.provider_id else ""
        values["contract_value"] = money_shown(decision.contract_value)
        for row in decision.criteria:
            values[f"{row['criterion']}_weight"] = row.get("weight") or ""
            values[f"{row['criterion']}_importance"] = row.get("importance") or ""
            values[f"{row['criterion']}_rationale"] = row.get("rationale") or ""
    return values


def decision_context(selection, decision, criteria, values, providers, error, **extra) -> dict:
    locked = rules.decision_record_locked(
        decision.intention_published_on if decision else None, clock.today()
    )
    return {
        "selection": selection,
        "criteria": criteria,
        "importance_levels": [
            (lvl, lvl.capitalize()) for lvl in rules.psr_table().key_criteria[-1].importance_levels
        ],
        "values": values,
        "locked": locked.message if locked else "",
        "providers": providers,
        **extra,
        **form_errors(None, error),
    }


@login_required
@require_http_methods(["GET", "POST"])
def selection_decision(request, reference: str):
    actor, selection = _managed(request, reference)
    decision = selectors.decision_of(selection)
    criteria = rules.key_criteria(clock.today())
    error = None
    values = decision_values(decision)
    if request.method == "POST":
        data = request.POST
        try:
            code = data.get("provider", "").strip()
            provider = organisation_by_code(code, sector=Sector.SUPPLIER) if code else None
            if code and provider is None:
                raise ValidationFailed.for_field("provider", f"There is no provider with the code {code}")
            services.psr_decision_record(
                actor=actor,
                selection=selection,
                provider=provider,
                contract_value=data.get("contract_value", ""),
                criteria=decision_rows(data, criteria),
            )
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            return done(request, "The decision was recorded", selectors.process_page(selection))
        values = decision_values(decision, data)
    providers = [(o.code, f"{o.name} ({o.code})") for o in selectors.provider_organisations()]
    context = decision_context(selection, decision, criteria, values, providers, error)
    return render_form(request, TEMPLATES + "decision.jinja", context)
