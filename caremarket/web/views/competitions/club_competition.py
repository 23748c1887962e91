"""A launched buying club's further competition, started by the club's lead from the club's
page: on the club's lot, priced on the baseline frozen at launch."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from caremarket.competitions import services
from caremarket.competitions.club import requirement_from_baseline
from caremarket.core import clock
from caremarket.core.errors import ApplicationError, NotFound
from caremarket.core.money import parse_money
from caremarket.core.permissions import require
from caremarket.sourcing import selectors as sourcing_selectors
from caremarket.web.forms import render_form
from caremarket.web.views.competitions.common import errors, moment_value, parse_moment

AGGREGATED_TEMPLATE = "aggregated_meat_50_50"


def _initial(club) -> dict:
    """The form as first shown: deadlines the shortest the rules allow, rounded to noon."""
    noon = clock.local(clock.now()).replace(hour=12, minute=0, second=0, microsecond=0)
    return {
        "title": f"{club.name} aggregated procurement",
        "requirement": requirement_from_baseline(club),
        "clarification_deadline": moment_value(noon + timedelta(days=7)),
        "submission_deadline": moment_value(noon + timedelta(days=14)),
    }


@login_required
@require_http_methods(["GET", "POST"])
def club_competition_new(request, reference: str):
    actor = request.actor
    club = sourcing_selectors.club_for_actor(actor, reference)
    require(actor, "sourcing.manage_club", club)
    require(actor, "competitions.create", club.lead_organisation)
    if not club.is_frozen:
        raise NotFound(f"{club.name} has not launched: its further competition starts after launch")
    data = request.POST if request.method == "POST" else _initial(club)
    error = None
    if request.method == "POST":
        try:
            value = data.get("estimated_value", "").strip()
            competition = services.competition_create(
                actor=actor,
                buyer=club.lead_organisation,
                title=data.get("title", ""),
                procedure="further_competition",
                buying_club=club,
                description=data.get("description", ""),
                requirement=data.get("requirement", ""),
                clarification_deadline=parse_moment(
                    data.get("clarification_deadline"), "clarification_deadline"
                ),
                submission_deadline=parse_moment(data.get("submission_deadline"), "submission_deadline"),
                estimated_value=parse_money(value, field="estimated_value") if value else None,
                evaluation_template=AGGREGATED_TEMPLATE,
            )
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(
                request,
                f"{competition.reference} was created as a draft on {club.agreement.reference} lot "
                f"{club.lot.number}: publish it to invite every compliant supplier on the lot",
            )
            return redirect("web:competition", reference=competition.reference)
    return render_form(
        request,
        "web/competitions/club_new.jinja",
        {"club": club, "data": data, **errors(error)},
    )
