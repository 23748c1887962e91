"""The start page for visitors and the home page for signed-in people."""

from django.shortcuts import render

from caremarket.orgs.selectors import acting_organisation
from caremarket.web.home import panels_for


def home(request):
    actor = request.actor
    if not actor.is_authenticated:
        return render(request, "web/start.jinja", {})
    organisation = acting_organisation(actor)
    roles = sorted(actor.roles_in(actor.organisation_id))
    return render(
        request,
        "web/home.jinja",
        {
            "organisation": organisation,
            "roles": roles,
            "panels": panels_for(actor),
        },
    )
