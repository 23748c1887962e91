"""What a hostile tester sent to every spreadsheet import, through the real routes: a zip bomb
(a small XLSX whose sheet unzips to ~120 MB, 1.5 million rows and no <dimension>), a truncated
XLSX, CSV text named .xlsx, a shared-string index out of range and a CSV with a 200 KB field.

Each is refused with 422 (a page: 400 with the error summary, the pages' convention) and a
message naming the limit or the problem, before anything is read past the limit, and nothing is
saved. After the refusals the same route takes a good file, so nothing a refusal left behind is
in the way."""

import html
import re
from functools import cache

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from caremarket.catalogue.factories import lot_with_supplier, make_listing
from caremarket.catalogue.models import ListingVersion
from caremarket.catalogue.search import columns, postings, visibility
from caremarket.contracts.factories import contract_on_lot
from caremarket.contracts.models import FeeReturn, ReturnLine
from caremarket.core.errors import ImportFailed
from caremarket.core.tests import hostile_files as hostile
from caremarket.orgs.factories import make_organisation, make_person
from caremarket.orgs.models import Organisation
from caremarket.orgs.ods_import import import_organisations
from caremarket.rules.roles import Role, Sector
from caremarket.sourcing import services as sourcing
from caremarket.sourcing.factories import (
    SYSTEM,
    filled_xlsx,
    make_buyer,
    make_club,
    make_hscn_dps,
    requirement_set_of,
    rows_for,
)
from caremarket.sourcing.models import RequirementLine

pytestmark = pytest.mark.django_db

FEE_HEADING = ("order_reference", "customer_code", "invoice_date", "description", "value")
REQUIREMENT_HEADING = (
    "Site code",
    "Service type",
    "Quantity",
    "Unit",
    "Bandwidth or size",
    "Required-by date",
    "Notes",
)
PRICE_HEADING = ("item", "unit", "charge", "from_quantity", "to_quantity", "unit_price")


@cache
def _hostile_files(heading: tuple[str, ...]) -> list[tuple[str, str, bytes, str, str]]:
    """(what, file name, content, the limit or problem refused for, words the message has)."""
    return [
        ("zip bomb", "bomb.xlsx", hostile.zip_bomb_xlsx(heading), "unpacked_bytes", "unzips to more than"),
        ("truncated XLSX", "cut.xlsx", hostile.truncated_xlsx(heading), "not_xlsx", "cut short or damaged"),
        ("CSV named .xlsx", "text.xlsx", hostile.csv_named_xlsx(heading), "not_xlsx", "perhaps CSV"),
        (
            "shared string out of range",
            "strings.xlsx",
            hostile.shared_string_out_of_range(heading),
            "not_xlsx",
            "shared text the workbook does not hold",
        ),
        (
            "200 KB field",
            "long.csv",
            hostile.long_field_csv(heading),
            "cell_length",
            "has a cell longer than",
        ),
    ]


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _page_text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def _assert_api_refusal(response, refused_for: str, words: str) -> None:
    assert response.status_code == 422, response.content[:500]
    body = response.json()
    assert words in body["message"], body
    assert body["details"]["refused_for"] == refused_for, body
    assert body["details"]["rows_read"] <= 1, body  # refused before it read past the heading


def _assert_page_refusal(response, words: str) -> None:
    assert response.status_code == 400, response.status_code
    text = _page_text(response)
    assert "There is a problem" in text
    assert words in text


# --- Management fee returns: POST /api/v1/fee-returns and the fees page ---------------------------


@pytest.fixture
def fee_world(db):
    with time_machine.travel("2026-10-15 12:00Z", tick=False):
        contract = contract_on_lot(buyer=make_organisation(Sector.BUYER, code="QJG", name="NHS Devon ICB"))
    supplier = contract.supplier
    return {
        "supplier": supplier,
        "agreement": contract.agreement,
        "client": _client(make_person(roles=[(supplier, Role.SUPPLIER_USER)])),
    }


@time_machine.travel("2026-11-05 12:00Z", tick=False)
def test_every_hostile_return_file_is_refused_by_the_api_and_saves_nothing(fee_world):
    client, supplier, agreement = fee_world["client"], fee_world["supplier"], fee_world["agreement"]

    def send(name, content):
        return client.post(
            "/api/v1/fee-returns",
            {
                "supplier_code": supplier.code,
                "agreement": agreement.reference,
                "period": "2026-10-01",
                "file": _upload(name, content),
            },
        )

    for what, name, content, refused_for, words in _hostile_files(FEE_HEADING):
        response = send(name, content)
        _assert_api_refusal(response, refused_for, words)
        assert response.json()["code"] == "fee_return.file_not_readable", what
        assert not FeeReturn.objects.exists() and not ReturnLine.objects.exists(), what
    good = ",".join(FEE_HEADING) + "\n,QJG,2026-10-15,Sold through the agreement,300.00\n"
    assert send("october.csv", good.encode()).status_code == 201
    assert ReturnLine.objects.count() == 1


@time_machine.travel("2026-11-05 12:00Z", tick=False)
def test_every_hostile_return_file_is_refused_by_the_fees_page(fee_world):
    client, agreement = fee_world["client"], fee_world["agreement"]
    for _what, name, content, _refused_for, words in _hostile_files(FEE_HEADING):
        response = client.post(
            "/fees",
            {"agreement": agreement.reference, "period": "2026-10-01", "file": _upload(name, content)},
        )
        _assert_page_refusal(response, words)
    assert not FeeReturn.objects.exists() and not ReturnLine.objects.exists()


# --- A requirement set's import: the API and the upload page ---------------------------------------


