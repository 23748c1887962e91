"""Contracts and sourcing plans publish their notices from the lifecycle (UK7 or the PSR
confirmation of award on signing, UK10 or the PSR modification notice on a variation, UK11 on
termination, UK3 for a club's planned launch, UK1 for a published intention), in the same
transaction; a contract recorded with a past signature owes its UK7, which is overdue after 30
days and is published from the notices due."""

from datetime import date, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from caremarket.audit.models import AuditEvent
from caremarket.competitions.factories import make_competition, make_market
from caremarket.contracts import services as contract_services
from caremarket.contracts.factories import make_contract
from caremarket.contracts.models import Contract, Variation
from caremarket.core.errors import Conflict, PermissionDenied, ValidationFailed
from caremarket.orgs.factories import SYSTEM, actor_for, make_organisation, make_person
from caremarket.rules.roles import Role, Sector
from caremarket.sourcing import services as sourcing_services
from caremarket.sourcing.factories import make_club
from caremarket.sourcing.models import BuyingClub, ProcurementIntention
from caremarket.transparency.content import contracts as content
from caremarket.transparency.models import Notice, NoticeStatus, Record
from caremarket.transparency.ocds import validation
from caremarket.transparency.overdue import due_notice_for, due_notices, overdue_for
from caremarket.transparency.panels import overdue_notices_panel
from caremarket.transparency.publishing import published_notice_for
from caremarket.transparency.services_due import overdue_notice_publish

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
START = datetime(2026, 12, 2, 9, 0, tzinfo=LONDON)
TODAY = START.date()


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def world(clock):
    buyer = make_organisation(Sector.BUYER, code="QH8", name="Mid and South Essex ICB")
    other = make_organisation(Sector.BUYER, code="QHG", name="Bedfordshire ICB")
    people = {
        "lead": Role.PROCUREMENT_LEAD,
        "approver": Role.APPROVER,
        "plain_buyer": Role.BUYER,
        "org_admin": Role.ORG_ADMIN,
    }
    actors = {
        name: actor_for(make_person(email=f"{name}@lifecycle.example", roles=[(buyer, role)]), buyer)
        for name, role in people.items()
    }
    outsider = make_person(email="lead@other.example", roles=[(other, Role.PROCUREMENT_LEAD)])
    return {"buyer": buyer, "other": other, "outsider": actor_for(outsider, other), **actors}


def _release(notice: Notice) -> dict:
    data = notice.release.data
    assert validation.release_errors(data) == []
    return data


def _new_contract(world, **fields) -> Contract:
    """A draft contract of the buyer, starting next month."""
    return make_contract(buyer=world["buyer"], signed=False, starts_on=TODAY + timedelta(days=30), **fields)


def _recorded_signed(world, days_ago: int, **fields) -> Contract:
    """An existing contract recorded with a signature `days_ago` days back."""
    contract = make_contract(
        buyer=world["buyer"], signed=False, starts_on=TODAY - timedelta(days=days_ago), **fields
    )
    return contract_services.contract_sign(
        actor=world["lead"], contract=contract, signed_on=TODAY - timedelta(days=days_ago)
    )


# --- Signing -------------------------------------------------------------------------------


