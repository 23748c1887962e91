"""After the award: the contract created from it (service refusals, API and page), and the
direct award pages started from a locked shortlist."""

import json
from datetime import datetime, timedelta

import pytest
from django.test import Client

from caremarket.catalogue import services as catalogue_services
from caremarket.competitions import services
from caremarket.competitions.factories import make_market
from caremarket.competitions.tests.test_direct_award_and_records import _shortlist
from caremarket.competitions.tests.test_evaluation_and_award import award_it
from caremarket.contracts.services import contract_create_from_award
from caremarket.core import clock
from caremarket.core.errors import ApplicationError, Conflict, PermissionDenied
from caremarket.orgs.factories import SYSTEM
from caremarket.orgs.services import api_token_create

pytestmark = pytest.mark.django_db


def _after_standstill(award, travel) -> None:
    day = award.standstill_ends_on + timedelta(days=1)
    travel(datetime.combine(day, datetime.min.time(), clock.LONDON) + timedelta(hours=9))


def _api(actor) -> Client:
    _, secret = api_token_create(actor=actor, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def _web(actor) -> Client:
    client = Client()
    client.force_login(actor.person)
    return client


def test_an_open_challenge_refuses_the_contract_until_its_outcome(market, travel):
    competition, _bids, award = award_it(market, travel)
    challenge = services.challenge_record(
        actor=market.bidders[1], competition=competition, supplier=market.suppliers[1], grounds="Scoring"
    )
    _after_standstill(award, travel)
    with pytest.raises(ApplicationError) as exc:
        contract_create_from_award(actor=market.lead, competition=competition, starts_on=clock.today())
    assert exc.value.code == "award.challenged"
    services.challenge_outcome(actor=market.lead, challenge=challenge, outcome="dismissed", reason="None")
    contract = contract_create_from_award(actor=market.lead, competition=competition, starts_on=clock.today())
    assert contract.competition_id == competition.pk


def test_only_contracting_roles_create_it_and_only_once(market, travel):
    competition, _bids, award = award_it(market, travel)
    _after_standstill(award, travel)
    with pytest.raises(PermissionDenied):
        contract_create_from_award(
            actor=market.evaluators[0], competition=competition, starts_on=clock.today()
        )
    contract_create_from_award(actor=market.approver, competition=competition, starts_on=clock.today())
    with pytest.raises(Conflict):
        contract_create_from_award(actor=market.lead, competition=competition, starts_on=clock.today())


def test_the_api_refuses_during_standstill_then_creates_the_contract(market, travel):
    competition, bids, award = award_it(market, travel)
    url = f"/api/v1/competitions/{competition.reference}/contract"
    body = json.dumps({"starts_on": clock.today().isoformat(), "title": "HSCN connectivity"})
    client = _api(market.lead)
    refused = client.post(url, body, "application/json")
    assert refused.status_code in (409, 422) and refused.json()["code"] == "standstill.in_force"
    _after_standstill(award, travel)
    made = client.post(url, json.dumps({"starts_on": clock.today().isoformat()}), "application/json")
    assert made.status_code == 201, made.content
    reference = made.json()["reference"]
    assert made.json()["link"] == f"/contracts/{reference}"
    contract = client.get(f"/api/v1/contracts/{reference}").json()
    assert contract["supplier"]["code"] == bids[0].supplier.code and contract["term"].startswith("3")


def test_the_page_shows_the_refusal_then_creates_the_contract_and_goes_to_it(market, travel):
    competition, _bids, award = award_it(market, travel)
    url = f"/competitions/{competition.reference}/contract"
    client = _web(market.lead)
    page = client.get(url)
    assert page.status_code == 200 and b'id="contract-refused"' in page.content
    refused = client.post(url, {"starts_on": clock.today().strftime("%d/%m/%Y")})
    assert refused.status_code == 400 and b"nhsuk-error-summary" in refused.content
    _after_standstill(award, travel)
    client = _web(market.lead)  # signed in again: the session ended while the clock moved on
    form = client.get(url)
    assert b"Create the contract" in form.content and competition.title.encode() in form.content
    missing = client.post(url, {"title": "X", "starts_on": ""})
    assert missing.status_code == 400 and b"Enter the date the contract starts" in missing.content
    made = client.post(url, {"title": "HSCN", "starts_on": clock.today().strftime("%d/%m/%Y")})
    assert made.status_code == 302 and made["Location"].startswith("/contracts/")
    assert client.get(made["Location"]).status_code == 200
    award_page = client.get(f"/competitions/{competition.reference}/award").content
    # The contract exists: the award links it and no longer offers to create one.
    assert b'id="create-contract"' not in award_page and b'id="contract-link"' in award_page
    detail = client.get(f"/competitions/{competition.reference}").content
    assert b'id="create-contract"' not in detail and b'id="contract-link"' in detail


def test_the_direct_award_pages_from_a_locked_shortlist():
    market = make_market(suppliers=1, procedures=("further_competition", "direct_award"))
    shortlist, _ = _shortlist(market)
    client = _web(market.lead)
    start = f"/direct-awards/new?shortlist={shortlist.pk}"
    entry = shortlist.entries.get()
    data = {"shortlist": shortlist.pk, "entry": entry.pk, "justification": "Only fit"}
    unlocked = client.post("/direct-awards/new", data)
    assert unlocked.status_code == 400 and b"lock it first" in unlocked.content
    shortlist = catalogue_services.shortlist_lock(actor=SYSTEM, shortlist=shortlist)
    assert b'id="direct-award"' in client.get(f"/catalogue/shortlists/{shortlist.pk}").content
    assert client.get(start).status_code == 200
    blank = client.post("/direct-awards/new", {**data, "justification": " "})
    assert blank.status_code == 400 and b"nhsuk-error-summary" in blank.content
    everything_wrong = client.post(
        "/direct-awards/new",
        {"shortlist": shortlist.pk, "justification": "", "value": "lots", "term_months": "0"},
    ).content.decode()
    for problem in ("Choose the service", "Record why", "Enter an amount in pounds", "Enter the term"):
        assert problem in everything_wrong  # every problem at once, not one per attempt
    made = client.post("/direct-awards/new", data)
    assert made.status_code == 302
    detail = client.get(made["Location"])
    assert b"Zephyr managed service" in detail.content and b"Only fit" in detail.content
