"""A buyer's notices on the pages, from the home page: the "Notices" panel, the list of drafts
and published notices, choosing a notice type, each type's form publishing a valid release,
saving and changing a draft and publishing it; bad input saves nothing; and the API's twins."""

import json
import re

import pytest
from django.test import Client

from caremarket.contracts.factories import make_contract
from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.orgs.services import api_token_create
from caremarket.rules.roles import Role, Sector
from caremarket.transparency.models import Notice, NoticeStatus, Release
from caremarket.transparency.ocds import validation
from caremarket.transparency.tests.test_forms import TYPED

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    buyer = make_organisation(Sector.BUYER, code="QH8", name="Mid and South Essex ICB")
    contract = make_contract(buyer=buyer, title="Home care, Essex")
    lead = make_person(email="lead@m.example", roles=[(buyer, Role.PROCUREMENT_LEAD)])
    plain = make_person(email="buyer@m.example", roles=[(buyer, Role.BUYER)])
    return {"buyer": buyer, "contract": contract, "lead": lead, "plain": plain}


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _typed(code, world) -> dict:
    data = dict(TYPED[code])
    if "contract" in data:
        data["contract"] = world["contract"].reference
    return data


def test_from_the_home_page_to_publishing_a_notice(world):
    client = _client(world["lead"])
    home = client.get("/").content.decode()
    assert 'href="/notices/manage"' in home and 'href="/notices/new"' in home
    listing = client.get("/notices/manage").content.decode()
    assert "Your organisation's notices" in listing and 'href="/notices/new"' in listing
    choose = client.get("/notices/new").content.decode()
    assert "Preliminary market engagement notice" in choose and "before you engage the market" in choose
    assert 'value="UK4"' not in choose  # published by the competition, not typed here
    response = client.post("/notices/new", {"notice_type": "UK2"})
    assert response["Location"] == "/notices/new/UK2"
    assert client.post("/notices/new", {}).status_code == 400


def test_the_plain_buyer_sees_no_panel_and_may_not_publish(world):
    client = _client(world["plain"])
    assert 'href="/notices/new"' not in client.get("/").content.decode()
    assert client.get("/notices/manage").status_code == 200
    assert client.get("/notices/new").status_code == 403
    assert client.post("/notices/new/UK2", TYPED["UK2"]).status_code == 403
    assert not Notice.objects.filter(notice_type="UK2").exists()


@pytest.mark.parametrize("code", sorted(TYPED))
def test_each_form_publishes_a_valid_release(world, code):
    client = _client(world["lead"])
    page = client.get(f"/notices/new/{code}")
    assert page.status_code == 200
    response = client.post(f"/notices/new/{code}", {**_typed(code, world), "action": "publish"}, follow=True)
    notice = Notice.objects.get(notice_type=code)
    assert notice.status == NoticeStatus.PUBLISHED, re.findall(
        r"not published: [^<]*", response.content.decode()
    )
    assert response.redirect_chain[-1][0] == f"/notices/{notice.pk}"
    release = Release.objects.get(notice=notice).data
    assert validation.release_errors(release) == []
    assert release["tender"]["documents"][-1]["noticeType"] == code
    if code in ("UK8", "UK9"):
        assert notice.subject_id == str(world["contract"].pk)
        assert release["contracts"][0]["id"] == world["contract"].reference


