"""Price lists from CSV or XLSX: every row checked, any problem refuses the whole file."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from caremarket.catalogue import services
from caremarket.catalogue.price_import import template_csv
from caremarket.core.errors import ImportFailed, ValidationFailed

pytestmark = pytest.mark.django_db

HEADER = "item,unit,charge,from_quantity,to_quantity,unit_price\n"


def test_a_csv_replaces_the_draft_price_list(listing, supplier_user):
    version = services.price_list_import(
        actor=supplier_user, listing=listing, file_name="prices.csv", content=template_csv()
    )
    assert version.number == 2 and version.status == "draft"
    [line_one_off, line_monthly] = version.price_lines()
    assert [t.unit_price for t in line_monthly.tiers] == [Decimal("289.00"), Decimal("259.00")]
    assert line_one_off.charge == "one_off"


def test_an_xlsx_works_the_same(listing, supplier_user):
    book = Workbook()
    book.active.append(["Item", "Unit", "Charge", "From quantity", "To quantity", "Unit price"])
    book.active.append(["Broadband 80 Mbit/s", "per_connection", "monthly", 1, None, 59.5])
    out = io.BytesIO()
    book.save(out)
    version = services.price_list_import(
        actor=supplier_user, listing=listing, file_name="PRICES.XLSX", content=out.getvalue()
    )
    assert version.price_lines()[0].tiers[0].unit_price == Decimal("59.50")


def test_every_bad_row_is_reported_and_nothing_changes(listing, supplier_user):
    content = (
        HEADER
        + "Ethernet,per_connection,monthly,1,9,289.00\n"
        + ",per_parsec,weekly,0,,abc\n"
        + "Ethernet,per_connection,monthly,8,,259.00\n"
        + "Consultant,day_rate,one_off,1,,650\n"
    ).encode()
    with pytest.raises(ImportFailed) as refused:
        services.price_list_import(actor=supplier_user, listing=listing, file_name="p.csv", content=content)
    rows = {p["row"]: p["problems"] for p in refused.value.problems}
    assert set(rows) == {3}  # rows are parsed first; the grouped lines are checked once all parse
    assert len(rows[3]) == 5
    content = (
        HEADER
        + "Ethernet,per_connection,monthly,1,9,289.00\n"
        + "Ethernet,per_connection,monthly,8,,259.00\n"
        + "Consultant,day_rate,one_off,1,,650\n"
    ).encode()
    with pytest.raises(ImportFailed) as refused:
        services.price_list_import(actor=supplier_user, listing=listing, file_name="p.csv", content=content)
    assert refused.value.problems == [
        {"row": 2, "code": "Ethernet", "problems": ["The tier from 8 overlaps the tier before it"]},
        {"row": 4, "code": "Consultant", "problems": ["This lot takes prices per connection, not per day"]},
    ]
    assert listing.versions.count() == 1  # no draft was started


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("prices.pdf", b"%PDF", "Upload a CSV (.csv) or Excel (.xlsx) file"),
        ("prices.xlsx", b"not a workbook", "The file is not an Excel workbook (.xlsx)"),
        ("prices.csv", b"\xff\xfe\x00bad", "Save the CSV file as UTF-8"),
    ],
)
def test_unreadable_files_are_refused(listing, supplier_user, name, content, message):
    with pytest.raises(ValidationFailed) as refused:
        services.price_list_import(actor=supplier_user, listing=listing, file_name=name, content=content)
    assert refused.value.message == message


def test_a_missing_column_is_named(listing, supplier_user):
    with pytest.raises(ImportFailed) as refused:
        services.price_list_import(
            actor=supplier_user, listing=listing, file_name="p.csv", content=b"item,unit\n"
        )
    assert "from_quantity" in refused.value.problems[0]["problems"][0]
