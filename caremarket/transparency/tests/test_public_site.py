"""The public notices site and its API: search by every filter, a notice's page, a process's
timeline and record, a buyer's notices, all with no sign-in; drafts and sealed information are
never shown."""

import copy
import json
import re
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.http import QueryDict
from django.test import Client

from caremarket.core.errors import ValidationFailed
from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.rules.roles import Role, Sector
from caremarket.transparency import search
from caremarket.transparency.factories import example_content
from caremarket.transparency.models import Notice, NoticeSource, NoticeStatus, Release
from caremarket.transparency.ocds import validation
from caremarket.transparency.search import NoticeFilters, search_notices
from caremarket.transparency.services import notice_correct, notice_draft, notice_publish

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
START = datetime(2026, 12, 2, 9, 0, tzinfo=LONDON)
LATER = datetime(2026, 12, 10, 9, 0, tzinfo=LONDON)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def _tender_content(code: str, *, title: str, value: int, cpv: str, region: str, category: str) -> dict:
    content = example_content(code)
    tender = content.setdefault("tender", {})
    tender["title"] = title
    if "value" in tender:
        tender["value"] = {"amount": value, "currency": "GBP"}
    tender["items"] = [
        {
            "id": "1",
            "description": title,
            "classification": {"scheme": "CPV", "id": cpv},
            "additionalClassifications": [
                {"scheme": "CAREMARKET-CATEGORY", "id": category.lower(), "description": category}
            ],
            "deliveryAddresses": [{"region": region}],
        }
    ]
    # A tender notice names no supplier: nobody has been awarded anything yet.
    if code == "UK4":
        content["parties"] = []
    return content


@pytest.fixture
def site(clock):
    buyer = make_organisation(Sector.BUYER, code="QH8", name="Mid and South Essex ICB")
    other = make_organisation(Sector.BUYER, code="QHG", name="Bedfordshire ICB")
    lead = actor_for(make_person(email="lead@public.example", roles=[(buyer, Role.PROCUREMENT_LEAD)]), buyer)
    other_lead = actor_for(
        make_person(email="lead@other-public.example", roles=[(other, Role.PROCUREMENT_LEAD)]), other
    )

    def publish(actor, publisher, code, process, content, title=""):
        notice = notice_draft(
            actor=actor,
            publisher=publisher,
            notice_type_code=code,
            process_id=process,
            content=content,
            title=title,
        )
        return notice_publish(actor=actor, notice=notice)

    home_care = _tender_content(
        "UK4",
        title="Home care, East of England",
        value=985000,
        cpv="85312000",
        region="UKH1",
        category="Home care",
    )
    tender = publish(lead, buyer, "UK4", "CMP-000001", home_care)
    award_content = example_content("UK6")
    award_content["tender"] = {"title": "Home care, East of England"}
    award = publish(lead, buyer, "UK6", "CMP-000001", award_content)
    clock.move_to(LATER)
    wheelchairs = _tender_content(
        "UK4", title="Wheelchair services", value=98500, cpv="33190000", region="UKH2", category="Equipment"
    )
    wheelchair = publish(other_lead, other, "UK4", "CMP-000002", wheelchairs)
    draft = notice_draft(
        actor=lead,
        publisher=buyer,
        notice_type_code="UK7",
        process_id="CMP-000001",
        content=example_content("UK7"),
        title="A secret draft",
    )
    imported = _imported_notice()
    return {
        "buyer": buyer,
        "other": other,
        "lead": lead,
        "tender": tender,
        "award": award,
        "wheelchair": wheelchair,
        "draft": draft,
        "imported": imported,
    }


