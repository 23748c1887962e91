"""Notices through the services: draft, publish (release + incremental record), correct."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from caremarket.audit.models import AuditEvent
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.rules.roles import Role, Sector
from caremarket.transparency import selectors
from caremarket.transparency.factories import example_content
from caremarket.transparency.models import Notice, NoticeStatus, Record, Release
from caremarket.transparency.ocds import records, validation
from caremarket.transparency.services import notice_correct, notice_draft, notice_publish

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
START = datetime(2026, 12, 2, 9, 0, tzinfo=LONDON)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def world(clock):
    buyer = make_organisation(Sector.BUYER, code="QH8", name="Mid and South Essex ICB")
    other = make_organisation(Sector.BUYER, code="QHG", name="Bedfordshire ICB")
    lead = make_person(email="lead@notices.example", roles=[(buyer, Role.PROCUREMENT_LEAD)])
    approver = make_person(email="approver@notices.example", roles=[(buyer, Role.APPROVER)])
    plain_buyer = make_person(email="buyer@notices.example", roles=[(buyer, Role.BUYER)])
    outsider = make_person(email="lead@other.example", roles=[(other, Role.PROCUREMENT_LEAD)])
    return {
        "buyer": buyer,
        "lead": actor_for(lead, buyer),
        "approver": actor_for(approver, buyer),
        "plain_buyer": actor_for(plain_buyer, buyer),
        "outsider": actor_for(outsider, other),
    }


def _draft(world, code="UK4", process="CMP-000001", actor="lead", **extra):
    return notice_draft(
        actor=world[actor],
        publisher=world["buyer"],
        notice_type_code=code,
        process_id=process,
        content=extra.pop("content", None) or example_content(code),
        **extra,
    )


def test_a_draft_is_typed_versioned_cited_and_audited(world):
    notice = _draft(world, "UK7", subject_ref="CT-000001")
    assert notice.status == NoticeStatus.DRAFT
    assert (notice.notice_type, notice.type_version, notice.regime) == ("UK7", 1, "procurement_act_2023")
    assert notice.ocid == "ocds-caremarket-CMP-000001"
    assert notice.legal_basis.startswith("Procurement Act 2023, section 53")
    assert notice.subject_ref == "CT-000001"
    assert AuditEvent.objects.filter(action="notice.drafted", object_id=str(notice.pk)).exists()
    assert not Release.objects.exists()


def test_a_subject_object_is_kept_as_its_label_and_id(world):
    notice = _draft(world, subject=world["buyer"])
    assert (notice.subject_type, notice.subject_id) == ("orgs.organisation", str(world["buyer"].pk))


@pytest.mark.parametrize("actor", ["plain_buyer", "outsider"])
def test_only_the_buyers_procurement_leads_and_approvers_may_draft(world, actor):
    with pytest.raises(PermissionDenied):
        _draft(world, actor=actor)


def test_an_unknown_type_is_refused(world):
    with pytest.raises(ValidationFailed) as caught:
        _draft(world, "UK99", content={"tender": {}})
    assert caught.value.code == ErrorCode.NOTICE_TYPE_UNKNOWN


def test_publishing_writes_a_valid_release_and_the_record(world):
    notice = notice_publish(actor=world["approver"], notice=_draft(world))
    assert notice.status == NoticeStatus.PUBLISHED
    assert notice.published_at == START
    release = Release.objects.get(notice=notice)
    assert release.release_id == f"UK4-{notice.pk:06d}"
    assert release.tags == ["tender"]
    assert validation.release_errors(release.data) == []
    assert release.data["tender"]["documents"][0]["noticeType"] == "UK4"
    record = Record.objects.get(ocid=notice.ocid)
    assert record.release_count == 1
    assert record.compiled_release == records.compile_releases([release.data])
    event = AuditEvent.objects.get(action="notice.published", object_id=str(notice.pk))
    assert event.after["release_id"] == release.release_id


def test_an_incomplete_notice_is_refused_with_the_missing_fields(world):
    notice = _draft(world, content={"tender": {"title": "Home care"}})
    with pytest.raises(ValidationFailed) as caught:
        notice_publish(actor=world["lead"], notice=notice)
    assert caught.value.code == ErrorCode.NOTICE_INCOMPLETE
    assert "UK4 tender notice cannot be published without tender.description" in caught.value.message
    assert Notice.objects.get(pk=notice.pk).status == NoticeStatus.DRAFT
    assert not Release.objects.exists() and not Record.objects.exists()


def test_content_that_is_not_valid_ocds_is_refused(world):
    content = example_content("UK4")
    content["tender"]["tenderPeriod"]["endDate"] = "11 January 2027"
    with pytest.raises(ValidationFailed) as caught:
        notice_publish(actor=world["lead"], notice=_draft(world, content=content))
    assert caught.value.code == ErrorCode.NOTICE_RELEASE_INVALID
    assert "tender/tenderPeriod/endDate: '11 January 2027' is not a 'date-time'" in caught.value.message
    assert not Release.objects.exists()


@pytest.mark.parametrize("actor", ["plain_buyer", "outsider"])
def test_only_the_publishers_leads_and_approvers_may_publish(world, actor):
    notice = _draft(world)
    with pytest.raises(PermissionDenied):
        notice_publish(actor=world[actor], notice=notice)


def test_a_published_notice_is_never_published_again(world):
    notice = notice_publish(actor=world["lead"], notice=_draft(world))
    with pytest.raises(Conflict) as caught:
        notice_publish(actor=world["lead"], notice=notice)
    assert caught.value.code == ErrorCode.NOTICE_NOT_DRAFT
    assert "publish a correction instead" in caught.value.message
    assert Release.objects.count() == 1


def test_the_record_is_merged_one_release_at_a_time_and_equals_a_recompile(world, clock):
    codes = ["UK4", "UK6", "UK7", "UK10", "UK11"]
    for step, code in enumerate(codes):
        clock.move_to(START + timedelta(days=10 * step))
        notice_publish(actor=world["lead"], notice=_draft(world, code))
    record = Record.objects.get(ocid="ocds-caremarket-CMP-000001")
    releases = selectors.process_releases(record.ocid)
    assert record.release_count == len(codes) == len(releases)
    assert record.compiled_release == records.compile_releases(releases)
    assert record.compiled_release["date"] == releases[-1]["date"]
    assert [d["noticeType"] for d in record.compiled_release["tender"]["documents"]] == codes
    package = selectors.process_record_package(record.ocid, uri="https://caremarket.example/r")
    assert validation.record_package_errors(package) == []
    assert package["records"][0]["releases"] == releases


def test_processes_have_their_own_records(world):
    notice_publish(actor=world["lead"], notice=_draft(world, process="CMP-000001"))
    notice_publish(actor=world["lead"], notice=_draft(world, process="CMP-000002"))
    assert sorted(Record.objects.values_list("ocid", "release_count")) == [
        ("ocds-caremarket-CMP-000001", 1),
        ("ocds-caremarket-CMP-000002", 1),
    ]


def test_a_correction_is_a_new_notice_that_supersedes_the_published_one(world, clock):
    original = notice_publish(actor=world["lead"], notice=_draft(world, "UK7", subject_ref="CT-1"))
    original_release = Release.objects.get(notice=original).data
    clock.move_to(START + timedelta(hours=2))
    content = example_content("UK7")
    content["contracts"][0]["value"]["amount"] = 260000
    correction = notice_correct(
        actor=world["approver"], notice=original, content=content, reason="Value mistyped"
    )

    original.refresh_from_db()
    assert original.status == NoticeStatus.SUPERSEDED
    assert Release.objects.get(notice=original).data == original_release  # never edited
    assert correction.pk != original.pk and correction.supersedes == original
    assert (correction.status, correction.correction_reason, correction.subject_ref) == (
        NoticeStatus.PUBLISHED,
        "Value mistyped",
        "CT-1",
    )
    release = Release.objects.get(notice=correction)
    assert release.tags == ["contractUpdate"]
    record = Record.objects.get(ocid=original.ocid)
    assert record.release_count == 2
    assert record.compiled_release["contracts"][0]["value"]["amount"] == 260000
    assert record.compiled_release == records.compile_releases(selectors.process_releases(original.ocid))
    assert AuditEvent.objects.filter(action="notice.published", object_id=str(correction.pk)).exists()
    assert [n.pk for n in selectors.process_notices(original.ocid)] == [original.pk, correction.pk]


def test_corrections_are_refused_for_drafts_superseded_notices_and_without_a_reason(world):
    draft = _draft(world)
    with pytest.raises(Conflict) as caught:
        notice_correct(actor=world["lead"], notice=draft, content=example_content("UK4"), reason="x")
    assert caught.value.code == ErrorCode.NOTICE_NOT_PUBLISHED
    published = notice_publish(actor=world["lead"], notice=draft)
    with pytest.raises(ValidationFailed, match="Enter why the notice is being corrected"):
        notice_correct(actor=world["lead"], notice=published, content=example_content("UK4"), reason=" ")
    notice_correct(actor=world["lead"], notice=published, content=example_content("UK4"), reason="Typo")
    with pytest.raises(Conflict, match="correct its correction instead"):
        notice_correct(actor=world["lead"], notice=published, content=example_content("UK4"), reason="Again")


def test_a_drafted_correction_waits_and_only_one_may_be_pending(world):
    published = notice_publish(actor=world["lead"], notice=_draft(world))
    pending = notice_correct(
        actor=world["lead"], notice=published, content=example_content("UK4"), reason="Typo", publish=False
    )
    assert pending.status == NoticeStatus.DRAFT
    assert Notice.objects.get(pk=published.pk).status == NoticeStatus.PUBLISHED
    with pytest.raises(Conflict) as caught:
        notice_correct(actor=world["lead"], notice=published, content=example_content("UK4"), reason="Again")
    assert caught.value.code == ErrorCode.NOTICE_ALREADY_CORRECTED
    notice_publish(actor=world["lead"], notice=pending)
    assert Notice.objects.get(pk=published.pk).status == NoticeStatus.SUPERSEDED


def test_outsiders_cannot_correct(world):
    published = notice_publish(actor=world["lead"], notice=_draft(world))
    with pytest.raises(PermissionDenied):
        notice_correct(actor=world["outsider"], notice=published, content=example_content("UK4"), reason="x")


def test_drafts_are_seen_only_by_the_publisher_and_published_notices_by_anyone(world):
    from caremarket.core.actor import Actor

    draft = _draft(world)
    assert selectors.notice_for_actor(world["plain_buyer"], draft.pk) == draft
    for actor in (world["outsider"], Actor.anonymous()):
        with pytest.raises(NotFound):
            selectors.notice_for_actor(actor, draft.pk)
    notice_publish(actor=world["lead"], notice=draft)
    assert selectors.notice_for_actor(Actor.anonymous(), draft.pk) == draft
    with pytest.raises(NotFound):
        selectors.process_record("ocds-caremarket-nothing")
