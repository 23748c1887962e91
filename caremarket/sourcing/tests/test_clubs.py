"""Buying clubs: the joining deadline (6 weeks before launch, configurable per club) and the
baseline frozen at launch, each refused change with its reason."""

from datetime import date, timedelta

import pytest
import time_machine

from caremarket.audit.models import AuditEvent
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import ApplicationError, PermissionDenied
from caremarket.orgs import services as org_services
from caremarket.sourcing import services
from caremarket.sourcing.baseline import frozen_baseline, members_at_launch
from caremarket.sourcing.factories import (
    SYSTEM,
    filled_xlsx,
    join_with_requirements,
    make_buyer,
    make_club,
    requirement_set_of,
    rows_for,
)
from caremarket.sourcing.models import BaselineLine, ClubMember, RequirementLine

pytestmark = pytest.mark.django_db
LAUNCH = date(2027, 5, 31)
DEADLINE = date(2027, 4, 19)


def at(day: date):
    return time_machine.travel(f"{day.isoformat()} 12:00Z", tick=False)


def test_the_joining_deadline_is_six_weeks_before_launch(club):
    assert club.launch_date == LAUNCH
    assert club.join_deadline == DEADLINE == LAUNCH - timedelta(weeks=6)
    assert club.notice_label == "6 weeks"


def test_the_notice_is_configurable_per_club(dps, lead_org):
    club = make_club(lead=lead_org, agreement=dps, launch_in_days=91, join_notice_days=28)
    assert club.join_deadline == LAUNCH - timedelta(days=28)


def test_an_organisation_joins_on_the_deadline_day(club, member, member_org):
    with at(DEADLINE):
        joined = services.club_join(actor=member, club=club, organisation=member_org)
    assert joined.organisation == member_org
    assert joined.legal_entities.get().code == "RQM"
    assert AuditEvent.objects.filter(action="buying_club.member_joined").count() == 1


def test_joining_the_day_after_the_deadline_is_refused_with_the_reason(club, member, member_org):
    with at(DEADLINE + timedelta(days=1)), pytest.raises(ApplicationError) as refused:
        services.club_join(actor=member, club=club, organisation=member_org)
    assert refused.value.code == ErrorCode.BUYING_CLUB_JOIN_DEADLINE_PASSED
    assert (
        "19 April 2027" in refused.value.message
        and "6 weeks before its launch on 31 May 2027" in refused.value.message
    )
    assert not ClubMember.objects.exists()


def test_requirements_are_submitted_by_the_deadline(club, member, member_org):
    services.club_join(actor=member, club=club, organisation=member_org)
    requirement_set = requirement_set_of(club, member_org)
    content = filled_xlsx(requirement_set, rows_for(member_org, 2))
    services.requirements_import(
        actor=member, requirement_set=requirement_set, name="r.xlsx", content=content
    )
    with at(DEADLINE + timedelta(days=1)):
        with pytest.raises(ApplicationError) as late:
            services.requirements_submit(actor=member, requirement_set=requirement_set)
        assert late.value.code == ErrorCode.BUYING_CLUB_REQUIREMENTS_LATE
        with pytest.raises(ApplicationError) as no_new:
            services.requirements_import(
                actor=member, requirement_set=requirement_set, name="r.xlsx", content=content
            )
        assert no_new.value.code == ErrorCode.BUYING_CLUB_REQUIREMENTS_LATE
    with at(DEADLINE):
        member_row = services.requirements_submit(actor=member, requirement_set=requirement_set)
    assert member_row.requirements_submitted_at is not None


def test_moving_the_launch_later_moves_the_deadline(club, lead):
    moved = services.club_set_launch_date(actor=lead, club=club, launch_date=date(2027, 7, 1))
    assert moved.join_deadline == date(2027, 5, 20)


def test_only_the_lead_runs_the_club(club, member):
    with pytest.raises(PermissionDenied):
        services.club_set_launch_date(actor=member, club=club, launch_date=date(2027, 7, 1))


def test_the_lead_cannot_launch_while_joining_is_open(club, lead, member_org):
    join_with_requirements(club, member_org)
    with pytest.raises(ApplicationError) as refused:
        services.club_launch(actor=lead, club=club)
    assert refused.value.code == ErrorCode.BUYING_CLUB_LAUNCH_REFUSED
    assert "open until 19 April 2027" in refused.value.message


def test_a_member_without_requirements_stops_the_launch(club, lead, member_org):
    join_with_requirements(club, member_org)
    other = make_buyer(code="RYJ", name="Imperial College Healthcare", sites=2)
    services.club_join(actor=SYSTEM, club=club, organisation=other)
    with at(LAUNCH), pytest.raises(ApplicationError) as refused:
        services.club_launch(actor=lead, club=club)
    assert "Imperial College Healthcare" in refused.value.message


@pytest.fixture
def launched(club, lead, member_org):
    join_with_requirements(club, member_org, lines=3)
    join_with_requirements(club, make_buyer(code="RYJ", name="Imperial College Healthcare", sites=2), lines=2)
    with at(LAUNCH):
        return services.club_launch(actor=lead, club=club)