def _imported_notice() -> Notice:
    """A notice another publisher released, as an import leaves it."""
    data = {
        "ocid": "ocds-b5fd17-imported-1",
        "id": "cf-1",
        "date": "2026-12-05T10:00:00Z",
        "tag": ["tender"],
        "initiationType": "tender",
        "buyer": {"id": "GB-CF-1", "name": "Norfolk County Council"},
        "tender": {"id": "t1", "title": "Day opportunities", "value": {"amount": 40000, "currency": "GBP"}},
        "parties": [{"id": "GB-CF-1", "name": "Norfolk County Council", "roles": ["buyer"]}],
    }
    moment = datetime(2026, 12, 5, 10, 0, tzinfo=LONDON)
    notice = Notice.objects.create(
        notice_type="UK4",
        type_version=1,
        regime="procurement_act_2023",
        ocid=data["ocid"],
        legal_basis="Procurement Act 2023, section 21",
        title="Day opportunities",
        status=NoticeStatus.PUBLISHED,
        source=NoticeSource.IMPORTED,
        source_publisher="Contracts Finder",
        buyer_name="Norfolk County Council",
        buyer_id="GB-CF-1",
        value_amount=Decimal("40000.00"),
        value_currency="GBP",
        search_text="day opportunities norfolk county council",
        published_at=moment,
    )
    Release.objects.create(
        ocid=data["ocid"],
        release_id="cf-1",
        date=moment,
        tags=["tender"],
        data=data,
        notice=notice,
        source=NoticeSource.IMPORTED,
    )
    return notice


def _ids(filters: dict) -> set[int]:
    query = QueryDict(mutable=True)
    for key, value in filters.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return set(search_notices(NoticeFilters.from_query(query)).values_list("pk", flat=True))


# --- The search ------------------------------------------------------------------------------


def test_search_finds_published_notices_of_every_source_newest_first(site):
    found = list(search_notices(NoticeFilters()))
    assert found[0] == site["wheelchair"]
    assert {n.pk for n in found} == {site[k].pk for k in ("tender", "award", "wheelchair", "imported")}
    assert site["draft"].pk not in {n.pk for n in found}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"q": "home CARE"}, {"tender", "award"}),
        ({"q": "home wheelchair"}, set()),
        ({"q": "norfolk"}, {"imported"}),
        ({"type": "UK6"}, {"award"}),
        ({"type": ["UK4", "UK6"]}, {"tender", "award", "wheelchair", "imported"}),
        ({"buyer": "qhg"}, {"wheelchair"}),
        ({"buyer": "Mid and South"}, {"tender", "award"}),
        ({"buyer": "GB-CF-1"}, {"imported"}),
        ({"region": "ukh2"}, {"wheelchair"}),
        ({"region": "UKH"}, set()),
        ({"cpv": "853"}, {"tender", "award"}),
        ({"cpv": "33190000"}, {"wheelchair"}),
        ({"cpv": "312"}, set()),
        ({"category": "equipment"}, {"wheelchair"}),
        ({"value_min": "£98,500.00", "value_max": "98,500"}, {"wheelchair"}),
        ({"value_min": "100,000"}, {"tender", "award"}),
        ({"value_max": "50000"}, {"imported"}),
        ({"published_from": "2026-12-03"}, {"wheelchair", "imported"}),
        ({"published_to": "2026-12-02"}, {"tender", "award"}),
        ({"published_from": "2026-12-10", "published_to": "2026-12-10"}, {"wheelchair"}),
        ({"source": "imported"}, {"imported"}),
        ({"source": "platform", "q": "wheelchair"}, {"wheelchair"}),
    ],
)
def test_search_by_each_filter(site, filters, expected):
    assert _ids(filters) == {site[k].pk for k in expected}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"published_from": "2026-13-01"}, "published_from"),
        ({"published_to": "yesterday"}, "published_to"),
        ({"published_from": "2026-12-10", "published_to": "2026-12-01"}, "published_to"),
        ({"value_min": "-5"}, "value_min"),
        ({"value_max": "lots"}, "value_max"),
        ({"value_min": "500", "value_max": "100"}, "value_max"),
        ({"type": "UK99"}, "type"),
        ({"source": "elsewhere"}, "source"),
    ],
)
def test_bad_filters_are_refused_by_field(query, field):
    with pytest.raises(ValidationFailed) as refused:
        NoticeFilters.from_query(query)
    assert field in refused.value.details["fields"]


def test_filters_read_money_as_typed_and_go_back_into_a_query_string():
    filters = NoticeFilters.from_query({"value_min": "£98,500.00", "q": "  Home   care ", "type": "UK4"})
    assert filters.value_min == Decimal("98500.00")
    assert filters.words == ["home", "care"]
    assert filters.as_pairs() == [("q", "Home care"), ("type", "UK4"), ("value_min", "98500.00")]


def test_type_choices_are_labelled_by_name_and_code():
    choices = dict(search.type_choices())
    assert choices["UK4"] == "Tender notice (UK4)"
    assert choices["PSR_AWARD"] == "Confirmation of contract award notice"


