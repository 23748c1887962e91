"""A correction is a new notice: it supersedes the old one, whose release is never changed; its
own release carries the type's *Update tag and the process's record merges it. Correcting a
draft, a superseded notice or one already corrected is refused, and so is anyone who may not
publish the buyer's notices — on the pages and in the API alike."""

import json

import pytest
from django.test import Client

from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from caremarket.orgs.factories import SYSTEM, actor_for, make_organisation, make_person
from caremarket.orgs.services import api_token_create
from caremarket.rules.roles import Role, Sector
from caremarket.transparency import forms, selectors
from caremarket.transparency.factories import example_content
from caremarket.transparency.models import NoticeStatus, Record, Release
from caremarket.transparency.services import notice_correct, notice_draft, notice_publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    buyer = make_organisation(Sector.BUYER, code="QH8", name="Mid and South Essex ICB")
    other = make_organisation(Sector.BUYER, code="QHG", name="Bedfordshire ICB")
    people = {
        "lead": make_person(email="lead@c.example", roles=[(buyer, Role.PROCUREMENT_LEAD)]),
        "approver": make_person(email="approver@c.example", roles=[(buyer, Role.APPROVER)]),
        "buyer": make_person(email="buyer@c.example", roles=[(buyer, Role.BUYER)]),
        "evaluator": make_person(email="evaluator@c.example", roles=[(buyer, Role.EVALUATOR)]),
        "org_admin": make_person(email="admin@c.example", roles=[(buyer, Role.ORG_ADMIN)]),
        "outsider": make_person(email="lead@other.example", roles=[(other, Role.PROCUREMENT_LEAD)]),
    }
    draft = notice_draft(
        actor=SYSTEM,
        publisher=buyer,
        notice_type_code="UK4",
        process_id="CMP-CORR-1",
        content=example_content("UK4"),
        title="Home care, East of England",
    )
    notice = notice_publish(actor=SYSTEM, notice=draft)
    return {"buyer": buyer, "people": people, "notice": notice}


def _actor(world, name):
    return actor_for(world["people"][name], world["buyer"] if name != "outsider" else None)


def _correct(world, name="lead", notice=None, **extra):
    notice = notice or world["notice"]
    content = forms.apply_edits(
        "UK4",
        notice.content,
        {**forms.editable_values("UK4", notice.content, notice.title), "title": "Home care, Essex"},
    )
    return notice_correct(
        actor=_actor(world, name),
        notice=notice,
        content=content,
        reason="The title named the wrong area",
        **extra,
    )


def test_a_correction_is_a_new_notice_superseding_the_old(world):
    original = world["notice"]
    before = Release.objects.get(notice=original).data
    correction = _correct(world)
    original.refresh_from_db()
    assert correction.pk != original.pk
    assert correction.supersedes_id == original.pk
    assert correction.status == NoticeStatus.PUBLISHED
    assert original.status == NoticeStatus.SUPERSEDED
    assert correction.ocid == original.ocid and correction.notice_type == "UK4"
    assert correction.correction_reason == "The title named the wrong area"
    # The old release is never changed; the new one carries the update tag.
    assert Release.objects.get(notice=original).data == before
    assert before["tag"] == ["tender"]
    release = Release.objects.get(notice=correction).data
    assert release["tag"] == ["tenderUpdate"]
    assert release["tender"]["title"] == "Home care, Essex"
    # The record merges the correction: its compiled release reads the corrected title.
    record = Record.objects.get(ocid=original.ocid)
    assert record.release_count == 2
    assert record.compiled_release["tender"]["title"] == "Home care, Essex"
    assert [r["id"] for r in selectors.process_record(original.ocid)["releases"]] == [
        before["id"],
        release["id"],
    ]


def test_a_second_correction_is_refused(world):
    _correct(world)
    with pytest.raises(Conflict) as refused:
        _correct(world)
    assert refused.value.code == ErrorCode.NOTICE_NOT_PUBLISHED  # it is superseded now


def test_a_notice_with_a_draft_correction_is_not_corrected_twice(world):
    _correct(world, publish=False)
    with pytest.raises(Conflict) as refused:
        _correct(world)
    assert refused.value.code == ErrorCode.NOTICE_ALREADY_CORRECTED


def test_the_correction_of_a_correction_supersedes_it(world):
    first = _correct(world)
    second = _correct(world, notice=first)
    first.refresh_from_db()
    assert first.status == NoticeStatus.SUPERSEDED and second.supersedes_id == first.pk


def test_a_draft_cannot_be_corrected(world):
    draft = notice_draft(
        actor=SYSTEM,
        publisher=world["buyer"],
        notice_type_code="UK4",
        process_id="CMP-CORR-2",
        content=example_content("UK4"),
    )
    with pytest.raises(Conflict) as refused:
        _correct(world, notice=draft)
    assert refused.value.code == ErrorCode.NOTICE_NOT_PUBLISHED


def test_a_correction_needs_a_reason(world):
    with pytest.raises(ValidationFailed):
        notice_correct(
            actor=_actor(world, "lead"), notice=world["notice"], content=world["notice"].content, reason=" "
        )