def test_launch_freezes_the_baseline(launched, member_org):
    assert launched.stage == "launched" and launched.launched_at is not None
    assert BaselineLine.objects.filter(club=launched).count() == 5
    baseline = frozen_baseline(launched)
    assert len(baseline) == 5
    assert baseline.members == ("RQM", "RYJ")
    line = next(li for li in baseline.lines if li.member == "RQM" and li.site == "RQM-S1")
    assert (line.unit, line.band, line.quantity) == ("per_connection", "100 Mbps", 1)
    assert members_at_launch(launched) == frozenset(
        ClubMember.objects.filter(club=launched).values_list("organisation_id", flat=True)
    )
    assert member_org.pk in members_at_launch(launched)


def test_the_baseline_of_a_club_not_launched_is_refused(club):
    with pytest.raises(ApplicationError) as refused:
        frozen_baseline(club)
    assert refused.value.code == ErrorCode.BUYING_CLUB_NOT_FROZEN
    with pytest.raises(ApplicationError):
        members_at_launch(club)


FROZEN_REASON = "The Once for London baseline was frozen at launch on 31 May 2027"


def test_after_launch_a_new_member_is_refused(launched):
    late = make_buyer(code="RAL", name="Royal Free London", sites=1)
    with at(LAUNCH + timedelta(days=1)), pytest.raises(ApplicationError) as refused:
        services.club_join(actor=SYSTEM, club=launched, organisation=late)
    assert refused.value.code == ErrorCode.BUYING_CLUB_BASELINE_FROZEN
    assert refused.value.message == f"{FROZEN_REASON}: no new members can be added"


def test_after_launch_a_new_legal_entity_is_refused(launched, member):
    club_member = ClubMember.objects.get(club=launched, organisation__code="RQM")
    with pytest.raises(ApplicationError) as refused:
        services.club_legal_entity_add(actor=member, member=club_member, name="RQM Subsidiary", code="RQM01")
    assert refused.value.code == ErrorCode.BUYING_CLUB_BASELINE_FROZEN
    assert refused.value.message == f"{FROZEN_REASON}: no new legal entities can be added"


def test_after_launch_a_new_site_is_refused(launched, member, member_org):
    site = org_services.site_add(actor=SYSTEM, organisation=member_org, code="RQM-NEW", name="New clinic")
    club_member = ClubMember.objects.get(club=launched, organisation=member_org)
    with pytest.raises(ApplicationError) as refused:
        services.club_site_add(actor=member, member=club_member, site=site)
    assert refused.value.message == f"{FROZEN_REASON}: no new sites can be added"


def test_after_launch_a_new_requirement_line_is_refused(launched, member, member_org):
    requirement_set = requirement_set_of(launched, member_org)
    with pytest.raises(ApplicationError) as refused:
        services.requirement_line_add(
            actor=member,
            requirement_set=requirement_set,
            site_code="RQM-S1",
            service_type="Broadband connection",
            quantity=1,
            unit="per_connection",
            size="80 Mbps",
            required_by=date(2028, 1, 1),
        )
    assert refused.value.code == ErrorCode.BUYING_CLUB_BASELINE_FROZEN
    assert refused.value.message == f"{FROZEN_REASON}: no new requirement lines can be added"
    with pytest.raises(ApplicationError) as upload:
        services.requirements_import(
            actor=member,
            requirement_set=requirement_set,
            name="r.xlsx",
            content=filled_xlsx(requirement_set, rows_for(member_org, 1)),
        )
    assert upload.value.code == ErrorCode.BUYING_CLUB_BASELINE_FROZEN


def test_after_launch_edits_and_removals_are_refused(launched, member, member_org, lead):
    line = RequirementLine.objects.filter(
        requirement_set__club=launched, requirement_set__organisation=member_org
    ).first()
    with pytest.raises(ApplicationError) as edit:
        services.requirement_line_update(actor=member, line=line, quantity=50)
    assert edit.value.message == f"{FROZEN_REASON}: its requirement lines cannot be changed"
    with pytest.raises(ApplicationError) as remove:
        services.requirement_line_remove(actor=member, line=line)
    assert remove.value.message == f"{FROZEN_REASON}: its requirement lines cannot be removed"
    club_member = ClubMember.objects.get(club=launched, organisation=member_org)
    with pytest.raises(ApplicationError) as leave:
        services.club_member_remove(actor=lead, member=club_member)
    assert leave.value.message == f"{FROZEN_REASON}: its members cannot be removed"
    with pytest.raises(ApplicationError) as move:
        services.club_set_launch_date(actor=lead, club=launched, launch_date=date(2027, 9, 1))
    assert "has launched" in move.value.message
    line.refresh_from_db()
    assert line.quantity != 50
    assert len(frozen_baseline(launched)) == 5


def test_between_the_deadline_and_launch_only_removals(club, lead, member, member_org):
    join_with_requirements(club, member_org, lines=2)
    line = RequirementLine.objects.filter(requirement_set__club=club).first()
    with at(DEADLINE + timedelta(days=1)):
        with pytest.raises(ApplicationError) as edit:
            services.requirement_line_update(actor=member, line=line, quantity=9)
        assert edit.value.code == ErrorCode.BUYING_CLUB_REQUIREMENTS_LATE
        services.requirement_line_remove(actor=member, line=line)
    assert RequirementLine.objects.filter(requirement_set__club=club).count() == 1
