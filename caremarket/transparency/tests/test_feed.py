"""The public OCDS feed: paging by cursor with links.next, the updatedFrom/updatedTo window,
stages, refusals of bad filters, records, the bulk download, anonymous access and the rate
limit."""

import gzip
import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.test import Client

from caremarket.core.actor import Actor
from caremarket.orgs.factories import make_organisation
from caremarket.rules.ocds_imports import stage_tags
from caremarket.rules.roles import Sector
from caremarket.transparency import feed
from caremarket.transparency.factories import example_content
from caremarket.transparency.imports import ocds_import
from caremarket.transparency.models import Notice, NoticeSource, Release
from caremarket.transparency.ocds import validation
from caremarket.transparency.services import notice_draft, notice_publish

pytestmark = pytest.mark.django_db
BASE = "/api/v1/ocds"
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
SYSTEM = Actor.system("tests")


def _synthetic(
    count: int, *, tags=("tender",), start=T0, ocid_prefix="ocds-caremarket-FEED"
) -> list[Release]:
    """`count` platform releases written a minute apart (rows only: the feed does not rebuild them)."""
    notices = Notice.objects.bulk_create(
        [
            Notice(
                notice_type="UK4",
                type_version=1,
                ocid=f"{ocid_prefix}-{i}",
                legal_basis="s",
                status="published",
            )
            for i in range(count)
        ]
    )
    rows = []
    for i, notice in enumerate(notices):
        moment = start + timedelta(minutes=i)
        data = {"ocid": notice.ocid, "id": f"R-{i:04d}", "date": moment.isoformat(), "tag": list(tags)}
        rows.append(
            Release(
                ocid=notice.ocid,
                release_id=data["id"],
                date=moment,
                tags=list(tags),
                data=data,
                notice=notice,
                stored_at=moment,
            )
        )
    return Release.objects.bulk_create(rows)


def _get(client, path, **params):
    response = client.get(path, params)
    return response, response.json() if response["Content-Type"].startswith("application/json") else None


def test_pages_of_100_follow_links_next_to_the_end():
    _synthetic(205)
    client = Client()
    seen, url, pages = [], f"{BASE}/release-packages", 0
    while url:
        parts = urlsplit(url)
        response = client.get(parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()})
        assert response.status_code == 200
        body = response.json()
        pages += 1
        seen += [r["id"] for r in body["releases"]]
        assert len(body["releases"]) <= 100
        assert feed.PAGINATION_EXTENSION in body["extensions"]
        url = body.get("links", {}).get("next")
        if url:
            assert url.startswith("http") and "cursor=" in url
    assert pages == 3
    assert seen == [f"R-{i:04d}" for i in range(205)]  # in the order written, none twice


def test_the_last_page_has_no_next_and_limit_is_kept_in_the_link():
    _synthetic(3)
    _, body = _get(Client(), f"{BASE}/release-packages", limit=2, stages="tender")
    assert [r["id"] for r in body["releases"]] == ["R-0000", "R-0001"]
    query = parse_qs(urlsplit(body["links"]["next"]).query)
    assert query["limit"] == ["2"] and query["stages"] == ["tender"]
    _, body = _get(Client(), f"{BASE}/release-packages", limit=2, cursor=query["cursor"][0])
    assert [r["id"] for r in body["releases"]] == ["R-0002"]
    assert "links" not in body


def test_updated_from_and_to_window_on_when_the_release_was_written():
    _synthetic(10)
    _, body = _get(
        Client(),
        f"{BASE}/release-packages",
        updatedFrom="2026-12-01T09:03:00",
        updatedTo="2026-12-01T09:05:00Z",
    )
    assert [r["id"] for r in body["releases"]] == ["R-0003", "R-0004", "R-0005"]
    _, body = _get(Client(), f"{BASE}/release-packages", updatedFrom="2026-12-01T10:03:00+01:00")
    assert body["releases"][0]["id"] == "R-0003"


