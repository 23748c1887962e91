"""Procurement intentions: the buyers' own list, publishing and withdrawing, the pipeline
suppliers see, and the phasing of launches and closing dates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from caremarket.core.errors import ApplicationError, NotFound
from caremarket.core.permissions import can
from caremarket.orgs.choices import Region
from caremarket.rules.catalogue import category_label
from caremarket.sourcing import selectors, services
from caremarket.web.forms import form_errors, render_form
from caremarket.web.sourcing_forms import CATEGORY_CHOICES, IntentionForm
from caremarket.web.views.sourcing.common import attempt


@login_required
def pipeline(request):
    actor = request.actor
    category = (
        request.GET.get("category", "") if request.GET.get("category") in dict(CATEGORY_CHOICES) else ""
    )
    region = request.GET.get("region", "") if request.GET.get("region") in Region.values else ""
    mine = request.GET.get("mine") == "1"
    organisation = selectors.acting_buyer(actor)
    return render(
        request,
        "web/sourcing/pipeline.jinja",
        {
            "intentions": list(
                selectors.intentions_for_actor(actor, mine=mine, category=category, region=region)[:300]
            ),
            "category": category,
            "region": region,
            "mine": mine,
            "categories": CATEGORY_CHOICES,
            "regions": Region.choices,
            "category_label": category_label,
            "can_create": organisation is not None and can(actor, "sourcing.create_intention", organisation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def intention_new(request):
    actor = request.actor
    organisation = selectors.acting_buyer(actor)
    if organisation is None:
        raise NotFound("Act for the buyer organisation whose plans these are")
    form = IntentionForm(request.POST or None, initial={"region": organisation.region})
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            created = services.intention_create(actor=actor, organisation=organisation, **form.cleaned_data)
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(
                request, f"{created.reference} was saved as a draft: publish it when it is ready"
            )
            return redirect("web:intention", reference=created.reference)
    context = {"form": form, "organisation": organisation, **form_errors(form, error)}
    return render_form(request, "web/sourcing/intention_new.jinja", context)


@login_required
def intention_detail(request, reference: str):
    actor = request.actor
    intention = selectors.intention_for_actor(actor, reference)
    return render(
        request,
        "web/sourcing/intention.jinja",
        {
            "intention": intention,
            "category_label": category_label(intention.category),
            "warning": selectors.crowding_warning_for(intention),
            "manages": can(actor, "sourcing.manage_intention", intention),
        },
    )


@login_required
@require_POST
def intention_publish(request, reference: str):
    intention = selectors.intention_for_actor(request.actor, reference)
    if attempt(request, services.intention_publish, actor=request.actor, intention=intention):
        messages.success(request, f"{intention.reference} is published: suppliers see it in the pipeline")
    return redirect("web:intention", reference=intention.reference)


@login_required
@require_POST
def intention_withdraw(request, reference: str):
    intention = selectors.intention_for_actor(request.actor, reference)
    if attempt(request, services.intention_withdraw, actor=request.actor, intention=intention):
        messages.success(request, f"{intention.reference} was withdrawn")
    return redirect("web:intention", reference=intention.reference)


@login_required
def phasing(request):
    region = request.GET.get("region", "") if request.GET.get("region") in Region.values else ""
    result = selectors.phasing_for_actor(request.actor, region=region)
    return render(
        request,
        "web/sourcing/phasing.jinja",
        {
            "phasing": result,
            "region": region,
            "regions": Region.choices,
            "region_labels": dict(Region.choices),
            "category_label": category_label,
        },
    )