# --- The pages, signed out ---------------------------------------------------------------------


def _page(path: str, status: int = 200) -> str:
    response = Client().get(path)
    assert response.status_code == status, (path, response.status_code)
    text = response.content.decode()
    assert "None" not in text.replace("nhsuk-tag--none", "")
    return text


def test_the_search_page_needs_no_sign_in_and_lists_results(site):
    text = _page("/notices?q=home+care")
    assert "<h1>Find public notices</h1>" in text
    assert "2 notices found" in text
    assert f'href="/notices/{site["tender"].pk}">Home care, East of England</a>' in text
    assert "UK4 tender notice" in text and "UK6 contract award notice" in text
    assert "Mid and South Essex ICB" in text
    assert "2 December 2026" in text
    assert "£985,000.00" in text
    assert re.search(r'<label[^>]*for="q"[^>]*>\s*Search notices', text)
    assert "Tender notice (UK4)" in text


def test_the_search_page_says_where_an_imported_notice_came_from(site):
    text = _page("/notices?source=imported")
    assert "1 notice found" in text
    assert "Imported from Contracts Finder" in text


def test_the_search_page_shows_bad_filters_in_the_error_summary(site):
    text = _page("/notices?published_from=2026-02-30&value_min=-1", status=400)
    assert "There is a problem" in text and "nhsuk-error-summary" in text
    assert 'href="#published_from"' in text and 'href="#value_min"' in text
    assert "Enter an amount of £0 or more" in text


def test_the_search_page_pages_its_results(site, clock):
    for n in range(26):
        _imported_copy(site["imported"], n)
    first = _page("/notices?source=imported")
    assert "27 notices found" in first and "Page 2" in first
    second = _page("/notices?source=imported&page=2")
    assert second.count('class="caremarket-result ') == 2


def _imported_copy(notice: Notice, n: int) -> None:
    release = notice.release
    copy_notice = Notice.objects.get(pk=notice.pk)
    copy_notice.pk = None
    copy_notice.ocid = f"ocds-b5fd17-imported-x{n}"
    copy_notice.save()
    Release.objects.create(
        ocid=copy_notice.ocid,
        release_id=f"cf-x{n}",
        date=release.date,
        tags=release.tags,
        data={**copy.deepcopy(release.data), "ocid": copy_notice.ocid, "id": f"cf-x{n}"},
        notice=copy_notice,
        source=NoticeSource.IMPORTED,
    )


def test_a_notice_page_shows_its_fields_in_plain_words(site):
    award = site["award"]
    text = _page(f"/notices/{award.pk}")
    assert "UK6 contract award notice" in text and "(UK6)" in text
    assert "Home care, East of England" in text
    assert 'href="/notices/buyers/QH8">Mid and South Essex ICB</a>' in text
    assert "Brightwater Home Care Ltd" in text  # the supplier, once awarded
    assert "£250,000.00" in text and "1 February 2027" in text
    assert award.legal_basis in text
    assert f'href="/notices/processes/{award.ocid}">See the whole procurement</a>' in text
    assert f'href="/notices/{award.pk}/release.json" download>Download this notice as OCDS (JSON)</a>' in text
    tender_text = _page(f"/notices/{site['tender'].pk}")
    assert "1 December 2026 to 11 January 2027" in tender_text  # the tender period
    assert "85312000" in tender_text


def test_a_draft_is_not_found_for_anyone(site):
    draft = site["draft"]
    _page(f"/notices/{draft.pk}", status=404)
    _page(f"/notices/{draft.pk}/release.json", status=404)
    signed_in = Client()
    signed_in.force_login(
        make_person(email="member@public.example", roles=[(site["buyer"], Role.PROCUREMENT_LEAD)])
    )
    assert signed_in.get(f"/notices/{draft.pk}").status_code == 404
    assert "A secret draft" not in _page(f"/notices/processes/{draft.ocid}")
    assert "A secret draft" not in _page("/notices?q=secret")
    assert Client().get(f"/api/v1/notices/{draft.pk}").status_code == 404