def test_stages_filter_by_the_tags_of_the_stage():
    _synthetic(2, tags=("planning",), ocid_prefix="ocds-caremarket-P")
    _synthetic(2, tags=("tenderUpdate",), ocid_prefix="ocds-caremarket-T", start=T0 + timedelta(hours=1))
    _synthetic(1, tags=("award", "contract"), ocid_prefix="ocds-caremarket-A", start=T0 + timedelta(hours=2))
    client = Client()

    def ocids(stages):
        return [r["ocid"] for r in _get(client, f"{BASE}/release-packages", stages=stages)[1]["releases"]]

    assert ocids("planning") == ["ocds-caremarket-P-0", "ocds-caremarket-P-1"]
    assert ocids("tender") == ["ocds-caremarket-T-0", "ocds-caremarket-T-1"]
    assert ocids("award,planning") == ["ocds-caremarket-P-0", "ocds-caremarket-P-1", "ocds-caremarket-A-0"]
    assert ocids("contract") == ["ocds-caremarket-A-0"]
    assert ocids("tenderUpdate") == ["ocds-caremarket-T-0", "ocds-caremarket-T-1"]


@pytest.mark.parametrize(
    ("text", "tags", "unknown"),
    [
        ("", (), []),
        ("planning", ("planning", "planningUpdate"), []),
        ("award, contractAmendment", ("award", "awardUpdate", "awardCancellation", "contractAmendment"), []),
        ("tender,bogus", ("tender", "tenderAmendment", "tenderUpdate", "tenderCancellation"), ["bogus"]),
    ],
)
def test_stage_tags(text, tags, unknown):
    assert stage_tags(text) == (tags, unknown)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"updatedFrom": "yesterday"}, "updatedFrom"),
        ({"updatedTo": "2026-13-01T00:00:00"}, "updatedTo"),
        ({"updatedFrom": "2026-12-02T00:00:00", "updatedTo": "2026-12-01T00:00:00"}, "updatedTo"),
        ({"stages": "tender,bidding"}, "stages"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": "MjAyNi0xMi0wMVQwOTowMDowMCswMDowMHw1fGFiY2RlZg=="}, "cursor"),  # forged, no signature
        ({"limit": "101"}, "limit"),
        ({"limit": "0"}, "limit"),
    ],
)
@pytest.mark.parametrize("route", ["release-packages", "record-packages"])
def test_bad_filters_are_422_with_the_reason(params, field, route):
    response = Client().get(f"{BASE}/{route}", params)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_failed" and body["message"]
    assert field in body["details"]["fields"]


def test_a_tampered_cursor_is_refused():
    rows = _synthetic(3)
    good = feed.encode_cursor(rows[0].stored_at, rows[0].pk)
    moment, pk = feed.decode_cursor(good)
    assert (moment, pk) == (rows[0].stored_at, rows[0].pk)
    raw = __import__("base64").urlsafe_b64decode(good).decode().replace(f"|{pk}|", f"|{pk + 1}|")
    forged = __import__("base64").urlsafe_b64encode(raw.encode()).decode()
    assert Client().get(f"{BASE}/release-packages", {"cursor": forged}).status_code == 422


@pytest.fixture
def published():
    """Two real notices of one process, published through the services, and one imported."""
    buyer = make_organisation(Sector.BUYER, code="QH8", name="Mid and South Essex ICB")
    notices = []
    for code in ("UK4", "UK6"):
        draft = notice_draft(
            actor=SYSTEM,
            publisher=buyer,
            notice_type_code=code,
            process_id="FEED-1",
            content=example_content(code),
            title="Home care",
        )
        notices.append(notice_publish(actor=SYSTEM, notice=draft))
    package = {
        "uri": "https://www.contractsfinder.service.gov.uk/x.json",
        "publishedDate": "2020-01-01T00:00:00Z",
        "publisher": {"name": "EU SUPPLY LIMITED", "uri": "https://www.contractsfinder.service.gov.uk"},
        "version": "1.1",
        "releases": [
            {
                "ocid": "ocds-b5fd17-feed",
                "id": "ext-1",
                "date": "2020-01-01T00:00:00Z",
                "tag": ["tender"],
                "initiationType": "tender",
            }
        ],
    }
    ocds_import(actor=SYSTEM, filename="cf.json", content=json.dumps(package).encode())
    return notices


