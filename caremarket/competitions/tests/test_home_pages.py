"""Everyone's work on their home page: a supplier's invitations and draft bids; an evaluator's
competitions to score (only after the deadline); a procurement lead's competitions by stage,
with no sign of the bids before the deadline; a club member's club as it truly stands."""

import re
from datetime import datetime, timedelta

import pytest
from django.test import Client

from caremarket.competitions import services
from caremarket.competitions.factories import make_competition, submit_bid
from caremarket.competitions.tests.test_buying_club import club_world  # noqa: F401
from caremarket.competitions.tests.test_evaluation_and_award import award_it
from caremarket.core import clock
from caremarket.jinja2 import format_date, format_datetime
from caremarket.orgs.factories import actor_for, make_person
from caremarket.rules.roles import Role
from caremarket.sourcing import services as sourcing_services

pytestmark = pytest.mark.django_db


def _home(actor) -> str:
    client = Client()
    client.force_login(actor.person)
    page = client.get("/")
    assert page.status_code == 200
    return page.content.decode()


def _text(html: str) -> str:
    """The page's words, tags and spacing removed, for matching sentences."""
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    return re.sub(r"\(\s+", "(", re.sub(r"\s+([:;,.)])", r"\1", text))


def _panel(html: str, title: str) -> str:
    """One home page panel's HTML: from its heading to the next panel's."""
    start = html.find(f'nhsuk-heading-m">{title}</h2>')
    if start < 0:
        return ""
    end = html.find('nhsuk-card__heading nhsuk-heading-m"', start + 1)
    return html[start : end if end > 0 else None]


def test_the_supplier_sees_its_invitations_and_its_draft_bids(market, travel):
    travel(datetime(2027, 3, 2, 9, tzinfo=clock.LONDON))
    invited = make_competition(market, publish=True, title="Cyber security monitoring")
    drafted = make_competition(market, publish=True, title="Wi-Fi for 12 surgeries")
    services.bid_save_draft(
        actor=market.bidders[0], competition=drafted, supplier=market.suppliers[0], price="1000"
    )
    make_competition(market, title="Not published yet")

    page = _home(market.bidders[0])
    panel = _panel(page, "Competitions to bid for")
    deadline = format_datetime(invited.submission_deadline)
    assert deadline == "16 March 2027 at 09:00"
    assert f'href="/competitions/{invited.reference}"' in panel
    assert (
        f"Cyber security monitoring ({invited.reference}) from {market.buyer.name}: bid by {deadline}"
        in _text(panel)
    )
    assert f'href="/competitions/{drafted.reference}/bid"' in panel
    assert f"Your draft bid for Wi-Fi for 12 surgeries ({drafted.reference}): submit it by" in _text(panel)
    assert "Not published yet" not in page

    # Another invited supplier: both are invitations; neither is its draft.
    other = _text(_panel(_home(market.bidders[1]), "Competitions to bid for"))
    assert "Cyber security monitoring" in other and "Wi-Fi for 12 surgeries" in other
    assert "Your draft bid" not in other

    # Past the deadline, nothing is waiting any more.
    travel(invited.submission_deadline + timedelta(minutes=1))
    after = _text(_panel(_home(market.bidders[0]), "Competitions to bid for"))
    assert "No competition open for bids is waiting for you" in after


def test_the_evaluator_sees_nothing_before_the_deadline_and_the_competition_to_score_after(market, travel):
    travel(datetime(2027, 3, 2, 9, tzinfo=clock.LONDON))
    competition = make_competition(market, publish=True)
    evaluator = market.evaluators[0]
    services.evaluator_assign(actor=market.lead, competition=competition, person=evaluator.person)
    submit_bid(market, competition, 0, "100000")

    before = _home(evaluator)
    assert "Bids to score" not in before and competition.reference not in before

    travel(competition.submission_deadline + timedelta(minutes=1))
    panel = _panel(_home(evaluator), "Bids to score")
    assert f'href="/competitions/{competition.reference}/evaluate"' in panel
    assert "declare any conflict of interest, then score the bids" in _text(panel)
    assert "bids closed 16 March 2027 at 09:00" in _text(panel)
    # Not on the panel: nothing to do.
    assert "Bids to score" not in _home(market.evaluators[1])

    services.evaluator_declare(actor=evaluator, competition=competition, declaration="no_conflict")
    services.competition_transition(actor=market.lead, competition=competition, to="evaluation")
    assert "score the bids and submit your scores" in _text(_panel(_home(evaluator), "Bids to score"))