@pytest.mark.parametrize("name", ["buyer", "evaluator", "org_admin", "outsider"])
def test_only_procurement_leads_and_approvers_correct(world, name):
    with pytest.raises(PermissionDenied):
        _correct(world, name)
    assert selectors.notice_correction(world["notice"]) is None


def test_an_approver_may_correct(world):
    assert _correct(world, "approver").supersedes_id == world["notice"].pk


# --- On the pages -------------------------------------------------------------------------------


def _client(world, name) -> Client:
    client = Client()
    client.force_login(world["people"][name])
    return client


def test_the_public_page_offers_the_correction_to_those_who_may_make_it(world):
    url = f"/notices/{world['notice'].pk}"
    assert "Correct this notice" in _client(world, "lead").get(url).content.decode()
    assert "Correct this notice" not in _client(world, "buyer").get(url).content.decode()
    assert "Correct this notice" not in Client().get(url).content.decode()


def test_correcting_on_the_page_publishes_a_new_notice(world):
    client = _client(world, "lead")
    url = f"/notices/{world['notice'].pk}/correct"
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert 'value="Home care, East of England"' in body
    assert 'value="985,000"' in body and 'value="11/01/2027"' in body
    assert "Why is it being corrected?" in body
    data = {
        "title": "Home care, Essex",
        "description": "Domiciliary care",
        "value": "£990,000",
        "date_0": "11/01/2027",
        "reason": "The value was wrong",
    }
    response = client.post(url, data, follow=True)
    correction = selectors.notice_correction(world["notice"])
    assert response.redirect_chain[-1][0] == f"/notices/{correction.pk}"
    assert "Correction published" in response.content.decode()
    release = Release.objects.get(notice=correction).data
    assert release["tender"]["value"] == {"amount": 990000, "currency": "GBP"}
    # The date left as it was keeps its time of day.
    assert release["tender"]["tenderPeriod"]["endDate"] == "2027-01-11T12:00:00Z"


def test_a_correction_without_a_reason_or_with_a_bad_amount_saves_nothing(world):
    client = _client(world, "lead")
    url = f"/notices/{world['notice'].pk}/correct"
    response = client.post(url, {"title": "Home care", "value": "lots", "reason": "x"})
    assert response.status_code == 400
    assert "Enter an amount in pounds" in response.content.decode()
    response = client.post(url, {"title": "Home care", "value": "100", "date_0": "31/02/2027", "reason": "x"})
    assert response.status_code == 400 and "DD/MM/YYYY" in response.content.decode()
    response = client.post(url, {"title": "Home care", "value": "100", "reason": ""})
    assert response.status_code == 400
    assert "Enter why the notice is being corrected" in response.content.decode()
    assert selectors.notice_correction(world["notice"]) is None


def test_the_page_says_why_a_corrected_notice_cannot_be_corrected_again(world):
    correction = _correct(world)
    page = _client(world, "lead").get(f"/notices/{world['notice'].pk}/correct")
    body = page.content.decode()
    assert "has already been corrected" in body
    assert f"/notices/{correction.pk}" in body
    assert 'name="reason"' not in body


@pytest.mark.parametrize(("name", "status"), [("buyer", 403), ("outsider", 403)])
def test_the_correction_page_is_refused_to_others(world, name, status):
    assert _client(world, name).get(f"/notices/{world['notice'].pk}/correct").status_code == status


# --- In the API ---------------------------------------------------------------------------------


def _api(world, name) -> tuple[Client, dict]:
    _, secret = api_token_create(actor=actor_for(world["people"][name]), name="t")
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_the_api_corrects_with_plain_fields_and_refuses_a_second_time(world):
    client, auth = _api(world, "approver")
    url = f"/api/v1/notices/{world['notice'].pk}/corrections"
    body = {"fields": {"title": "Home care, Essex"}, "reason": "The title named the wrong area"}
    response = client.post(url, json.dumps(body), content_type="application/json", **auth)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["supersedes"] == world["notice"].pk and created["status"] == "published"
    assert created["content"]["tender"]["value"] == {"amount": 985000, "currency": "GBP"}
    again = client.post(url, json.dumps(body), content_type="application/json", **auth)
    assert again.status_code == 409
    assert again.json()["code"] == ErrorCode.NOTICE_NOT_PUBLISHED


def test_the_api_refuses_a_correction_to_a_plain_buyer(world):
    client, auth = _api(world, "buyer")
    body = {"fields": {"title": "x"}, "reason": "y"}
    response = client.post(
        f"/api/v1/notices/{world['notice'].pk}/corrections",
        json.dumps(body),
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 403
    assert response.json()["message"]


def test_a_draft_is_not_found_for_outsiders(world):
    draft = notice_draft(
        actor=SYSTEM,
        publisher=world["buyer"],
        notice_type_code="UK2",
        process_id="CMP-CORR-3",
        content={"tender": {"title": "x"}},
    )
    with pytest.raises(NotFound):
        selectors.managed_notice_for_actor(_actor(world, "outsider"), draft.pk)