@pytest.mark.parametrize(
    ("code", "field", "typed"),
    [
        ("UK14", "starts_on", "31/02/2027"),
        ("UK2", "value", "ninety thousand"),
        ("PSR_URGENT", "value", "£98,500.001"),
        ("UK8", "payments-0-amount", "a lot"),
        ("UK9", "assessed_on", "yesterday"),
    ],
)
def test_bad_input_shows_errors_and_saves_nothing(world, code, field, typed):
    client = _client(world["lead"])
    data = {**_typed(code, world), field: typed, "action": "publish"}
    response = client.post(f"/notices/new/{code}", data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in body and f'href="#{field}"' in body
    assert f'value="{typed}"' in body  # what was typed is shown again
    assert not Notice.objects.exists() or not Notice.objects.filter(notice_type=code).exists()


def test_a_contract_of_another_buyer_is_refused(world):
    elsewhere = make_contract(title="Someone else's")
    client = _client(world["lead"])
    data = {**_typed("UK9", world), "contract": elsewhere.reference, "action": "draft"}
    response = client.post("/notices/new/UK9", data)
    assert response.status_code == 400 and "choose one of its contracts" in response.content.decode()


def test_a_draft_is_saved_changed_and_published(world):
    client = _client(world["lead"])
    response = client.post("/notices/new/UK13", {**TYPED["UK13"], "action": "draft"})
    notice = Notice.objects.get(notice_type="UK13")
    assert response["Location"] == f"/notices/manage/{notice.pk}"
    page = client.get(f"/notices/manage/{notice.pk}").content.decode()
    assert "Draft" in page and "Publish notice" in page and "Change the draft" in page
    assert "Care market" in client.get("/notices/manage").content.decode()
    # Someone outside the buyer is told there is no such notice.
    outsider = make_person(
        email="x@other.example", roles=[(make_organisation(Sector.BUYER), Role.PROCUREMENT_LEAD)]
    )
    assert _client(outsider).get(f"/notices/manage/{notice.pk}").status_code == 404
    edit = client.get(f"/notices/manage/{notice.pk}/edit").content.decode()
    assert 'value="Care market"' in edit
    bad = client.post(f"/notices/manage/{notice.pk}/edit", {"title": "Care market", "value": "x"})
    assert bad.status_code == 400
    client.post(
        f"/notices/manage/{notice.pk}/edit",
        {"title": "Care market, Essex", "description": "A dynamic market", "value": "1,000,000"},
    )
    notice.refresh_from_db()
    assert notice.title == "Care market, Essex"
    assert notice.content["tender"]["value"] == {"amount": 1000000, "currency": "GBP"}
    response = client.post(f"/notices/manage/{notice.pk}/publish")
    assert response["Location"] == f"/notices/{notice.pk}"
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.PUBLISHED
    # Published: no more changes to it.
    refused = client.post(f"/notices/manage/{notice.pk}/edit", {"title": "x"})
    assert refused.status_code == 400 and "publish a correction instead" in refused.content.decode()
    page = client.get(f"/notices/manage/{notice.pk}").content.decode()
    assert "See the published notice" in page and "Correct this notice" in page


def test_a_dynamic_market_keeps_one_process(world):
    client = _client(world["lead"])
    client.post("/notices/new/UK13", {**TYPED["UK13"], "action": "publish"})
    intention = Notice.objects.get(notice_type="UK13")
    form = client.get("/notices/new/UK14").content.decode()
    assert intention.ocid in form
    client.post("/notices/new/UK14", {**TYPED["UK14"], "process": intention.ocid, "action": "publish"})
    assert Notice.objects.get(notice_type="UK14").ocid == intention.ocid
    response = client.post("/notices/new/UK15", {**TYPED["UK15"], "process": "ocds-elsewhere-1"})
    assert response.status_code == 400


def test_the_api_drafts_publishes_and_lists(world):
    _, secret = api_token_create(actor=actor_for(world["lead"]), name="t")
    client, auth = Client(), {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    body = {"organisation_code": "QH8", "notice_type": "UK9", "fields": _typed("UK9", world)}
    response = client.post("/api/v1/notices", json.dumps(body), content_type="application/json", **auth)
    assert response.status_code == 201, response.content
    draft = response.json()
    assert (
        draft["status"] == "draft" and draft["content"]["contracts"][0]["id"] == world["contract"].reference
    )
    bad = {**body, "fields": {**body["fields"], "assessed_on": "31/02/2027"}}
    refused = client.post("/api/v1/notices", json.dumps(bad), content_type="application/json", **auth)
    assert refused.status_code == 422 or refused.status_code == 400
    assert "assessed_on" in refused.json()["details"]["fields"]
    listed = client.get("/api/v1/organisations/QH8/notices", **auth).json()
    assert [n["id"] for n in listed["items"]] == [draft["id"]]
    put = client.put(
        f"/api/v1/notices/{draft['id']}/draft",
        json.dumps({"fields": {"title": "KPIs for 2027"}}),
        content_type="application/json",
        **auth,
    )
    assert put.status_code == 200 and put.json()["title"] == "KPIs for 2027"
    published = client.post(f"/api/v1/notices/{draft['id']}/publish", **auth)
    assert published.status_code == 200 and published.json()["status"] == "published"
    again = client.post(f"/api/v1/notices/{draft['id']}/publish", **auth)
    assert again.status_code == 409 and again.json()["message"]
    # The public search on the same path still answers.
    assert client.get("/api/v1/notices").status_code == 200