def test_a_superseded_notice_shows_its_correction(site, clock):
    original = site["wheelchair"]
    content = _tender_content(
        "UK4", title="Wheelchair services", value=99500, cpv="33190000", region="UKH2", category="Equipment"
    )
    other_lead = actor_for(
        make_person(email="fixer@other-public.example", roles=[(site["other"], Role.PROCUREMENT_LEAD)]),
        site["other"],
    )
    clock.move_to(datetime(2026, 12, 14, 9, 0, tzinfo=LONDON))
    correction = notice_correct(
        actor=other_lead, notice=original, content=content, reason="The value was wrong"
    )
    old = _page(f"/notices/{original.pk}")
    assert "This notice was corrected on 14 December 2026" in old
    assert f'href="/notices/{correction.pk}">notice {correction.pk}</a>' in old
    assert "The value was wrong" in old
    new = _page(f"/notices/{correction.pk}")
    assert (
        f'This notice corrects <a href="/notices/{original.pk}">notice {original.pk}</a>: The value was wrong'
        in new
    )
    # Search shows the correction only; the timeline shows both.
    assert _ids({"q": "wheelchair"}) == {correction.pk}
    timeline = _page(f"/notices/processes/{original.ocid}")
    assert timeline.count("UK4 tender notice") == 2 and "Corrected" in timeline
    api = Client().get(f"/api/v1/notices/{original.pk}").json()
    assert api["superseded_by"] == correction.pk and api["status"] == "superseded"


def test_the_process_page_is_a_timeline_with_awards_and_downloads(site):
    ocid = site["tender"].ocid
    text = _page(f"/notices/processes/{ocid}")
    assert "<h1>Home care, East of England</h1>" in text
    assert "Mid and South Essex ICB" in text
    tender_at = text.index(f'href="/notices/{site["tender"].pk}"')
    award_at = text.index(f'href="/notices/{site["award"].pk}"')
    assert tender_at < award_at  # oldest first
    assert "Awards" in text and "Brightwater Home Care Ltd" in text and "£250,000.00" in text
    assert "Contract" in text and "Changes" in text
    assert (
        f'href="/notices/processes/{ocid}/record.json" download>Download the record (OCDS JSON)</a>' in text
    )


