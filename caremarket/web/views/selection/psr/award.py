"""The notice of intention, representations (and their clarification), the review of
representations and the award."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_http_methods, require_POST

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
from caremarket.web.views.contracts.common import done, parse_date, refusal
from caremarket.web.views.selection.psr.common import TEMPLATES, _managed, _months
from caremarket.web.views.selection.psr.process import selection_detail


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