def test_the_lead_sees_competitions_by_stage(market, travel):
    awarded, _bids, award = award_it(market, travel)  # in standstill
    draft = make_competition(market, title="Telephony for 8 practices")
    open_ = make_competition(market, publish=True, title="Video consultations")

    panel = _panel(_home(market.lead), "Your competitions")
    words = _text(panel)
    assert "Drafts to publish (1)" in words and "Open for bids (1)" in words and "In standstill (1)" in words
    assert f'href="/competitions/{draft.reference}"' in panel
    assert (
        f"Video consultations ({open_.reference}): bids close {format_datetime(open_.submission_deadline)}"
        in (words)
    )
    until = format_date(award.standstill_ends_on)
    assert until == "30 March 2027"
    assert f'href="/competitions/{awarded.reference}/award"' in panel
    assert f"in standstill until {until}" in words
    assert words.index("Drafts to publish") < words.index("Open for bids") < words.index("In standstill")

    # After the open one's deadline and the end of standstill: to evaluate; ready for the contract.
    travel(open_.submission_deadline + timedelta(days=1))
    words = _text(_panel(_home(market.lead), "Your competitions"))
    assert "To evaluate (1)" in words and "Open for bids" not in words
    assert f"Video consultations ({open_.reference}): bids closed" in words
    assert "Ready for the contract (1)" in words and "In standstill" not in words
    assert f'href="/competitions/{awarded.reference}/contract"' in _panel(
        _home(market.lead), "Your competitions"
    )


def _normalised(html: str) -> str:
    """The page without what changes on every request (CSRF tokens, CSP nonces)."""
    html = re.sub(r"\b[A-Za-z0-9]{64}\b", "TOKEN", html)
    return re.sub(r'nonce="[^"]*"', "", html)


def test_the_buyer_sides_home_pages_show_no_sign_of_bids_before_the_deadline(market, travel):
    travel(datetime(2027, 3, 2, 9, tzinfo=clock.LONDON))
    competition = make_competition(market, publish=True)
    services.evaluator_assign(actor=market.lead, competition=competition, person=market.evaluators[0].person)
    buyer_side = [market.lead, market.approver, market.evaluators[0]]
    unbid = [_normalised(_home(actor)) for actor in buyer_side]

    submit_bid(market, competition, 0, "100000")
    submit_bid(market, competition, 1, "95000")
    services.bid_save_draft(
        actor=market.bidders[2], competition=competition, supplier=market.suppliers[2], price="1"
    )
    for actor, before in zip(buyer_side, unbid, strict=True):
        page = _normalised(_home(actor))
        assert page == before, f"{actor.person.email}'s home page changed when bids came in"
        assert not re.search(r"\d+\s+(bids?|bidders?|responses?)\b", _text(page), re.I)
        for supplier in market.suppliers:
            assert supplier.name not in page
    lead = _text(_panel(_home(market.lead), "Your competitions"))
    assert "Open for bids (1)" in lead


def test_a_club_member_sees_its_awarded_club_as_awarded(club_world):  # noqa: F811
    club, lead, _evaluator, suppliers, _bidders, (first, _second) = club_world
    member = actor_for(make_person(roles=[(first, Role.BUYER)]), first)
    words = _text(_panel(_home(member), "Buying together"))
    assert f"{club.name}: launched on" in words and "baseline frozen" in words

    sourcing_services.club_award(actor=lead, club=club, winner=suppliers[0].name)
    panel = _panel(_home(member), "Buying together")
    words = _text(panel)
    assert f"{club.name}: Awarded to {suppliers[0].name} on {format_date(clock.today())}" in words
    assert "baseline frozen" not in words
    assert f'href="/sourcing/clubs/{club.reference}"' in panel


def test_the_work_panels_read_a_few_queries_however_many_competitions(market, travel):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from caremarket.competitions import selectors

    travel(datetime(2027, 3, 2, 9, tzinfo=clock.LONDON))

    def reads() -> list[int]:
        counts = []
        for read, actor in (
            (selectors.lead_pipeline_for_actor, market.lead),
            (selectors.supplier_work_for_actor, market.bidders[0]),
            (selectors.evaluator_tasks_for_actor, market.evaluators[0]),
        ):
            with CaptureQueriesContext(connection) as queries:
                read(actor)
            counts.append(len(queries))
        return counts

    make_competition(market, publish=True)
    few = reads()
    for _ in range(4):
        competition = make_competition(market, publish=True)
        services.bid_save_draft(
            actor=market.bidders[0], competition=competition, supplier=market.suppliers[0], price="1"
        )
        make_competition(market)
    assert reads() == few and max(few) <= 4