def test_the_feed_publishes_caremarkets_own_releases_only_and_they_validate(published):
    _, body = _get(Client(), f"{BASE}/release-packages")
    assert [r["id"] for r in body["releases"]] == [n.release.release_id for n in published]
    assert validation.package_errors(body) == []
    assert body["publisher"]["name"] == "Caremarket"


def test_record_packages_link_their_releases_and_validate(published):
    ocid = published[0].ocid
    _, body = _get(Client(), f"{BASE}/record-packages")
    assert [r["ocid"] for r in body["records"]] == [ocid]
    linked = body["records"][0]["releases"]
    assert [link["url"].split("#")[1] for link in linked] == [n.release.release_id for n in published]
    assert validation.package_errors(body) == []
    # Each link serves a package holding that release.
    first = urlsplit(linked[0]["url"])
    response = Client().get(first.path)
    assert response.status_code == 200
    assert response.json()["releases"] == [published[0].release.data]
    assert _get(Client(), f"{BASE}/record-packages", stages="planning")[1]["records"] == []


def test_one_record_embeds_its_releases_and_unknown_is_404(published):
    ocid = published[0].ocid
    response, body = _get(Client(), f"{BASE}/records/{ocid}")
    assert response.status_code == 200
    assert [r["id"] for r in body["records"][0]["releases"]] == [n.release.release_id for n in published]
    assert validation.package_errors(body) == []
    for path in (
        f"{BASE}/records/ocds-b5fd17-feed",
        f"{BASE}/records/nothing",
        f"{BASE}/releases/{ocid}/X-1",
    ):
        response = Client().get(path)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_the_bulk_download_is_every_release_as_gzipped_json_lines():
    _synthetic(1203)
    response = Client().get(f"{BASE}/bulk/releases.jsonl.gz")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/gzip"
    assert response["Content-Disposition"].startswith("attachment;")
    lines = gzip.decompress(b"".join(response.streaming_content)).decode().splitlines()
    expected = list(Release.objects.filter(source=NoticeSource.PLATFORM).order_by("stored_at", "pk"))
    assert [json.loads(line) for line in lines] == [r.data for r in expected]


def test_anyone_may_read_the_feed_signed_in_or_not(published, django_user_model):
    from caremarket.orgs.factories import make_person

    person = make_person(email="someone@feed.example", roles=[])
    signed_in = Client()
    signed_in.force_login(person)
    for client in (Client(), signed_in):
        for path in (
            "release-packages",
            "record-packages",
            f"records/{published[0].ocid}",
            "bulk/releases.jsonl.gz",
        ):
            assert client.get(f"{BASE}/{path}").status_code == 200


def test_past_the_rate_limit_is_429_with_a_reason(settings):
    settings.CAREMARKET_PUBLIC_API_RATE = "3/min"
    cache.clear()
    client = Client()
    try:
        codes = [client.get(f"{BASE}/release-packages").status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        response = client.get(f"{BASE}/records/anything")
        assert response.status_code == 429
        body = response.json()
        assert body["code"] == "rate_limited"
        assert "Too many requests" in body["message"]
        assert int(response["Retry-After"]) >= 1
        # Another address has its own count.
        assert client.get(f"{BASE}/release-packages", REMOTE_ADDR="10.0.0.9").status_code == 200
    finally:
        cache.clear()


def test_the_feed_routes_are_documented_as_anonymous():
    document = Client().get("/api/v1/openapi.json").json()
    for path in ("release-packages", "record-packages", "records/{ocid}", "bulk/releases.jsonl.gz"):
        operation = document["paths"][f"{BASE}/{path}"]["get"]
        assert operation["security"] == [{}]
        assert "429" in operation["responses"]
    params = [p["name"] for p in document["paths"][f"{BASE}/release-packages"]["get"]["parameters"]]
    assert params == ["updatedFrom", "updatedTo", "stages", "cursor", "limit"]
