"""A launched buying club's further competition on pages and in the API: the lead starts it
from the club's page; suppliers price the baseline's items on the bid page or upload the price
template (all or nothing); "Submit the bid" submits what is on the screen or says nothing was
submitted; after the deadline the evaluator reads each bid's total evaluated cost and every
member's share."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from caremarket.competitions import services
from caremarket.competitions.factories import evaluate_and_moderate
from caremarket.competitions.models import Bid, Competition
from caremarket.competitions.tests.test_buying_club import LEAVES, club_world  # noqa: F401
from caremarket.core import clock
from caremarket.orgs.factories import actor_for, make_person
from caremarket.orgs.services import api_token_create
from caremarket.rules.roles import Role

pytestmark = pytest.mark.django_db
ITEM = "price-0-0"  # the baseline's one item, per connection at 100 Mbps: its first tier


def _web(actor) -> Client:
    client = Client()
    client.force_login(actor.person)
    return client


def _api(actor) -> Client:
    _, secret = api_token_create(actor=actor, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def _deadline(days: int) -> str:
    return clock.local(clock.now() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def _start(club, lead) -> Competition:
    page = _web(lead)
    made = page.post(
        f"/sourcing/clubs/{club.reference}/competition/new",
        {
            "title": "London HSCN aggregated procurement",
            "requirement": "",
            "clarification_deadline": _deadline(7),
            "submission_deadline": _deadline(14),
            "estimated_value": "£98,500.00",
        },
    )
    assert made.status_code == 302, made.content.decode()[:2000]
    competition = Competition.objects.get(buying_club=club)
    assert made["Location"] == f"/competitions/{competition.reference}"
    return competition


def test_the_lead_starts_the_club_competition_from_the_clubs_page(club_world):  # noqa: F811
    club, lead, _evaluator, suppliers, _bidders, (first, _second) = club_world
    page = _web(lead)
    club_page = page.get(f"/sourcing/clubs/{club.reference}").content.decode()
    assert 'id="start-competition"' in club_page
    form = page.get(f"/sourcing/clubs/{club.reference}/competition/new").content.decode()
    assert "per connection, 100 Mbps: 9 in all" in form  # the requirement, from the baseline

    competition = _start(club, lead)
    assert (competition.lot, competition.procedure) == (club.lot, "further_competition")
    assert competition.evaluation_template == "aggregated_meat_50_50"
    assert competition.estimated_value == Decimal("98500.00")
    assert "9 in all" in competition.requirement
    club_page = page.get(f"/sourcing/clubs/{club.reference}").content.decode()
    assert 'id="start-competition"' not in club_page and competition.reference in club_page

    # One further competition per club; a member (not the lead) cannot start it at all.
    again = page.post(
        f"/sourcing/clubs/{club.reference}/competition/new",
        {"title": "Again", "submission_deadline": _deadline(14), "clarification_deadline": _deadline(7)},
    )
    assert again.status_code == 400 and "already has its further competition" in again.content.decode()
    member = actor_for(make_person(roles=[(first, Role.PROCUREMENT_LEAD)]), first)
    assert _web(member).get(f"/sourcing/clubs/{club.reference}/competition/new").status_code == 403

    # Publishing invites every supplier admitted to the club's lot.
    services.competition_transition(actor=lead, competition=competition, to="published")
    invited = set(competition.invitations.values_list("supplier__code", flat=True))
    assert invited == {s.code for s in suppliers}


def test_the_api_takes_the_club(club_world):  # noqa: F811
    club, lead, *_ = club_world
    body = {
        "buyer_code": club.lead_organisation.code,
        "title": "London HSCN",
        "procedure": "further_competition",
        "buying_club": club.reference,
        "clarification_deadline": (clock.now() + timedelta(days=7)).isoformat(),
        "submission_deadline": (clock.now() + timedelta(days=14)).isoformat(),
    }
    made = _api(lead).post("/api/v1/competitions", body, content_type="application/json")
    assert made.status_code == 201, made.json()
    assert made.json()["buying_club"] == club.reference and made.json()["lot"] == club.lot.number
    twice = _api(lead).post("/api/v1/competitions", body, content_type="application/json")
    assert twice.status_code == 409 and "already has its further competition" in twice.json()["message"]


@pytest.fixture
def published(club_world):  # noqa: F811
    club, lead, evaluator, suppliers, bidders, _members = club_world
    competition = _start(club, lead)
    competition = services.competition_transition(actor=lead, competition=competition, to="published")
    services.evaluator_assign(actor=lead, competition=competition, person=evaluator.person)
    return competition, lead, evaluator, suppliers, bidders


def _typed(one_off: str, annual: str, **more) -> dict:
    return {
        f"{ITEM}-one_off": one_off,
        f"{ITEM}-annual": annual,
        "r-migration": "A site survey, then two sites a week.",
        **more,
    }


def test_submit_saves_what_is_on_the_screen_or_says_nothing_was_submitted(published):
    competition, _lead, _evaluator, suppliers, bidders = published
    page = _web(bidders[0])
    url = f"/competitions/{competition.reference}/bid"
    form = page.get(url).content.decode()
    assert "Per connection, 100 Mbps" in form and 'id="download-prices-xlsx"' in form

    # Nothing typed: refused, and the page says plainly that nothing was submitted.
    empty = page.post(url, {"action": "submit"})
    assert empty.status_code == 400
    assert "Nothing was submitted" in empty.content.decode()
    assert not Bid.objects.filter(supplier=suppliers[0], status="submitted").exists()

    # A bad amount: the row is named, nothing is submitted or saved.
    bad = page.post(url, {**_typed("six hundred", "1,150"), "action": "submit"})
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "Nothing was submitted" in text and "per connection, 100 Mbps: enter the one-off charge" in text

    # Amounts as people type them; a second tier from 5 connections. Submitted straight away.
    done = page.post(
        url,
        {
            **_typed("£650.00", "1,150", **{"price-0-1-from": "5", "price-0-1-one_off": "600"}),
            "action": "submit",
        },
    )
    assert done.status_code == 400 and "enter the annual charge" in done.content.decode()
    done = page.post(
        url,
        {
            **_typed("£650.00", "1,150", **{"price-0-1-from": "5", "price-0-1-one_off": "600"}),
            "price-0-1-annual": "1000",
            "action": "submit",
        },
    )
    assert done.status_code == 302
    bid = Bid.objects.get(supplier=suppliers[0], competition=competition)
    assert bid.status == "submitted" and bid.draft == {}
    receipt = page.get(url).content.decode()
    assert "submitted at" in receipt


def _template(page, competition, fmt: str) -> bytes:
    response = page.get(f"/competitions/{competition.reference}/bid/price-template.{fmt}")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'-price-template.{fmt}"')
    return response.content


def test_the_price_template_round_trips_all_or_nothing(published):
    competition, _lead, _evaluator, suppliers, bidders = published
    page = _web(bidders[1])
    url = f"/competitions/{competition.reference}/bid"
    book = load_workbook(io.BytesIO(_template(page, competition, "xlsx")))
    sheet = book["Prices"]
    assert [c.value for c in sheet[1]][:6] == [
        "Unit",
        "Band",
        "Item",
        "Service types",
        "Baseline quantity",
        "Tier from",
    ]
    assert [c.value for c in sheet[2]][:5] == [
        "per_connection",
        "100 Mbps",
        "per connection, 100 Mbps",
        "Ethernet connection",
        9,
    ]

    # One bad row and one good: refused whole, row by row; nothing saved.
    sheet["G2"], sheet["H2"] = "700", "1,240.00"
    sheet.append(["per_connection", "1 Gbps", "", "", "", 1, "1", "1"])
    sheet.append(["per_connection", "100 Mbps", "", "", "", "ten", "1", "1"])
    bad = io.BytesIO()
    book.save(bad)
    refused = page.post(
        url, {"action": "prices", "prices_file": _upload("prices.xlsx", bad.getvalue())}, format="multipart"
    )
    text = refused.content.decode()
    assert (
        refused.status_code == 400 and "2 rows of the price template have problems: nothing was saved" in text
    )
    assert "Row 3: per connection, 1 Gbps is not an item of the club&#39;s baseline" in text
    assert "Row 4: the tier starts from a whole number of units" in text
    assert not Bid.objects.filter(supplier=suppliers[1]).exists()

    # Fixed: saved to the draft; the page shows the prices; the CSV template carries them back.
    sheet.delete_rows(3, 2)
    good = io.BytesIO()
    book.save(good)
    saved = page.post(url, {"action": "prices", "prices_file": _upload("prices.xlsx", good.getvalue())})
    assert saved.status_code == 302
    draft = Bid.objects.get(supplier=suppliers[1]).draft
    assert draft["price_list"] == [
        {
            "unit": "per_connection",
            "band": "100 Mbps",
            "tiers": [{"from": 1, "one_off": "700.00", "annual": "1240.00"}],
        }
    ]
    assert 'value="1240.00"' in page.get(url).content.decode()
    assert 'per_connection,100 Mbps,"per connection, 100 Mbps",Ethernet connection,9,1,700.00,1240.00' in (
        _template(page, competition, "csv").decode()
    )


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("prices.xlsx", b"PK\x03\x04 not a workbook", "not a readable XLSX spreadsheet"),
        ("prices.csv", b"\xff\xfe\x00bad", "Save the CSV file as UTF-8"),
        ("prices.pdf", b"%PDF", "as an XLSX or CSV file"),
        ("prices.csv", b"", "The file is empty"),
        ("prices.csv", b"Unit,Band\r\nper_connection,100 Mbps\r\n", "The heading row needs the columns"),
        (
            "prices.csv",
            b"Unit,Band,Tier from,One-off (\xc2\xa3),Annual (\xc2\xa3)\r\n" + b"x" * 300 + b"\r\n",
            "longer than 200",
        ),
        (
            "prices.csv",
            b"Unit,Band,Tier from,One-off (\xc2\xa3),Annual (\xc2\xa3)\r\n"
            + b"per_connection,100 Mbps,1,1,1\r\n" * 2100,
            "up to 2,000 rows",
        ),
        ("prices.csv", b"," * 30 + b"x\r\n", "more than 20 columns"),
    ],
)
def test_a_malformed_price_file_is_a_422_with_the_reason_and_saves_nothing(published, name, content, reason):
    competition, _lead, _evaluator, suppliers, bidders = published
    response = _api(bidders[2]).post(
        f"/api/v1/competitions/{competition.reference}/my-bid/price-list", {"file": _upload(name, content)}
    )
    assert response.status_code == 422, response.content
    assert reason in str(response.json())
    assert not Bid.objects.filter(supplier=suppliers[2]).exists()


def _upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_the_evaluator_reads_each_bids_total_evaluated_cost_and_every_members_share(published, travel):
    competition, lead, evaluator, suppliers, bidders = published
    for i, (one_off, annual) in enumerate((("500", "1000"), ("500", "900"))):
        _web(bidders[i]).post(
            f"/competitions/{competition.reference}/bid", {**_typed(one_off, annual), "action": "submit"}
        )
    assert Bid.objects.filter(competition=competition, status="submitted").count() == 2
    travel(competition.submission_deadline + timedelta(minutes=1))
    evaluate_and_moderate(
        lead=lead, evaluator=evaluator, competition=competition, leaves=LEAVES, gate="hscn_compliance"
    )
    page = _web(evaluator)
    listing = page.get(f"/competitions/{competition.reference}/bids").content.decode()
    # 9 connections over 3+1+1 years: 9 x 500 + 9 x 5 x annual.
    assert "total evaluated cost £49,500.00" in listing and "total evaluated cost £45,000.00" in listing
    second = Bid.objects.get(competition=competition, supplier=suppliers[1])
    opened = page.get(f"/competitions/{competition.reference}/bids/{second.pk}").content.decode()
    assert "£45,000.00" in opened and 'id="bid-breakdown"' in opened and 'id="bid-prices"' in opened
    assert "RQM" in opened and "RYJ" in opened  # every member's line


def test_a_draft_without_prices_saves_and_a_withdrawn_bid_resubmits_what_is_typed(published):
    competition, _lead, _evaluator, suppliers, bidders = published
    page = _web(bidders[0])
    url = f"/competitions/{competition.reference}/bid"
    # Only the quality responses so far: the draft is saved, the prices left for later.
    saved = page.post(url, {"r-migration": "A survey first.", "action": "save"})
    assert saved.status_code == 302
    assert Bid.objects.get(supplier=suppliers[0]).draft["responses"] == {"migration": "A survey first."}
    assert page.post(url, {**_typed("650", "1150"), "action": "submit"}).status_code == 302
    assert page.post(url, {"action": "withdraw"}).status_code == 302
    # New prices typed on the withdrawn bid: "Resubmit" submits what is on the screen.
    again = page.post(url, {**_typed("640", "1100"), "action": "resubmit"})
    assert again.status_code == 302
    bid = Bid.objects.get(supplier=suppliers[0])
    assert bid.status == "submitted" and bid.receipts.count() == 2
    # Nothing typed: the sealed bid is resubmitted as it stands.
    assert page.post(url, {"action": "withdraw"}).status_code == 302
    assert page.post(url, {"action": "resubmit"}).status_code == 302
    assert Bid.objects.get(supplier=suppliers[0]).status == "submitted"


def test_a_draft_club_competition_stays_off_the_club_page_for_everyone_else(club_world):  # noqa: F811
    club, lead, _evaluator, _suppliers, bidders, (first, _second) = club_world
    competition = _start(club, lead)
    member = actor_for(make_person(roles=[(first, Role.BUYER)]), first)
    for outsider in (member, bidders[0]):
        assert (
            competition.reference
            not in _web(outsider).get(f"/sourcing/clubs/{club.reference}").content.decode()
        )
    assert competition.reference in _web(lead).get(f"/sourcing/clubs/{club.reference}").content.decode()