def test_the_record_downloads_as_a_valid_attachment(site):
    ocid = site["tender"].ocid
    response = Client().get(f"/notices/processes/{ocid}/record.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == f'attachment; filename="{ocid}-record.json"'
    package = json.loads(response.content)
    assert validation.record_package_errors(package) == []
    assert len(package["records"][0]["releases"]) == 2
    releases = Client().get(f"/notices/processes/{ocid}/releases.json")
    assert releases.status_code == 200
    assert validation.release_package_errors(json.loads(releases.content)) == []
    one = Client().get(f"/notices/{site['award'].pk}/release.json")
    assert one["Content-Disposition"].startswith("attachment;")
    assert validation.release_package_errors(json.loads(one.content)) == []


def test_an_unknown_process_is_not_found_with_a_message(site):
    text = _page("/notices/processes/ocds-caremarket-NOPE", status=404)
    assert "There is no published procurement ocds-caremarket-NOPE" in text
    assert Client().get("/notices/processes/ocds-caremarket-NOPE/record.json").status_code == 404
    assert Client().get("/api/v1/processes/ocds-caremarket-NOPE/notices").json()["code"] == "not_found"


def test_the_buyer_page_lists_its_notices_newest_first(site):
    text = _page("/notices/buyers/QH8")
    assert "<h1>Mid and South Essex ICB</h1>" in text
    assert "2 notices found" in text
    assert text.index(f'href="/notices/{site["award"].pk}"') < text.index(
        f'href="/notices/{site["tender"].pk}"'
    )
    assert "Wheelchair" not in text
    _page("/notices/buyers/NOPE", status=404)


def test_the_publication_policy_page(site):
    text = _page("/notices/publication-policy")
    assert "Open Government Licence v3.0" in text
    assert "/api/v1/ocds/release-packages" in text and "/api/v1/ocds/bulk/releases.jsonl.gz" in text
    assert "Bids are never published" in text
    assert "ocds-caremarket" in text


def test_signed_out_visitors_find_the_notices_from_the_start_page_and_footer(site):
    text = _page("/")
    assert 'href="/notices">Find public notices</a>' in text
    assert "Public notices" in text
    for path in ("/notices", f"/notices/{site['tender'].pk}", f"/notices/processes/{site['tender'].ocid}"):
        response = Client().get(path)
        assert response.status_code == 200 and "sign-in" not in response.get("Location", "")


def test_no_bid_or_bidder_is_shown_before_the_award(clock):
    """A competition open for bids, with a bid in: its tender notice, the search, the process
    page, its downloads and the API never name the bidder."""
    from caremarket.competitions.factories import make_competition, make_market, submit_bid
    from caremarket.transparency.publishing import process_id_for, publish_lifecycle_notice

    market = make_market(suppliers=2)
    competition = make_competition(market, publish=True)
    submit_bid(market, competition, 0, "120000")
    bidder = market.suppliers[0].name
    ocid_notices = Notice.objects.filter(notice_type="UK4", status=NoticeStatus.PUBLISHED)
    if not ocid_notices.exists():  # the competition's publication did not publish one itself
        content = {
            "tender": {
                "title": competition.title,
                "description": competition.requirement,
                "procurementMethod": "selective",
                "value": {"amount": 100000, "currency": "GBP"},
                "tenderPeriod": {"endDate": "2026-12-16T12:00:00Z"},
            }
        }
        publish_lifecycle_notice(
            actor=market.lead,
            publisher=market.buyer,
            code="UK4",
            process_id=process_id_for(competition),
            content=content,
            subject=competition,
        )
    tender = Notice.objects.filter(notice_type="UK4", status=NoticeStatus.PUBLISHED).latest("pk")
    pages = [
        _page("/notices"),
        _page(f"/notices?q={competition.title.split()[0]}"),
        _page(f"/notices/{tender.pk}"),
        _page(f"/notices/processes/{tender.ocid}"),
        _page(f"/notices/buyers/{market.buyer.code}"),
        Client().get(f"/notices/processes/{tender.ocid}/record.json").content.decode(),
        Client().get(f"/notices/{tender.pk}/release.json").content.decode(),
        Client().get("/api/v1/notices").content.decode(),
        Client().get(f"/api/v1/notices/{tender.pk}").content.decode(),
        Client().get(f"/api/v1/processes/{tender.ocid}/notices").content.decode(),
    ]
    for text in pages:
        assert bidder not in text
        assert market.suppliers[0].code not in text
    assert not Notice.objects.filter(notice_type="UK6").exists()


# --- The API ---------------------------------------------------------------------------------


def test_the_api_searches_with_the_same_filters_signed_out(site):
    response = Client().get("/api/v1/notices", {"q": "home", "type": "UK6"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["id"] == site["award"].pk
    assert item["type_label"] == "UK6 contract award notice"
    assert item["value"] == "250000.00"
    assert item["buyer"] == {"name": "Mid and South Essex ICB", "id": "GB-NHS-QH8", "code": "QH8"}
    assert (
        Client().get("/api/v1/notices", {"value_min": "£98,500.00", "value_max": "98,500"}).json()["count"]
        == 1
    )
    both = Client().get("/api/v1/notices?type=UK4&type=UK6&source=platform").json()
    assert both["count"] == 3


def test_the_api_refuses_bad_filters_with_a_reason(site):
    response = Client().get("/api/v1/notices", {"published_from": "2026-02-30", "value_min": "-1"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_failed"
    assert {"published_from", "value_min"} <= set(body["details"]["fields"])


def test_the_api_gives_a_notice_with_its_release(site):
    award = site["award"]
    body = Client().get(f"/api/v1/notices/{award.pk}").json()
    assert body["notice_type"] == "UK6" and body["ocid"] == award.ocid
    assert body["release"]["id"] == award.release.release_id
    assert body["supersedes"] is None and body["superseded_by"] is None
    assert body["legal_basis"] == award.legal_basis
    assert Client().get("/api/v1/notices/999999").status_code == 404


def test_the_api_gives_a_process_timeline_oldest_first(site):
    body = Client().get(f"/api/v1/processes/{site['tender'].ocid}/notices").json()
    assert [n["id"] for n in body] == [site["tender"].pk, site["award"].pk]


def test_json_list_filters_match_alike_on_each_database(site):
    # The CPV and region lists are JSON text on SQLite and jsonb on PostgreSQL.
    assert _ids({"cpv": "8531", "region": "UKH1"}) == {site["tender"].pk, site["award"].pk}
    assert connection.vendor in ("sqlite", "postgresql")
