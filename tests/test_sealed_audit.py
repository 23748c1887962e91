"""Sealed means sealed in the audit log too: before a competition's deadline nothing about its
bids can be observed, by anyone, on any page or route that shows audit data. Each such page
and route is listed here (a completeness test fails when a new one appears unlisted) and read
by every kind of person who may read the log, before the first bid and after bids were
drafted, submitted, withdrawn and resubmitted: every answer must be byte for byte the same.
After the deadline the competition's sealed stream opens, is anchored into the main log by the
next write, and verifies."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import get_resolver

from caremarket.audit.models import AuditEvent, SealedEvent
from caremarket.audit.sealer import seal_pending
from caremarket.competitions import services
from caremarket.competitions.factories import make_competition, make_market, submit_bid
from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.orgs.services import api_token_create
from caremarket.rules.roles import Role, Sector
from tests.routes import api_routes

pytestmark = pytest.mark.django_db

SCOPE = "competitions.competition"

# Every page and route that shows audit data, as a function of (competition, the newest
# visible event's number). `{next}` is one past it: a sequence number a hidden event would take.
WEB_PAGES = {
    "": "/",
    "audit": "/audit",
    "audit/<int:seq>": "/audit/{seq}",
    "audit/<int:seq> (the next number)": "/audit/{next}",
    "audit/verify": "/audit/verify",
    "audit/sealed/<str:scope_type>/<str:scope_id>": f"/audit/sealed/{SCOPE}/{{id}}",
    "records/audit/auditevent/": "/records/audit/auditevent/",
}
API_ROUTES = {
    "/api/v1/audit": "/api/v1/audit",
    "/api/v1/audit/verify": "/api/v1/audit/verify",
    "/api/v1/audit/{seq}": "/api/v1/audit/{seq}",
    "/api/v1/audit/{seq} (the next number)": "/api/v1/audit/{next}",
    "/api/v1/audit/sealed/{scope_type}/{scope_id}": f"/api/v1/audit/sealed/{SCOPE}/{{id}}",
    "/api/v1/audit?action=bid": "/api/v1/audit?action=bid",
    "/api/v1/audit?object_type=competitions.bid": "/api/v1/audit?object_type=competitions.bid",
}


def test_every_page_and_route_showing_audit_data_is_checked_here():
    pages = {
        str(p.pattern) for p in get_resolver("caremarket.web.urls").url_patterns if "audit" in str(p.pattern)
    }
    assert pages - set(WEB_PAGES) == set()
    routes = {route.split(" ", 1)[1] for route in api_routes() if "/audit" in route}
    assert routes - set(API_ROUTES) == set()


@pytest.fixture
def world():
    market = make_market(suppliers=2)
    competition = make_competition(market, publish=True)
    platform = make_organisation(Sector.PLATFORM, code="PLAT")
    readers = {
        "auditor": make_person(roles=[(platform, Role.AUDITOR)]),
        "platform admin": make_person(roles=[(platform, Role.PLATFORM_ADMIN)]),
        "buyer administrator": make_person(roles=[(market.buyer, Role.ORG_ADMIN)]),
        "supplier administrator": make_person(roles=[(market.suppliers[0], Role.ORG_ADMIN)]),
        "procurement lead": market.lead.person,
    }
    tokens = {
        name: api_token_create(actor=actor_for(person), name="audit")[1] for name, person in readers.items()
    }
    return market, competition, readers, tokens


def _normalised(body: bytes) -> str:
    text = body.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "csrf", text)
    text = re.sub(r'name="csrf-token" content="[^"]+"', "csrf", text)
    return re.sub(r'nonce="[^"]+"', "nonce", text)


def _everything_seen(competition, readers, tokens) -> dict:
    newest = AuditEvent.objects.order_by("-seq").first().seq
    fill = {"seq": newest, "next": newest + 1, "id": competition.pk}
    seen = {}
    for name, person in readers.items():
        web = Client()
        web.force_login(person)
        for label, path in WEB_PAGES.items():
            response = web.get(path.format(**fill))
            seen[(name, label)] = (response.status_code, _normalised(response.content))
        api = Client(HTTP_AUTHORIZATION=f"Bearer {tokens[name]}")
        for label, path in API_ROUTES.items():
            response = api.get(path.format(**fill))
            seen[(name, label)] = (response.status_code, response.content.decode())
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    seen["caremarket audit verify"] = out.getvalue()
    return seen


def test_nothing_about_bids_shows_before_the_deadline(world):
    market, competition, readers, tokens = world
    before = _everything_seen(competition, readers, tokens)
    submit_bid(market, competition, 0, "100000")
    services.bid_withdraw(actor=market.bidders[0], competition=competition, supplier=market.suppliers[0])
    submit_bid(market, competition, 0, "99000")
    submit_bid(market, competition, 1, "120000")
    assert SealedEvent.objects.filter(stream__scope_id=str(competition.pk)).count() == 7
    after = _everything_seen(competition, readers, tokens)
    assert set(after) == set(before)
    for key in before:
        assert after[key] == before[key], f"{key} changed when bids were made"
    # The stream is a 404 for everyone who may read the log, as for a competition with no bids.
    stream = "/api/v1/audit/sealed/{scope_type}/{scope_id}"
    assert {name: after[(name, stream)][0] for name in readers} == {
        "auditor": 404,
        "platform admin": 404,
        "buyer administrator": 404,
        "supplier administrator": 404,
        "procurement lead": 403,
    }


def test_after_the_deadline_the_stream_opens_is_anchored_and_verifies(world, travel):
    market, competition, readers, tokens = world
    submit_bid(market, competition, 0, "100000")
    submit_bid(market, competition, 1, "120000")
    travel(competition.submission_deadline)
    auditor = Client(HTTP_AUTHORIZATION=f"Bearer {tokens['auditor']}")
    stream_path = f"/api/v1/audit/sealed/{SCOPE}/{competition.pk}"
    events = auditor.get(stream_path).json()["items"]
    assert [e["action"] for e in events] == ["bid.drafted", "bid.submitted", "bid.drafted", "bid.submitted"]
    assert [e["seq"] for e in events] == [1, 2, 3, 4]
    assert not AuditEvent.objects.filter(action="audit.sealed_stream_opened").exists()
    # The sealer (which runs after every commit) anchors the opened stream's head into the
    # main log, and seals the anchor with the next batch.
    seal_pending()
    anchor = AuditEvent.objects.get(action="audit.sealed_stream_opened")
    assert anchor.object_id == str(competition.pk)
    assert anchor.after == {"events": 4, "last_hash": events[-1]["hash"]}
    report = auditor.get("/api/v1/audit/verify").json()
    assert report["ok"] and report["streams_checked"] == 1 and report["stream_events_checked"] == 4
    # Each supplier's administrators see only their own organisation's events.
    supplier = Client(HTTP_AUTHORIZATION=f"Bearer {tokens['supplier administrator']}")
    own = supplier.get(stream_path).json()["items"]
    assert {e["organisation_code"] for e in own} == {market.suppliers[0].code}
    web = Client()
    web.force_login(readers["auditor"])
    page = web.get(f"/audit/{anchor.seq}").content.decode()
    assert f"/audit/sealed/{SCOPE}/{competition.pk}" in page
    assert "bid.submitted" in web.get(f"/audit/sealed/{SCOPE}/{competition.pk}").content.decode()


def test_a_competition_cancelled_before_its_deadline_keeps_its_stream_sealed(world, travel):
    market, competition, _, tokens = world
    submit_bid(market, competition, 0, "100000")
    services.competition_transition(
        actor=market.lead, competition=competition, to="cancelled", reason="Requirement withdrawn"
    )
    travel(competition.submission_deadline)
    seal_pending()
    auditor = Client(HTTP_AUTHORIZATION=f"Bearer {tokens['auditor']}")
    assert auditor.get(f"/api/v1/audit/sealed/{SCOPE}/{competition.pk}").status_code == 404
    assert not AuditEvent.objects.filter(action="audit.sealed_stream_opened").exists()
    assert auditor.get("/api/v1/audit/verify").json()["streams_checked"] == 0
