"""A competition's notices are published by its lifecycle, in the same transaction as the change:
the tender notice on publishing (none for a call-off), the contract award notice (or the PSR
intention to award) with the decision, which starts the standstill, the procurement termination
notice with its reason, and a direct award's notice before its contract. No notice names a bid,
a bidder or a count of them before it may."""

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from caremarket.catalogue import services as catalogue_services
from caremarket.competitions import services
from caremarket.competitions.factories import SYSTEM, make_competition, make_market, submit_bid
from caremarket.competitions.models import Bid, Competition
from caremarket.competitions.tests.test_evaluation_and_award import moderate, score_all
from caremarket.core import clock
from caremarket.core.errors import ValidationFailed
from caremarket.rules.dates import add_working_days
from caremarket.transparency.models import Notice, NoticeStatus, Record, Release
from caremarket.transparency.ocds.validation import release_errors
from caremarket.transparency.publishing import published_notice_for

pytestmark = pytest.mark.django_db
OPEN = {"procedure": "open_procedure", "lot": None, "estimated_value": Decimal("250000")}
# A Tuesday, far from bank holidays.
START = datetime(2027, 3, 2, 9, tzinfo=clock.LONDON)


def _all_release_json() -> str:
    return json.dumps([r.data for r in Release.objects.all()])


def _decided(market, travel, **fields):
    """A competition published, bid for by three suppliers, evaluated and its award decided."""
    travel(START)
    competition = make_competition(market, publish=True, **fields)
    for evaluator in market.evaluators:
        services.evaluator_assign(actor=market.lead, competition=competition, person=evaluator.person)
    for i, price in enumerate(("100000", "95000", "120000")):
        if competition.is_open_procedure:
            services.bid_save_draft(
                actor=market.bidders[i], competition=competition, supplier=market.suppliers[i], price=price
            )
            services.bid_submit(
                actor=market.bidders[i], competition=competition, supplier=market.suppliers[i]
            )
        else:
            submit_bid(market, competition, i, price)
    before_deadline = _all_release_json()
    travel(competition.submission_deadline + timedelta(minutes=1))
    for evaluator in market.evaluators:
        services.evaluator_declare(actor=evaluator, competition=competition, declaration="no_conflict")
    competition = services.competition_transition(actor=market.lead, competition=competition, to="evaluation")
    bids = score_all(market, competition, {0: {0: 3, 1: 2, 2: 2}, 1: {0: 3, 1: 2, 2: 2}})
    competition = moderate(market, competition, bids, {0: 3, 1: 2, 2: 2})
    travel(clock.now() + timedelta(days=1))
    award = services.award_decide(
        actor=market.lead, competition=competition, bid=bids[0], reasons="Best value"
    )
    return competition, bids, award, before_deadline


@pytest.fixture
def market(db):
    return make_market()


def test_publishing_an_open_procedure_publishes_its_tender_notice(market, travel):
    travel(START)
    competition = make_competition(market, publish=True, **OPEN)
    notice = published_notice_for(competition, "UK4")
    assert notice is not None and notice.publisher == market.buyer
    assert notice.status == NoticeStatus.PUBLISHED
    assert notice.published_at == competition.published_at
    release = notice.release.data
    assert release_errors(release) == []
    assert release["tag"] == ["tender"]
    tender = release["tender"]
    assert tender["title"] == competition.title
    assert tender["status"] == "active"
    assert tender["procurementMethod"] == "open"
    assert tender["procurementMethodDetails"] == "Open procedure"
    assert tender["value"] == {"amount": 250000, "currency": "GBP"}
    assert tender["tenderPeriod"]["endDate"].startswith(
        competition.submission_deadline.astimezone(UTC).strftime("%Y-%m-%dT%H:%M")
    )
    assert "enquiryPeriod" in tender
    assert release["buyer"]["id"] == f"GB-NHS-{market.buyer.code}"
    record = Record.objects.get(ocid=notice.ocid)
    assert record.release_count == 1
    assert notice.value_amount == Decimal("250000.00")


