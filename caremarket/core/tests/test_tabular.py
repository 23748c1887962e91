"""The one reader of uploaded tables: rows stream in, limits are checked while reading, and any
breach or unreadable file is a ValidationFailed that names the limit or the problem."""

import csv
import io
import itertools
import zipfile

import pytest

from caremarket.core.errors import ValidationFailed
from caremarket.core.tabular import CSV_FIELD_LIMIT, read_table
from caremarket.core.tests import hostile_files as hostile
from caremarket.rules.table_limits import MB, TableLimits

LIMITS = TableLimits(
    max_bytes=2 * MB,
    max_unpacked_bytes=20 * MB,
    max_rows=1_000,
    max_columns=8,
    max_cell=200,
    max_seconds=10.0,
    max_blank_rows=500,
    what="a test table",
)
HEADING = ["Unit", "Band", "Quantity"]


def _refusal(name: str, content: bytes, limits: TableLimits = LIMITS, **kwargs) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as refused:
        for _ in read_table(name, content, limits, code="test.unreadable", **kwargs):
            pass
    assert refused.value.code == "test.unreadable"
    assert refused.value.details["fields"] == {"file": [refused.value.message]}
    return refused.value


def _ticking(step: float = 1.0):
    """A clock that moves `step` seconds each time it is read."""
    ticks = itertools.count(0.0, step)
    return lambda: next(ticks)


def test_csv_and_xlsx_stream_the_same_rows():
    rows = [HEADING, ["per_connection", "100 Mbps", 3]]
    from_xlsx = list(read_table("t.XLSX", hostile.workbook(rows), LIMITS, code="x"))
    from_csv = list(
        read_table(
            "t.csv", b"\xef\xbb\xbfUnit,Band,Quantity\r\nper_connection,100 Mbps,3\r\n", LIMITS, code="x"
        )
    )
    assert [r[:3] for r in from_xlsx] == [tuple(HEADING), ("per_connection", "100 Mbps", 3)]
    assert from_csv == [tuple(HEADING), ("per_connection", "100 Mbps", "3")]


def test_the_zip_bomb_is_refused_from_its_directory_before_a_byte_is_unzipped():
    bomb = hostile.zip_bomb_xlsx(HEADING)  # 1.5 million rows, ~120 MB of XML, no <dimension>
    assert len(bomb) < 1 * MB
    refused = _refusal("bomb.xlsx", bomb)
    assert refused.details["refused_for"] == "unpacked_bytes"
    assert refused.details["rows_read"] == 0
    assert refused.message.startswith("The workbook unzips to more than 20 MB")


def test_a_part_that_unzips_like_a_bomb_is_refused_even_under_the_size_limit():
    generous = TableLimits(**{**LIMITS.__dict__, "max_unpacked_bytes": 500 * MB})
    refused = _refusal("bomb.xlsx", hostile.zip_bomb_xlsx(HEADING, rows=200_000), generous)
    assert refused.details["refused_for"] == "compression_ratio"
    assert "times its packed size" in refused.message


def test_the_clock_is_read_while_openpyxl_opens_the_workbook():
    # With the directory checks out of the way, openpyxl would read the whole sheet to find its
    # size (there is no <dimension>): every read from the zip reads the clock, so it stops early.
    unguarded = TableLimits(
        **{**LIMITS.__dict__, "max_unpacked_bytes": 500 * MB, "max_ratio": 10**9, "max_seconds": 5}
    )
    refused = _refusal("bomb.xlsx", hostile.zip_bomb_xlsx(HEADING), unguarded, clock=_ticking())
    assert refused.details["refused_for"] == "seconds"
    assert refused.details["rows_read"] == 0  # refused while opening, before the first row
    assert refused.message.startswith("The file took more than 5 seconds to read")


def test_rows_stop_at_the_limit_rather_than_at_the_end_of_the_sheet():
    # 10,000 rows: under a megabyte of sheet, so only the row limit can stop it.
    refused = _refusal("many.xlsx", hostile.zip_bomb_xlsx(HEADING, rows=10_000))
    assert refused.details["refused_for"] == "rows"
    assert refused.details["rows_read"] == LIMITS.max_rows + 2  # the heading, then one too many
    assert refused.message == (
        "The file has more than 1,000 rows: a test table takes up to 1,000 rows after the heading"
    )
    csv_rows = ("a,b\r\n" * 50_000).encode()
    assert _refusal("many.csv", csv_rows).details["rows_read"] == LIMITS.max_rows + 2


def test_a_sheet_claiming_a_million_empty_rows_stops_at_the_empty_row_limit():
    sheet = [
        hostile.SHEET_OPEN.replace("<sheetData>", '<dimension ref="A1:C1048576"/><sheetData>'),
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Unit</t></is></c></row>',
        '<row r="1048576"><c r="A1048576"><v>1</v></c></row>',
        hostile.SHEET_CLOSE,
    ]
    refused = _refusal("empty.xlsx", hostile.with_sheet_xml(hostile.workbook(), sheet))
    assert refused.details["refused_for"] == "blank_rows"
    assert refused.details["rows_read"] == LIMITS.max_blank_rows + 2