@pytest.fixture
def requirement_world(db):
    with time_machine.travel("2027-03-01 12:00Z", tick=False):
        lead_org = make_buyer(code="LEAD1", name="London programme office", sites=0)
        club = make_club(lead=lead_org, agreement=make_hscn_dps(reference="RM3825"), launch_in_days=91)
        member_org = make_buyer(code="RQM", name="Chelsea and Westminster Hospital", sites=3)
        sourcing.club_join(actor=SYSTEM, club=club, organisation=member_org)
        requirement_set = requirement_set_of(club, member_org)
    return {
        "set": requirement_set,
        "org": member_org,
        "person": make_person(email="buyer@rqm.example", roles=[(member_org, Role.BUYER)]),
    }


@time_machine.travel("2027-03-01 12:00Z", tick=False)
def test_every_hostile_requirement_file_is_refused_by_the_api_and_saves_nothing(requirement_world):
    client, requirement_set = _client(requirement_world["person"]), requirement_world["set"]
    url = f"/api/v1/sourcing/requirement-sets/{requirement_set.reference}/import"
    for what, name, content, refused_for, words in _hostile_files(REQUIREMENT_HEADING):
        response = client.post(url, {"file": _upload(name, content)})
        _assert_api_refusal(response, refused_for, words)
        assert response.json()["code"] == "requirements.file_unreadable", what
        assert not RequirementLine.objects.exists(), what
    good = filled_xlsx(requirement_set, rows_for(requirement_world["org"], 2))
    assert client.post(url, {"file": _upload("r.xlsx", good)}).status_code == 200
    assert RequirementLine.objects.filter(requirement_set=requirement_set).count() == 2


@time_machine.travel("2027-03-01 12:00Z", tick=False)
def test_every_hostile_requirement_file_is_refused_by_the_upload_page(requirement_world):
    client, requirement_set = _client(requirement_world["person"]), requirement_world["set"]
    url = f"/sourcing/requirements/{requirement_set.reference}/upload"
    for _what, name, content, _refused_for, words in _hostile_files(REQUIREMENT_HEADING):
        _assert_page_refusal(client.post(url, {"file": _upload(name, content)}), words)
        assert not RequirementLine.objects.exists()
    good = filled_xlsx(requirement_set, rows_for(requirement_world["org"], 3))
    assert client.post(url, {"file": _upload("r.xlsx", good)}).status_code == 302
    assert RequirementLine.objects.filter(requirement_set=requirement_set).count() == 3


@time_machine.travel("2027-03-01 12:00Z", tick=False)
def test_a_requirement_file_over_the_row_limit_is_refused_where_the_limit_is_reached(requirement_world):
    client, requirement_set = _client(requirement_world["person"]), requirement_world["set"]
    row = ["RQM-S1", "Ethernet connection", 1, "per connection", "100 Mbps", "2028-01-31", ""]
    many = hostile.workbook([REQUIREMENT_HEADING] + [row] * 6_000)  # as a spreadsheet saves it
    response = client.post(
        f"/api/v1/sourcing/requirement-sets/{requirement_set.reference}/import",
        {"file": _upload("many.xlsx", many)},
    )
    assert response.status_code == 422
    body = response.json()
    assert body["message"].startswith("The file has more than 5,000 rows")
    assert body["details"]["rows_read"] == 5_002  # the heading, 5,000 rows, and the one too many
    assert not RequirementLine.objects.exists()


# --- A catalogue listing's price list: the API and the prices page ---------------------------------


@pytest.fixture
def listing_world(db):
    columns.forget(), postings.forget(), visibility.forget()
    lot, supplier = lot_with_supplier(code="S1001", name="Northway Networks Ltd")
    listing = make_listing(lot=lot, supplier=supplier, name="Managed Ethernet for GP practices")
    yield {"listing": listing, "client": _client(make_person(roles=[(supplier, Role.SUPPLIER_USER)]))}
    columns.forget(), postings.forget(), visibility.forget()


def test_every_hostile_price_list_is_refused_by_the_api_and_saves_nothing(listing_world):
    client, listing = listing_world["client"], listing_world["listing"]
    url = f"/api/v1/catalogue/listings/{listing.pk}/prices"
    versions = ListingVersion.objects.filter(listing=listing).count()
    for what, name, content, refused_for, words in _hostile_files(PRICE_HEADING):
        response = client.post(url, {"file": _upload(name, content)})
        _assert_api_refusal(response, refused_for, words)
        assert response.json()["code"] == "price_list.file_not_readable", what
        assert ListingVersion.objects.filter(listing=listing).count() == versions, what
    good = ",".join(PRICE_HEADING) + "\nEthernet 100 Mbit/s,per_connection,monthly,1,,289.00\n"
    assert client.post(url, {"file": _upload("prices.csv", good.encode())}).status_code == 200
    assert ListingVersion.objects.filter(listing=listing).count() == versions + 1


def test_every_hostile_price_list_is_refused_by_the_prices_page(listing_world):
    client, listing = listing_world["client"], listing_world["listing"]
    versions = ListingVersion.objects.filter(listing=listing).count()
    for _what, name, content, _refused_for, words in _hostile_files(PRICE_HEADING):
        response = client.post(f"/catalogue/services/{listing.pk}/prices", {"file": _upload(name, content)})
        _assert_page_refusal(response, words)
    assert ListingVersion.objects.filter(listing=listing).count() == versions


# --- The organisation import (a command an operator runs, not an upload) ---------------------------


def test_an_organisation_list_with_a_200_kb_field_is_refused_whole(system, tmp_path):
    path = tmp_path / "etr.csv"
    path.write_bytes(hostile.long_field_csv(["RGR"] + [""] * 26))
    with pytest.raises(ImportFailed) as refused:
        import_organisations(path, actor=system)
    assert "has a cell longer than 1,000 characters" in refused.value.message
    assert not Organisation.objects.filter(code="RGR").exists()
