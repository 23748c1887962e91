"""The pages of a process under the Provider Selection Regime: the list and a new process, the
chooser, the decision record, the notice of intention, representations, the review and the
award, and the annual summary (regulation 25) with its download."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from caremarket.core import clock
from caremarket.core.errors import ApplicationError, NotFound, ValidationFailed
from caremarket.core.money import format_money
from caremarket.core.permissions import can, require
from caremarket.orgs.models import Organisation
from caremarket.orgs.selectors import acting_organisation, organisation_by_code
from caremarket.rules import psr as rules
from caremarket.rules.dates import spoken_date
from caremarket.rules.roles import Sector
from caremarket.selection import exports_psr as exports
from caremarket.selection import selectors_psr as selectors
from caremarket.selection.services import psr as services
from caremarket.web.forms import form_errors, render_form
from caremarket.web.views.contracts.common import done, parse_date, refusal

TEMPLATES = "web/selection/psr/"


def _commissioner(actor) -> Organisation:
    organisation = acting_organisation(actor, sector=Sector.BUYER)
    if organisation is None:
        raise NotFound("Act for the commissioning organisation whose processes these are")
    return organisation


def _money(text: str, field: str):
    from caremarket.core.money import MoneyError, read_money

    text = (text or "").strip()
    if not text:
        return None
    try:
        return read_money(text)
    except MoneyError as exc:
        raise ValidationFailed.for_field(field, str(exc)) from None


def money_shown(value) -> str:
    """An amount as the forms show it again: "2,400,000.00" (what was typed, when it is not
    an amount)."""
    from caremarket.core.money import MoneyError, read_money

    if value is None or value == "":
        return ""
    try:
        return f"{read_money(value):,.2f}"
    except (MoneyError, ArithmeticError, ValueError, TypeError):
        return str(value)


def _months(text: str, field: str) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise ValidationFailed.for_field(field, "Enter the term as a whole number of months, like 60")
    return int(text)


def _organisations(codes: list[str], field: str, sector: str | None = None) -> list[Organisation]:
    found = []
    for code in (c for c in codes if c.strip()):
        organisation = organisation_by_code(code, sector=sector)
        if organisation is None:
            raise ValidationFailed.for_field(field, f"There is no organisation with the code {code.strip()}")
        found.append(organisation)
    return found


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


def _managed(request, reference: str):
    actor = request.actor
    selection = selectors.selection_for_actor(actor, reference)
    require(
        actor,
        selectors.manager_permission(selection),
        selection,
        message="Only the commissioners' procurement leads and approvers run the process",
    )
    return actor, selection


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


@login_required
@require_POST
def selection_intention(request, reference: str):
    actor, selection = _managed(request, reference)
    try:
        decision = services.psr_intention_publish(actor=actor, selection=selection)
    except ApplicationError as exc:
        return selection_detail(request, selection.reference, error=refusal(exc))
    ends = rules.standstill_ends_on(decision.intention_published_on)
    return done(
        request,
        f"The intention to award was published: the standstill runs until the end of {spoken_date(ends)}",
        selectors.process_page(selection),
    )


@login_required
@require_http_methods(["GET", "POST"])
def representation_new(request, reference: str):
    actor = request.actor
    selection = selectors.selection_for_representation(actor, reference)
    manager = can(actor, selectors.manager_permission(selection), selection)
    own = acting_organisation(actor, sector=Sector.SUPPLIER)
    if not manager and own is None:
        require(
            actor,
            "selection.represent_provider",
            None,
            message="Act for the provider making the representation",
        )
    data = request.POST if request.method == "POST" else {}
    error = None
    if request.method == "POST":
        try:
            if manager:
                provider = organisation_by_code(data.get("provider", ""), sector=Sector.SUPPLIER)
                if provider is None:
                    raise ValidationFailed.for_field(
                        "provider", "Enter the code of the provider that made it"
                    )
                received_on = parse_date(data.get("received_on", ""), "received_on")
            else:
                provider, received_on = own, None
            services.psr_representation_record(
                actor=actor,
                selection=selection,
                provider=provider,
                summary=data.get("summary", ""),
                received_on=received_on,
            )
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            target = selectors.process_page(selection) if manager else "web:selection-list"
            return done(request, "The representation was recorded: the award waits for the review", target)
    standstill = selectors.standstill_of(selection)
    context = {
        "selection": selection,
        "manager": manager,
        "provider": own,
        "data": data,
        "standstill_ends": standstill.ends_on if standstill else None,
        "back_url": selectors.process_page(selection) if manager else "",
        **form_errors(None, error),
    }
    return render_form(request, TEMPLATES + "representation.jinja", context)


@login_required
@require_http_methods(["GET", "POST"])
def representation_clarify(request, reference: str, representation_id: int):
    actor, selection = _managed(request, reference)
    representation = selectors.representation_in(selection, representation_id)
    data = request.POST if request.method == "POST" else {"clarification": representation.clarification}
    error = None
    if request.method == "POST":
        try:
            services.psr_representation_clarify(
                actor=actor, representation=representation, clarification=data.get("clarification", "")
            )
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            return done(request, "The clarification was recorded", selectors.process_page(selection))
    context = {
        "selection": selection,
        "back_url": selectors.process_page(selection),
        "representation": representation,
        "data": data,
        **form_errors(None, error),
    }
    return render_form(request, TEMPLATES + "clarify.jinja", context)


REVIEW_CHOICES = [
    ("proceed", "Proceed with the award"),
    ("repeat", "Go back to an earlier step"),
    ("abandon", "Abandon the process"),
]


@login_required
@require_http_methods(["GET", "POST"])
def selection_review(request, reference: str):
    actor, selection = _managed(request, reference)
    data = request.POST if request.method == "POST" else {}
    error = None
    if request.method == "POST":
        try:
            record = services.psr_review_record(
                actor=actor,
                selection=selection,
                decision=data.get("decision", ""),
                reasons=data.get("reasons", ""),
                repeat_from=data.get("repeat_from", ""),
            )
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            outcome = data.get("decision")
            if outcome == "proceed":
                sentence = rules.after_representation(selectors.review_of(record)).sentence
            elif outcome == "repeat":
                sentence = (
                    "The decision was recorded: change the decision record "
                    "and publish a new intention to award"
                )
            else:
                sentence = "The process was abandoned"
            return done(request, sentence, selectors.process_page(selection))
    context = {
        "selection": selection,
        "back_url": selectors.process_page(selection),
        "data": data,
        "choices": REVIEW_CHOICES,
        "representations": list(selectors.representations_of(selection)),
        **form_errors(None, error),
    }
    return render_form(request, TEMPLATES + "review.jinja", context)


@login_required
@require_http_methods(["GET", "POST"])
def selection_award(request, reference: str):
    actor, selection = _managed(request, reference)
    decision = selectors.decision_of(selection)
    data = request.POST if request.method == "POST" else {}
    error = None
    if request.method == "POST":
        try:
            contract = services.psr_award(
                actor=actor,
                selection=selection,
                starts_on=parse_date(data.get("starts_on", ""), "starts_on"),
                term_months=_months(data.get("term_months", ""), "term_months"),
            )
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            return done(
                request,
                f"The contract {contract.reference} was awarded and the confirmation of award published",
                "web:selection",
                selection.reference,
            )
    steps = selectors.next_steps(selection)
    context = {
        "selection": selection,
        "decision": decision,
        "data": data,
        "why_not": steps.why_not(rules.Step.AWARD_CONTRACT) if steps else "Choose the process first",
        "contract_value": format_money(decision.contract_value)
        if decision and decision.contract_value
        else "",
        **form_errors(None, error),
    }
    return render_form(request, TEMPLATES + "award.jinja", context)


# --- The annual summary ---------------------------------------------------------------------------


def _summary_request(request):
    actor = request.actor
    organisation = acting_organisation(actor, sector=Sector.BUYER)
    code = request.GET.get("organisation", "").strip()
    if code:
        organisation = organisation_by_code(code, sector=Sector.BUYER)
    if organisation is None:
        raise NotFound("Act for the authority whose annual summary this is")
    require(actor, "selection.view_annual_summary", organisation)
    today = clock.today()
    default = today.year - 1 if today.month < 4 else today.year
    text = request.GET.get("year", "").strip()
    if text and not (text.isdigit() and 2024 <= int(text) <= today.year + 1):
        raise ValidationFailed.for_field(
            "year", "Enter a financial year from 2024, like 2025 for April 2025 to March 2026"
        )
    year = int(text) if text else default
    return organisation, year, selectors.annual_summary(organisation.pk, year)


@login_required
def annual_summary(request):
    organisation, year, summary = _summary_request(request)
    today = clock.today()
    context = {
        "organisation": organisation,
        "year": year,
        "summary": summary,
        "rows": exports.summary_table(summary),
        "years": [(str(y), f"April {y} to March {y + 1}") for y in range(2024, today.year + 1)],
        "spoken_date": spoken_date,
    }
    return render(request, TEMPLATES + "annual_summary.jinja", context)


@login_required
def annual_summary_download(request, extension: str):
    if extension not in exports.CONTENT_TYPES:
        raise Http404("Download the annual summary as .csv or .xlsx")
    organisation, _, summary = _summary_request(request)
    body, content_type, name = exports.summary_file(summary, organisation, extension)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