def test_signing_today_publishes_the_uk7_in_the_same_transaction(world):
    contract = _new_contract(world, value="250000.50")
    signed = contract_services.contract_sign(actor=world["lead"], contract=contract)
    notice = published_notice_for(signed, "UK7")
    assert notice is not None and notice.publisher == world["buyer"]
    assert notice.subject_ref == contract.reference
    data = _release(notice)
    assert data["tag"] == ["contract"]
    (block,) = data["contracts"]
    assert block["id"] == contract.reference
    assert block["awardID"] == f"{contract.reference}-award"
    assert block["value"] == {"amount": 250000.5, "currency": "GBP"}
    assert block["dateSigned"] == "2026-12-02T00:00:00Z"
    assert block["status"] == "active"  # signed, though it starts next month
    assert {p["id"] for p in data["parties"]} >= {f"GB-NHS-{contract.supplier.code}", "GB-NHS-QH8"}
    assert Record.objects.get(ocid=notice.ocid).release_count == 1
    actions = list(
        AuditEvent.objects.filter(action__in=["contract.signed", "notice.published"])
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions[-2:] == ["contract.signed", "notice.published"]
    assert "250000" not in str(AuditEvent.objects.filter(action="notice.published").last().after)


def test_a_notice_that_cannot_be_published_rolls_the_signature_back(world):
    contract = _new_contract(world)
    with (
        mock.patch.object(content, "signed_content", return_value={"contracts": [{"id": "X"}]}),
        pytest.raises(ValidationFailed, match="cannot be published without"),
    ):
        contract_services.contract_sign(actor=world["lead"], contract=contract)
    contract.refresh_from_db()
    assert contract.stage == "draft" and contract.signed_on is None
    assert not Notice.objects.exists()
    assert not AuditEvent.objects.filter(action="contract.signed").exists()


def test_a_contract_recorded_with_a_past_signature_does_not_publish_on_its_own(world):
    contract = _recorded_signed(world, days_ago=40)
    assert published_notice_for(contract, "UK7") is None
    (due,) = due_notices(world["buyer"].pk)
    assert (due.code, due.contract, due.due_by) == ("UK7", contract, TODAY - timedelta(days=11))
    assert due.due_by == date(2026, 11, 21)  # 30 days beginning with the signature


def test_psr_contracts_publish_the_confirmation_of_award(world):
    market = make_market(suppliers=1)
    competition = make_competition(market, regime="provider_selection_regime")
    contract = make_contract(buyer=market.buyer, signed=False, starts_on=TODAY + timedelta(days=5))
    Contract.objects.filter(pk=contract.pk).update(competition=competition)
    signed = contract_services.contract_sign(actor=SYSTEM, contract=contract)
    assert published_notice_for(signed, "UK7") is None
    notice = published_notice_for(signed, "PSR_AWARD")
    data = _release(notice)
    assert set(data["tag"]) == {"award", "contract"}
    assert data["awards"][0]["id"] == f"{competition.reference}-award"
    assert data["contracts"][0]["awardID"] == f"{competition.reference}-award"
    assert data["tender"]["title"] == competition.title


def test_an_nhs_sla_needs_no_notice(world):
    sla = make_contract(buyer=world["buyer"], origin="nhs_sla", signed=False, starts_on=TODAY)
    contract_services.contract_sign(actor=world["lead"], contract=sla)
    old = make_contract(buyer=world["buyer"], origin="nhs_sla", starts_on=TODAY - timedelta(days=90))
    assert not Notice.objects.exists()
    assert due_notices(world["buyer"].pk) == []
    assert old.signed_on


def test_contracts_signed_before_the_act_owe_no_uk7(world):
    _recorded_signed(world, days_ago=(TODAY - date(2025, 2, 1)).days)
    assert due_notices(world["buyer"].pk) == []


# --- Variation and termination -------------------------------------------------------------


def test_a_variation_publishes_the_uk10_with_its_amendment(world):
    contract = contract_services.contract_sign(actor=world["lead"], contract=_new_contract(world))
    variation = contract_services.contract_vary(
        actor=world["lead"],
        contract=contract,
        summary="More sites join",
        changes={"value": "180000", "notice_months": "6"},
    )
    notice = published_notice_for(contract, "UK10")
    data = _release(notice)
    assert data["tag"] == ["contractAmendment"]
    (block,) = data["contracts"]
    assert block["value"] == {"amount": 180000, "currency": "GBP"}
    (amendment,) = block["amendments"]
    assert amendment["id"] == f"{contract.reference}-V{variation.number}"
    assert amendment["rationale"] == "More sites join"
    assert "£100,000.00 to £180,000.00" in amendment["description"]
    assert notice.ocid == published_notice_for(contract, "UK7").ocid


def test_a_psr_variation_publishes_the_modification_notice(world):
    market = make_market(suppliers=1)
    competition = make_competition(market, regime="provider_selection_regime")
    contract = make_contract(buyer=market.buyer, signed=False, starts_on=TODAY + timedelta(days=5))
    Contract.objects.filter(pk=contract.pk).update(competition=competition)
    contract = contract_services.contract_sign(actor=SYSTEM, contract=contract)
    # Regulation 13 asks for a notice of a change of £500,000 or more on ground (c) or (d).
    contract_services.contract_vary(
        actor=SYSTEM,
        contract=contract,
        summary="More patients",
        changes={"value": "700,000"},
        psr_ground="external_factors",
        materially_different_in_character=False,
    )
    assert _release(published_notice_for(contract, "PSR_MODIFICATION"))["contracts"][0]["amendments"]
    assert published_notice_for(contract, "UK10") is None


def test_a_failed_variation_notice_rolls_the_variation_back(world):
    contract = contract_services.contract_sign(actor=world["lead"], contract=_new_contract(world))
    with (
        mock.patch.object(content, "variation_content", return_value={"contracts": [{"title": "x"}]}),
        pytest.raises(ValidationFailed),
    ):
        contract_services.contract_vary(
            actor=world["lead"], contract=contract, summary="x", changes={"notice_months": "6"}
        )
    assert not Variation.objects.exists()
    contract.refresh_from_db()
    assert contract.notice_months == 3


def test_termination_publishes_the_uk11_with_its_reason(world):
    contract = _recorded_signed(world, days_ago=200)
    contract_services.contract_terminate(
        actor=world["lead"], contract=contract, reason="The service moved in house"
    )
    notice = published_notice_for(contract, "UK11")
    (block,) = _release(notice)["contracts"]
    assert block["status"] == "terminated"
    assert block["statusDetails"] == "The service moved in house"
    assert block["period"]["endDate"] == "2026-12-02T23:59:59Z"
    assert [d.code for d in due_notices(world["buyer"].pk)] == ["UK7"]


def test_a_contract_that_ran_to_its_end_owes_its_uk11(world, clock):
    contract = _recorded_signed(world, days_ago=380, term="1")
    assert contract.ends_on < TODAY
    codes = sorted(d.code for d in due_notices(world["buyer"].pk))
    assert codes == ["UK11", "UK7"]
    notice = overdue_notice_publish(actor=world["lead"], contract=contract, code="UK11")
    (block,) = _release(notice)["contracts"]
    assert block["status"] == "terminated"
    assert "end of its term" in block["statusDetails"]


# --- Sourcing --------------------------------------------------------------------------------


def test_a_clubs_planned_launch_publishes_its_uk3_and_a_move_corrects_it(world):
    club = make_club(lead=world["buyer"], launch_in_days=90)
    moved = sourcing_services.club_set_launch_date(
        actor=SYSTEM, club=club, launch_date=TODAY + timedelta(days=120)
    )
    first = published_notice_for(moved, "UK3")
    data = _release(first)
    assert data["tag"] == ["planning"]
    assert data["tender"]["title"] == club.name
    assert (
        data["tender"]["tenderPeriod"]["startDate"] == "2027-03-31T23:00:00Z"
    )  # midnight in England, in summer time
    assert first.ocid.endswith(club.reference)
    again = sourcing_services.club_set_launch_date(
        actor=SYSTEM, club=BuyingClub.objects.get(pk=club.pk), launch_date=TODAY + timedelta(days=150)
    )
    second = published_notice_for(again, "UK3")
    assert second.supersedes_id == first.pk
    assert "planningUpdate" in _release(second)["tag"]
    first.refresh_from_db()
    assert first.status == NoticeStatus.SUPERSEDED


def test_a_published_intention_publishes_its_pipeline_notice(world):
    intention = sourcing_services.intention_create(
        actor=world["lead"],
        organisation=world["buyer"],
        title="Community diagnostics",
        category="business_intelligence",
        region="london",
        value_band="1m_5m",
        launch_on=TODAY + timedelta(days=120),
        description="Diagnostics closer to home",
    )
    published = sourcing_services.intention_publish(actor=world["lead"], intention=intention)
    notice = published_notice_for(published, "UK1")
    data = _release(notice)
    assert data["tender"]["value"] == {"amount": 5000000, "currency": "GBP"}
    assert "£1 million to £5 million" in data["tender"]["description"]
    assert data["tender"]["items"][0]["classification"]["scheme"] == "CAREMARKET-CATEGORY"
    assert notice.ocid.endswith(intention.reference)
    assert ProcurementIntention.objects.get(pk=intention.pk).status == "published"


# --- Overdue notices ---------------------------------------------------------------------------


def test_overdue_notices_are_computed_from_the_database_in_two_queries(world):
    late = _recorded_signed(world, days_ago=40)
    _recorded_signed(world, days_ago=10)  # due, not yet overdue
    _recorded_signed(world, days_ago=60)
    contract_services.contract_sign(actor=world["lead"], contract=_new_contract(world))  # published
    make_contract(buyer=world["other"], starts_on=TODAY - timedelta(days=50))  # another buyer's
    with CaptureQueriesContext(connection) as queries:
        overdue = overdue_for(world["buyer"].pk)
    assert len(queries) == 2
    assert [o.days_overdue for o, _ in overdue] == [31, 11]
    first = overdue[1][0]
    assert first.fact.ref == late.reference
    assert first.sentence.startswith(
        f"The UK7 contract details notice for {late.reference} was due by 21 November 2026"
    )


def test_publishing_an_overdue_notice_removes_it_from_the_panel(world):
    contract = _recorded_signed(world, days_ago=40)
    (panel,) = overdue_notices_panel(world["approver"])
    assert panel.title == "Notices overdue"
    (item,) = panel.context["items"]
    assert item["kind"] == "contract details notice" and item["reference"] == contract.reference
    notice = overdue_notice_publish(actor=world["approver"], contract=contract, code="UK7")
    assert notice.status == NoticeStatus.PUBLISHED
    assert _release(notice)["contracts"][0]["dateSigned"] == "2026-10-22T23:00:00Z"
    assert AuditEvent.objects.filter(action="contract.notice_published").last().after["days_late"] == 11
    assert overdue_notices_panel(world["approver"]) == []
    assert due_notice_for(contract, "UK7") is None
    with pytest.raises(Conflict, match="is not due"):
        overdue_notice_publish(actor=world["approver"], contract=contract, code="UK7")


def test_the_panel_is_for_the_buyers_people(world):
    _recorded_signed(world, days_ago=40)
    for name in ("lead", "approver", "plain_buyer", "org_admin"):
        (panel,) = overdue_notices_panel(world[name])
        assert panel.context["can_publish"] is (name in ("lead", "approver"))
    assert overdue_notices_panel(world["outsider"]) == []


@pytest.mark.parametrize("who", ["plain_buyer", "org_admin", "outsider"])
def test_only_procurement_leads_and_approvers_publish_a_due_notice(world, who):
    contract = _recorded_signed(world, days_ago=40)
    with pytest.raises(PermissionDenied, match="procurement leads and approvers"):
        overdue_notice_publish(actor=world[who], contract=contract, code="UK7")
    assert not Notice.objects.exists()


def test_a_notice_that_is_not_a_contracts_is_refused(world):
    contract = _recorded_signed(world, days_ago=40)
    with pytest.raises(Conflict, match="not due"):
        overdue_notice_publish(actor=world["lead"], contract=contract, code="UK4")
    with pytest.raises(Conflict, match="not due"):
        overdue_notice_publish(actor=world["lead"], contract=contract, code="UK11")
