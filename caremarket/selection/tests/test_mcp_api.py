"""The Most Suitable Provider process through the API: the same steps as the pages, with JSON
refusals that give their reason."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from caremarket.core import clock
from caremarket.orgs.factories import actor_for
from caremarket.orgs.services import api_token_create
from caremarket.rules import provider_assessment as pa
from caremarket.rules import psr as psr_rules
from caremarket.rules.dates import spoken_date
from caremarket.selection import selectors_mcp as sel
from caremarket.selection.factories_mcp import advance_to, build_case, make_process, msp_criteria, pdf

pytestmark = pytest.mark.django_db

START = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)


def api(person) -> Client:
    _, secret = api_token_create(actor=actor_for(person), name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def post(client, path, data=None):
    return client.post(f"/api/v1{path}", data or {}, content_type="application/json")


@pytest.fixture
def case(travel):
    travel(START)
    return build_case(alliances=[])


def test_the_walk_through_by_the_api(case, travel):
    commissioner = api(case.commissioner)
    ref = f"/selection/msp/{case.process.reference}"
    from caremarket.orgs.factories import make_organisation, make_person
    from caremarket.rules.roles import Role, Sector

    lead = make_organisation(Sector.SUPPLIER, name="Ipswich Hospital")
    council = make_organisation(Sector.SUPPLIER, name="County Council")
    answer = post(
        commissioner,
        f"{ref}/alliances",
        {"name": "East", "lead_code": lead.code, "member_codes": [council.code]},
    )
    assert answer.status_code == 201, answer.json()
    alliance_id = answer.json()["id"]
    provider = api(make_person(roles=[(lead, Role.SUPPLIER_USER)]))
    answer = provider.post(
        f"/api/v1{ref}/alliances/{alliance_id}/letter",
        {"signed_on": clock.today().isoformat(), "signed_by": "The chief executives", "file": pdf()},
    )
    assert answer.status_code == 200, answer.json()
    assert len(answer.json()["letter_sha256"]) == 64
    answer = post(
        commissioner, f"{ref}/dialogue-sessions", {"held_on": clock.today().isoformat(), "subjects": ["ACI"]}
    )
    assert answer.status_code == 409
    assert "notice to the market" in answer.json()["message"]
    assert answer.json()["code"] == "selection.msp_stage_refused"
    assert post(commissioner, f"{ref}/market-notice").status_code == 201
    fw = sel.framework_of(case.process.msp)
    for number in range(fw.dialogue_sessions):
        answer = post(
            commissioner,
            f"{ref}/dialogue-sessions",
            {
                "held_on": clock.today().isoformat(),
                "subjects": [fw.domains[number].id],
                "qa": [{"question": "Why?", "answer": "Because"}],
            },
        )
        assert answer.status_code == 201
    for doc in fw.submission_documents:
        answer = provider.post(
            f"/api/v1{ref}/alliances/{alliance_id}/submission/documents", {"kind": doc.kind, "file": pdf()}
        )
        assert answer.status_code == 201, answer.json()
    assert post(provider, f"{ref}/alliances/{alliance_id}/submission/submit").status_code == 200
    travel(clock.now() + timedelta(days=30))
    for person in case.panel:
        member = api(person)
        assert post(member, f"{ref}/panel/declaration", {"declaration": "no_conflict"}).status_code == 200
        ratings = [{"sub_criterion": s.id, "rating": "assured", "comment": "Good"} for s in fw.sub_criteria]
        answer = member.put(
            f"/api/v1{ref}/alliances/{alliance_id}/ratings",
            {"ratings": ratings},
            content_type="application/json",
        )
        assert answer.status_code == 200, answer.json()
        assert answer.json()["visibility"] == "own"
    assert provider.get(f"/api/v1{ref}/alliances/{alliance_id}/ratings").status_code == 404
    answer = post(
        commissioner,
        f"{ref}/alliances/{alliance_id}/moderation",
        {"sub_criteria": [{"sub_criterion": s.id, "rating": "assured"} for s in fw.sub_criteria]},
    )
    assert answer.status_code == 201, answer.json()
    shown = provider.get(f"/api/v1{ref}/alliances/{alliance_id}/ratings").json()
    assert shown["visibility"] == "moderated" and shown["panel"] == [] and len(shown["moderated"]) == 38
    assert (
        post(commissioner, f"{ref}/gateway1", {"decision": "progress", "rationale": "Assured"}).status_code
        == 201
    )
    for kind in pa.Stage2Document:
        answer = commissioner.post(
            f"/api/v1{ref}/alliances/{alliance_id}/stage2/{kind}/versions", {"text": "Draft"}
        )
        assert answer.status_code == 201, answer.json()
        refused = post(commissioner, f"{ref}/gateway2")
        assert refused.status_code == 409 and "not yet agreed" in refused.json()["message"]
        answer = post(provider, f"{ref}/stage2/versions/{answer.json()['id']}/agree")
        assert answer.json()["document_status"] == "agreed"
    answer = post(
        provider,
        f"{ref}/engagement",
        {"held_on": clock.today().isoformat(), "who": "Patients", "summary": "Heard"},
    )
    assert answer.status_code == 201
    assert post(commissioner, f"{ref}/gateway2").status_code == 201
    contract_form = {"starts_on": (clock.today() + timedelta(days=30)).isoformat(), "term_months": 96}
    refused = post(commissioner, f"{ref}/alliances/{alliance_id}/contract", contract_form)
    assert refused.status_code == 409 and "decision record" in refused.json()["message"]
    decision = {"alliance_id": alliance_id, "contract_value": "1,000,000", "criteria": msp_criteria()}
    answer = commissioner.put(f"/api/v1{ref}/decision", decision, content_type="application/json")
    assert answer.status_code == 200, answer.json()
    assert (
        answer.json()["award"]["decision_recorded"] and answer.json()["award"]["provider_code"] == lead.code
    )
    answer = post(commissioner, f"{ref}/intention")
    assert answer.status_code == 200, answer.json()
    award = answer.json()["award"]
    ends = psr_rules.standstill_ends_on(clock.today())
    may_from = ends + timedelta(days=1)
    assert award["intention_published_on"] == clock.today().isoformat()
    assert award["standstill_ends_on"] == ends.isoformat() and award["intention_notice_id"]
    assert award["contract_may_be_made_from"] == may_from.isoformat()
    refused = post(commissioner, f"{ref}/alliances/{alliance_id}/contract", contract_form)
    assert refused.status_code == 409
    assert refused.json()["message"] == (
        f"The standstill period runs until the end of {spoken_date(ends)}: "
        f"the contract may be awarded from {spoken_date(may_from)}"
    )
    travel(datetime.combine(may_from, datetime.min.time(), tzinfo=UTC) + timedelta(hours=9))
    wrong = post(
        commissioner, f"{ref}/alliances/{alliance_id}/contract", {**contract_form, "value": "2,000,000"}
    )
    assert wrong.status_code == 422 and "£1,000,000.00" in wrong.json()["message"]
    answer = post(commissioner, f"{ref}/alliances/{alliance_id}/contract", contract_form)
    assert answer.status_code == 201, answer.json()
    assert answer.json()["supplier_code"] == lead.code and answer.json()["subcontractor_codes"] == [
        council.code
    ]
    assert answer.json()["value"] == "1000000.00"
    overview = commissioner.get(f"/api/v1{ref}").json()
    assert overview["stage"] == "awarded" and overview["alliances"][0]["contract_reference"]
    assert overview["award"]["awarded_on"] == may_from.isoformat() and overview["award"]["award_notice_id"]


def test_start_by_the_api(travel):
    travel(START)
    from caremarket.orgs.factories import make_organisation, make_person
    from caremarket.rules.roles import Role, Sector

    buyer = make_organisation(Sector.BUYER)
    lead = make_person(roles=[(buyer, Role.PROCUREMENT_LEAD)])
    process = make_process(buyer)
    answer = post(
        api(lead), f"/selection/msp/{process.reference}/start", {"framework": "suffolk_community_services"}
    )
    assert answer.status_code == 201 and answer.json()["stage"] == "market_notice"
    outsider = make_person(roles=[(make_organisation(Sector.BUYER), Role.PROCUREMENT_LEAD)])
    assert api(outsider).get(f"/api/v1/selection/msp/{process.reference}").status_code == 404


def test_another_alliance_sees_no_rating(travel):
    travel(START)
    case = build_case()
    advance_to(case, "moderation", travel)
    west = api(case.providers["West alliance"])
    east_id = case.alliances[0].pk
    assert (
        west.get(f"/api/v1/selection/msp/{case.process.reference}/alliances/{east_id}/ratings").status_code
        == 404
    )