def test_a_framework_call_off_publishes_no_tender_notice(market, travel):
    travel(START)
    competition = make_competition(market, publish=True)
    assert competition.stage == "published"
    assert Notice.objects.count() == 0


def test_an_open_procedure_without_an_estimated_value_is_refused_and_nothing_is_published(market, travel):
    travel(START)
    competition = make_competition(market, **{**OPEN, "estimated_value": None})
    with pytest.raises(ValidationFailed) as exc:
        services.competition_transition(actor=market.lead, competition=competition, to="published")
    assert "estimated_value" in exc.value.details["fields"]
    assert "tender notice (UK4)" in exc.value.message
    competition.refresh_from_db()
    assert competition.stage == "draft" and competition.published_at is None
    assert Notice.objects.count() == 0 and Release.objects.count() == 0


def test_a_failure_after_the_notice_rolls_back_both(market, travel, monkeypatch):
    from caremarket.competitions.services import competitions as competition_services

    travel(START)
    competition = make_competition(market, **OPEN)

    def fails(**kwargs):
        raise RuntimeError("the audit log is unavailable")

    monkeypatch.setattr(competition_services, "audit_record", fails)
    with pytest.raises(RuntimeError):
        services.competition_transition(actor=market.lead, competition=competition, to="published")
    assert Competition.objects.get(pk=competition.pk).stage == "draft"
    assert Notice.objects.count() == 0 and Release.objects.count() == 0 and Record.objects.count() == 0


def test_no_bid_bidder_or_count_is_in_any_release_before_the_decision(market, travel):
    competition, bids, _award, before_deadline = _decided(market, travel, **OPEN)
    assert Release.objects.filter(notice__notice_type="UK4").count() == 1
    for bid in Bid.objects.filter(competition=competition):
        assert bid.supplier.name not in before_deadline
        assert bid.supplier.code not in before_deadline
        assert f'"{bid.label}"' not in before_deadline
    assert "numberOfTenderers" not in before_deadline
    assert '"bids"' not in before_deadline and "tenderers" not in before_deadline
    # The award notice names the preferred supplier only, never the others nor a count.
    after = _all_release_json()
    assert bids[0].supplier.name in after
    for bid in bids[1:]:
        assert bid.supplier.name not in after
    assert "numberOfTenderers" not in after and '"bids"' not in after


def test_the_award_notice_starts_the_standstill_and_updates_the_record(market, travel):
    competition, bids, award, _ = _decided(market, travel, **OPEN)
    notice = published_notice_for(award, "UK6")
    assert notice is not None
    release = notice.release.data
    assert release_errors(release) == []
    assert release["tag"] == ["award"]
    [entry] = release["awards"]
    assert entry["id"] == f"{competition.reference}-award"
    assert entry["status"] == "pending"
    assert entry["suppliers"] == [{"id": f"GB-NHS-{bids[0].supplier.code}", "name": bids[0].supplier.name}]
    assert entry["value"] == {"amount": 100000, "currency": "GBP"}
    # The standstill runs 8 working days from the day the award notice was published.
    published_on = clock.local(notice.published_at).date()
    assert award.standstill_ends_on == add_working_days(published_on, 8)
    assert entry["standstillPeriod"]["startDate"].startswith(
        notice.published_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M")
    )
    assert entry["standstillPeriod"]["endDate"].startswith(award.standstill_ends_on.isoformat())
    assert any(
        p["id"] == entry["suppliers"][0]["id"] and p["roles"] == ["supplier"] for p in release["parties"]
    )
    record = Record.objects.get(ocid=notice.ocid)
    assert record.release_count == 2
    compiled = record.compiled_release
    assert compiled["tender"]["value"]["amount"] == 250000
    assert compiled["awards"][0]["id"] == entry["id"]
    assert [d["noticeType"] for d in compiled["tender"]["documents"]] == ["UK4", "UK6"]