def test_a_zip_whose_directory_understates_a_part_is_refused_as_damaged():
    out = io.BytesIO()
    source = zipfile.ZipFile(io.BytesIO(hostile.workbook([HEADING] * 200)))
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
        for info in target.filelist:
            if info.filename == hostile.SHEET:
                info.file_size = 100  # the directory now lies about the sheet
    refused = _refusal("lying.xlsx", out.getvalue())  # zipfile stops at the 100 bytes: bad CRC
    assert refused.message == "The file is not a readable XLSX workbook: it is cut short or damaged"


@pytest.mark.parametrize(
    ("name", "content", "refused_for", "message"),
    [
        (
            "cut.xlsx",
            hostile.truncated_xlsx(HEADING),
            "not_xlsx",
            "The file is not a readable XLSX workbook: it is cut short or damaged",
        ),
        (
            "text.xlsx",
            hostile.csv_named_xlsx(HEADING),
            "not_xlsx",
            "The file is not a readable XLSX workbook: it is a text file, perhaps CSV: name it .csv",
        ),
        ("junk.xlsx", b"not a workbook", "not_xlsx", "The file is not a readable XLSX workbook"),
        (
            "old.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
            "not_xlsx",
            "The file is not a readable XLSX workbook: it is an old .xls file or is password-protected: "
            "save it as an unprotected .xlsx",
        ),
        (
            "strings.xlsx",
            hostile.shared_string_out_of_range(HEADING),
            "not_xlsx",
            "The file is not a readable XLSX workbook: "
            "a cell points at shared text the workbook does not hold",
        ),
        (
            "broken.xlsx",
            hostile.with_sheet_xml(hostile.workbook(), [hostile.SHEET_OPEN, "<row><c><v>1</v></row>"]),
            "not_xlsx",
            "The file is not a readable XLSX workbook: its XML is broken",
        ),
        (
            "book.csv",
            hostile.workbook(),
            "xlsx_as_csv",
            "The file is an Excel workbook named .csv: rename it .xlsx, or save it as CSV",
        ),
        ("latin.csv", "Unit,Band\r\nCafé,1\r\n".encode("cp1252"), "not_utf8", "Save the CSV file as UTF-8"),
        (
            "long.csv",
            hostile.long_field_csv(HEADING),
            "cell_length",
            "Row 2 has a cell longer than 200 characters",
        ),
        (
            "long.csv",
            ("Unit\r\n" + "x" * 201 + "\r\n").encode(),
            "cell_length",
            "Row 2, column A, has a cell longer than 200 characters",
        ),
        (
            "long.xlsx",
            hostile.workbook([HEADING, ["x", "y" * 201]]),
            "cell_length",
            "Row 2, column B, has a cell longer than 200 characters",
        ),
        (
            "wide.csv",
            b"a,b\r\n" + b"," * 8 + b"x\r\n",
            "columns",
            "Row 2 has more than 8 columns: take out the extra columns",
        ),
        (
            "wide.xlsx",
            hostile.workbook([HEADING, [None] * 8 + ["x"]]),
            "columns",
            "Row 2 has more than 8 columns: take out the extra columns",
        ),
        ("prices.pdf", b"%PDF-1.7", "wrong_type", "Upload a CSV (.csv) or Excel (.xlsx) file"),
        ("big.csv", b"a\r\n" * (MB + 1), "bytes", "The file must be smaller than 2 MB"),
    ],
)
def test_every_hostile_or_malformed_file_is_refused_with_the_reason(name, content, refused_for, message):
    refused = _refusal(name, content)
    assert (refused.details["refused_for"], refused.message) == (refused_for, message)


def test_a_workbook_with_no_sheet_is_refused():
    base = hostile.workbook()
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        book = archive.read("xl/workbook.xml").decode()
    start, end = book.index("<sheets>"), book.index("</sheets>") + len("</sheets>")
    sheetless = hostile.with_sheet_xml(
        base,
        [hostile.SHEET_OPEN, hostile.SHEET_CLOSE],
        extra={"xl/workbook.xml": (book[:start] + "<sheets/>" + book[end:]).encode()},
    )
    refused = _refusal("none.xlsx", sheetless)
    assert refused.details["refused_for"] == "no_sheet"
    assert refused.message == "The file is not a readable XLSX workbook: it has no worksheet"


def test_a_csv_that_takes_too_long_is_stopped_by_the_clock():
    refused = _refusal("slow.csv", b"a,b\r\n" * 900, clock=_ticking(2.0))
    assert refused.details["refused_for"] == "seconds"
    assert refused.details["rows_read"] < 900


def test_empty_columns_past_the_limit_do_not_count():
    rows = list(read_table("t.csv", b"a,b" + b"," * 20 + b"\r\n", LIMITS, code="x"))
    assert rows == [("a", "b", "", "", "", "", "", "")]


def test_the_named_sheet_is_read_and_else_the_first():
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["first"])
    book.create_sheet("Prices").append(["named"])
    out = io.BytesIO()
    book.save(out)
    assert next(read_table("t.xlsx", out.getvalue(), LIMITS, code="x", sheet="Prices"))[0] == "named"
    assert next(read_table("t.xlsx", out.getvalue(), LIMITS, code="x", sheet="Other"))[0] == "first"


def test_the_csv_field_limit_is_set_once_for_the_process():
    assert csv.field_size_limit() == CSV_FIELD_LIMIT
