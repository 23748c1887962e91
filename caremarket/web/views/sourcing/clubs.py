"""Buying clubs: the timetable, a club's page (status, joining deadline, members and their
requirements), joining, and for the lead: set up, open, move the launch, launch, baseline."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from caremarket.competitions import selectors as competition_selectors
from caremarket.contracts import selectors as contract_selectors
from caremarket.core import clock
from caremarket.core.errors import ApplicationError, NotFound
from caremarket.core.permissions import can, require
from caremarket.jinja2 import format_date
from caremarket.orgs.choices import Region
from caremarket.rules.buying_clubs import CLUB_STATUS_LABELS, ClubStatus, join_refusal, launch_problems
from caremarket.rules.competitions import CompetitionStatus
from caremarket.sourcing import selectors, services
from caremarket.sourcing.baseline import members_at_launch
from caremarket.sourcing.choices import CLUB_STATUS_CHOICES
from caremarket.web.forms import form_errors, render_form
from caremarket.web.sourcing_forms import ClubForm, LaunchDateForm
from caremarket.web.views.sourcing.common import attempt

ENDED_WITHOUT_AWARD = (CompetitionStatus.CANCELLED, CompetitionStatus.UNSUCCESSFUL)


@login_required
def club_list(request):
    actor = request.actor
    region = request.GET.get("region", "") if request.GET.get("region") in Region.values else ""
    status = request.GET.get("status", "") if request.GET.get("status") in dict(CLUB_STATUS_CHOICES) else ""
    today = clock.today()
    clubs = selectors.clubs_for_actor(actor, region=region, status=status)
    return render(
        request,
        "web/sourcing/clubs.jinja",
        {
            "clubs": clubs,
            "statuses": {c.pk: c.status(today) for c in clubs},
            "labels": CLUB_STATUS_LABELS,
            "region": region,
            "status": status,
            "regions": Region.choices,
            "status_choices": CLUB_STATUS_CHOICES,
            "can_start": can(actor, "sourcing.start_club"),
        },
    )


def _lot_choices() -> list[tuple[str, str]]:
    return [
        (str(lot.pk), f"{lot.agreement.reference} lot {lot.number}: {lot.title}")
        for lot in selectors.club_lots()
    ]


@login_required
@require_http_methods(["GET", "POST"])
def club_new(request):
    actor = request.actor
    require(actor, "sourcing.start_club")
    organisation = selectors.acting_buyer(actor)
    if organisation is None:
        raise NotFound("Act for the buyer organisation that leads the club")
    lots = _lot_choices()
    form = ClubForm(request.POST or None, lots=lots, initial={"join_notice_weeks": 6, "kind": "regional"})
    error = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        lot = selectors.club_lot(data["lot"])
        try:
            club = services.club_create(
                actor=actor,
                lead_organisation=organisation,
                name=data["name"],
                reference=data["reference"],
                kind=data["kind"],
                region=data["region"],
                agreement=lot.agreement,
                lot=lot,
                launch_date=data["launch_date"],
                join_notice_days=data["join_notice_weeks"] * 7,
                description=data["description"],
            )
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(request, f"{club.name} was set up: open it to members when you are ready")
            return redirect("web:club", reference=club.reference)
    context = {
        "form": form,
        "organisation": organisation,
        "lots": lots,
        "regions": Region.choices,
        **form_errors(form, error),
    }
    return render_form(request, "web/sourcing/club_new.jinja", context)


@login_required
def club_detail(request, reference: str):
    actor = request.actor
    club = selectors.club_for_actor(actor, reference)
    today = clock.today()
    status = club.status(today)
    organisation = selectors.acting_buyer(actor)
    membership = selectors.membership_of(club, organisation)
    manages = can(actor, "sourcing.manage_club", club)
    rows = selectors.member_rows(club)
    join_reason = None
    can_join = False
    if organisation is not None and membership is None and can(actor, "sourcing.join_club", organisation):
        refusal = join_refusal(club.facts(), organisation.name, today)
        # The lead running a frozen club is not told it cannot join it.
        leads = organisation.pk == club.lead_organisation_id
        join_reason = refusal.message if refusal and not (leads and club.is_frozen) else None
        can_join = refusal is None
    launch_reasons = []
    if manages and status in (ClubStatus.OPEN, ClubStatus.JOINING_CLOSED):
        without = [r.member.organisation.name for r in rows if not r.lines]
        facts = club.facts(member_count=len(rows), requirement_line_count=sum(r.lines for r in rows))
        launch_reasons = [
            p.message
            for p in launch_problems(
                facts,
                today,
                members_without_requirements=without,
                agreement=club.agreement.facts(lot_count=1),
                lot=club.lot.facts(),
            )
        ]
    my_set = None
    if membership is not None:
        my_set = next((r.requirement_set for r in rows if r.member.pk == membership.pk), None)
    return render(
        request,
        "web/sourcing/club.jinja",
        {
            "club": club,
            "status": status,
            "status_label": club.status_label(today),
            "organisation": organisation,
            "membership": membership,
            "my_set": my_set,
            "rows": rows,
            "manages": manages,
            "sees_members": manages or can(actor, "sourcing.view_baseline", club),
            "can_join": can_join,
            "join_reason": join_reason,
            "launch_reasons": launch_reasons,
            "can_open": manages and status == ClubStatus.FORMING,
            "can_launch": manages
            and status in (ClubStatus.OPEN, ClubStatus.JOINING_CLOSED)
            and not launch_reasons,
            "frozen": club.is_frozen,
            "days_to_deadline": (club.join_deadline - today).days if club.join_deadline else None,
            **_procurement_links(actor, club, manages),
        },
    )


def _procurement_links(actor, club, manages: bool) -> dict:
    """What followed the launch, each linked for those who may open it: the further
    competition (or, for the lead, the way to start it), its award, the contract and the
    catalogue members order from."""
    if not club.is_frozen:
        return {}
    competition = competition_selectors.club_competition(club)
    sees_competition = competition is not None and can(actor, "competitions.view", competition)
    if competition is not None and not sees_competition and competition.stage == CompetitionStatus.DRAFT:
        competition = None  # a draft is the lead's own business until it is published
    award = competition_selectors.award_of(competition) if competition else None
    if award is not None and not (sees_competition or award.confirmed_at):
        award = None  # the winner is named to others once the award is made
    return {
        "competition": competition,
        "sees_competition": sees_competition,
        "can_start_competition": manages
        and (competition is None or competition.status() in ENDED_WITHOUT_AWARD)
        and can(actor, "competitions.create", club.lead_organisation),
        "award": award,
        "contract": contract_selectors.contract_from_competition(actor, competition) if award else None,
        "has_catalogue": bool(award and award.confirmed_at),
    }


@login_required
@require_POST
def club_join(request, reference: str):
    actor = request.actor
    club = selectors.club_for_actor(actor, reference)
    organisation = selectors.acting_buyer(actor)
    if organisation is None:
        raise NotFound("Act for the buyer organisation that joins")
    member = attempt(request, services.club_join, actor=actor, club=club, organisation=organisation)
    if member:
        messages.success(
            request,
            f"{organisation.name} joined {club.name}: "
            f"submit your requirements by {format_date(club.join_deadline)}",
        )
        found = selectors.requirement_set_in_club(actor, club, organisation)
        if found:
            return redirect("web:requirement-set", reference=found.reference)
    return redirect("web:club", reference=club.reference)


@login_required
@require_POST
def club_open(request, reference: str):
    club = selectors.club_for_actor(request.actor, reference)
    if attempt(request, services.club_open, actor=request.actor, club=club):
        messages.success(request, f"{club.name} is open to members until {format_date(club.join_deadline)}")
    return redirect("web:club", reference=club.reference)


@login_required
@require_POST
def club_launch(request, reference: str):
    club = selectors.club_for_actor(request.actor, reference)
    launched = attempt(request, services.club_launch, actor=request.actor, club=club)
    if launched:
        messages.success(request, f"{club.name} was launched: its baseline is frozen")
    return redirect("web:club", reference=club.reference)


@login_required
@require_http_methods(["GET", "POST"])
def club_launch_date(request, reference: str):
    actor = request.actor
    club = selectors.club_for_actor(actor, reference)
    require(actor, "sourcing.manage_club", club)
    initial = {
        "launch_date": club.launch_date.strftime("%d/%m/%Y") if club.launch_date else "",
        "join_notice_weeks": club.join_notice_days // 7,
    }
    form = LaunchDateForm(request.POST or None, initial=initial)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            club = services.club_set_launch_date(
                actor=actor,
                club=club,
                launch_date=form.cleaned_data["launch_date"],
                join_notice_days=form.cleaned_data["join_notice_weeks"] * 7,
            )
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(
                request,
                f"{club.name} launches on {format_date(club.launch_date)}: "
                f"joining closes on {format_date(club.join_deadline)}",
            )
            return redirect("web:club", reference=club.reference)
    context = {"club": club, "form": form, **form_errors(form, error)}
    return render_form(request, "web/sourcing/club_launch_date.jinja", context)


@login_required
def club_baseline(request, reference: str):
    actor = request.actor
    club = selectors.club_for_actor(actor, reference)
    require(actor, "sourcing.view_baseline", club)
    if not club.is_frozen:
        raise NotFound(f"{club.name} has not launched: its baseline is not frozen yet")
    return render(
        request,
        "web/sourcing/club_baseline.jinja",
        {
            "club": club,
            "summary": selectors.baseline_summary(club),
            "member_count": len(members_at_launch(club)),
            "launched_on": clock.local(club.launched_at).date(),
            "closes": club.launch_date + timedelta(weeks=4) if club.launch_date else None,
        },
    )