def test_a_call_off_publishes_its_award_notice_with_the_decision(market, travel):
    _competition, _bids, award, before_deadline = _decided(market, travel)
    assert before_deadline == "[]"
    [notice] = Notice.objects.all()
    assert notice.notice_type == "UK6" and notice.subject_id == str(award.pk)
    release = notice.release.data
    assert release_errors(release) == []
    assert release["tender"]["procurementMethod"] == "selective"
    assert release["tender"]["techniques"] == {"hasFrameworkAgreement": True}
    assert release["relatedProcesses"][0]["relationship"] == ["framework"]
    assert award.standstill_ends_on == add_working_days(clock.local(notice.published_at).date(), 8)


def test_under_the_psr_the_decision_publishes_the_intention_to_award(market, travel):
    competition, _bids, award, _ = _decided(market, travel, regime="provider_selection_regime", **OPEN)
    assert published_notice_for(competition, "UK4") is None  # no PSR advertisement type yet
    assert published_notice_for(award, "UK6") is None
    notice = published_notice_for(award, "PSR_INTENTION")
    assert notice is not None and notice.regime == "provider_selection_regime"
    assert release_errors(notice.release.data) == []
    assert award.standstill_ends_on == add_working_days(clock.local(notice.published_at).date(), 8)


def test_cancelling_after_a_tender_notice_publishes_the_termination_notice_with_its_reason(market, travel):
    travel(START)
    competition = make_competition(market, publish=True, **OPEN)
    reason = "The service is now commissioned by the county council"
    competition = services.competition_transition(
        actor=market.lead, competition=competition, to="cancelled", reason=reason
    )
    notice = published_notice_for(competition, "UK12")
    assert notice is not None
    release = notice.release.data
    assert release_errors(release) == []
    assert release["tag"] == ["tenderCancellation"]
    assert release["tender"]["status"] == "cancelled"
    assert release["tender"]["statusDetails"] == reason
    record = Record.objects.get(ocid=notice.ocid)
    assert record.release_count == 2 and record.compiled_release["tender"]["status"] == "cancelled"


def test_cancelling_a_call_off_or_a_draft_publishes_nothing(market, travel):
    travel(START)
    call_off = make_competition(market, publish=True)
    services.competition_transition(
        actor=market.lead, competition=call_off, to="cancelled", reason="Not needed"
    )
    draft = make_competition(market, **OPEN)
    services.competition_transition(actor=market.lead, competition=draft, to="cancelled", reason="Not needed")
    assert Notice.objects.count() == 0


def _locked_shortlist(market):
    from caremarket.catalogue.factories import make_listing
    from caremarket.catalogue.search import SearchQuery, columns, postings, visibility

    make_listing(supplier=market.suppliers[0], lot=market.lot, name="Zephyr managed service")
    columns.forget()
    postings.forget()
    visibility.forget()
    shortlist = catalogue_services.shortlist_save(
        actor=SYSTEM, organisation=market.buyer, name="Direct award", query=SearchQuery(text="Zephyr")
    )
    return catalogue_services.shortlist_lock(actor=SYSTEM, shortlist=shortlist)


def test_a_direct_award_publishes_its_notice_before_any_contract():
    from caremarket.contracts.models import Contract

    market = make_market(suppliers=1, procedures=("further_competition", "direct_award"))
    shortlist = _locked_shortlist(market)
    award = services.direct_award_create(
        actor=market.lead,
        shortlist=shortlist,
        entry=shortlist.entries.get(),
        justification="The only service that fits",
        value=Decimal("18500.00"),
    )
    assert not Contract.objects.exists()
    # A call-off awarded directly publishes its contract award notice; a transparency notice
    # (UK5) is for direct awards outside an agreement (Procurement Act 2023, s44).
    notice = published_notice_for(award, "UK6")
    assert notice is not None and published_notice_for(award, "UK5") is None
    assert notice.publisher == market.buyer and notice.ocid.endswith(award.reference)
    release = notice.release.data
    assert release_errors(release) == []
    tender = release["tender"]
    assert tender["title"] == "Zephyr managed service"
    assert tender["procurementMethod"] == "direct"
    [entry] = release["awards"]
    assert entry["description"] == "The only service that fits"
    assert entry["value"] == {"amount": 18500, "currency": "GBP"}
    assert entry["suppliers"][0]["name"] == market.suppliers[0].name
    assert notice.category  # the service's catalogue category is a search facet
