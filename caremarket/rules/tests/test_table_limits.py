"""Which limit an uploaded table breaks, and the sentence that says so."""

import pytest

from caremarket.rules.table_limits import (
    MAX_CELL_CEILING,
    MB,
    Limit,
    Part,
    Problem,
    TableLimits,
    archive_breach,
    breach_message,
    column_letter,
    problem_message,
    size_text,
)

LIMITS = TableLimits(
    max_bytes=5 * MB,
    max_unpacked_bytes=20 * MB,
    max_rows=5_000,
    max_columns=12,
    max_cell=2_000,
    max_seconds=10.0,
    max_parts=10,
    what="a requirement template",
)
SHEET = "xl/worksheets/sheet1.xml"


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ([Part(SHEET, 40_000, 4_000)], None),
        ([Part(SHEET, 19 * MB, 2 * MB), Part("xl/styles.xml", 900_000, 1_000)], None),  # small part
        ([Part(SHEET, 15 * MB, 1 * MB), Part("xl/sharedStrings.xml", 6 * MB, 1 * MB)], Limit.UNPACKED),
        ([Part(SHEET, 129_000_255, 438_145)], Limit.UNPACKED),  # the tester's zip bomb
        ([Part(SHEET, 10 * MB, 50_000)], Limit.RATIO),  # 209 to 1
        ([Part(SHEET, 10 * MB, 0)], Limit.RATIO),
        ([Part(f"xl/worksheets/sheet{n}.xml", 100, 50) for n in range(11)], Limit.PARTS),
    ],
)
def test_the_zip_directory_decides_before_anything_is_unzipped(parts, expected):
    found = archive_breach(LIMITS, parts)
    assert (found[0] if found else None) == expected


@pytest.mark.parametrize(
    ("limit", "facts", "message"),
    [
        (Limit.BYTES, {}, "The file must be smaller than 5 MB"),
        (
            Limit.UNPACKED,
            {"found": 129_000_255},
            "The workbook unzips to more than 20 MB (123 MB): save it again with only the sheet to "
            "upload, or upload it as CSV",
        ),
        (
            Limit.RATIO,
            {"found": 294, "part": SHEET},
            f"The workbook's part {SHEET} unzips to 294 times its packed size, which no spreadsheet "
            "does: it was refused unread",
        ),
        (Limit.PARTS, {}, "The workbook holds more than 10 parts: save it again as a plain workbook"),
        (
            Limit.ROWS,
            {},
            "The file has more than 5,000 rows: "
            "a requirement template takes up to 5,000 rows after the heading",
        ),
        (
            Limit.BLANK_ROWS,
            {},
            "The file has more than 10,000 empty rows: delete the empty rows and upload it again",
        ),
        (Limit.COLUMNS, {"row": 7}, "Row 7 has more than 12 columns: take out the extra columns"),
        (Limit.CELL, {"row": 2, "column": "A"}, "Row 2, column A, has a cell longer than 2,000 characters"),
        (Limit.CELL, {"row": 2}, "Row 2 has a cell longer than 2,000 characters"),
        (
            Limit.SECONDS,
            {},
            "The file took more than 10 seconds to read, so it was refused: save it again as a plain "
            "CSV or XLSX file and upload that",
        ),
    ],
)
def test_every_breach_names_its_limit(limit, facts, message):
    assert breach_message(limit, LIMITS, **facts) == message


@pytest.mark.parametrize(
    ("problem", "reason", "message"),
    [
        (Problem.WRONG_TYPE, "", "Upload a CSV (.csv) or Excel (.xlsx) file"),
        (Problem.NOT_XLSX, "", "The file is not a readable XLSX workbook"),
        (
            Problem.NOT_XLSX,
            "it is cut short or damaged",
            "The file is not a readable XLSX workbook: it is cut short or damaged",
        ),
        (Problem.NO_SHEET, "", "The file is not a readable XLSX workbook: it has no worksheet"),
        (Problem.NOT_UTF8, "", "Save the CSV file as UTF-8"),
        (
            Problem.XLSX_AS_CSV,
            "",
            "The file is an Excel workbook named .csv: rename it .xlsx, or save it as CSV",
        ),
        (Problem.CSV_BROKEN, "line contains NUL", "The CSV file cannot be read: line contains NUL"),
    ],
)
def test_every_unreadable_file_says_what_is_wrong(problem, reason, message):
    assert problem_message(problem, LIMITS, reason) == message


def test_an_import_keeps_its_own_wording():
    own = TableLimits(
        max_bytes=MB,
        max_unpacked_bytes=MB,
        max_rows=1,
        max_columns=1,
        max_cell=1,
        max_seconds=1,
        not_xlsx="The file is not an Excel workbook (.xlsx)",
        wrong_type="Upload the price template as an XLSX or CSV file",
    )
    assert problem_message(Problem.NOT_XLSX, own) == "The file is not an Excel workbook (.xlsx)"
    assert problem_message(Problem.WRONG_TYPE, own) == "Upload the price template as an XLSX or CSV file"


@pytest.mark.parametrize(
    "changes",
    [{"max_cell": MAX_CELL_CEILING + 1}, {"max_cell": 0}, {"max_rows": 0}, {"max_seconds": 0}],
)
def test_limits_outside_what_the_reader_can_check_are_refused(changes):
    values = {
        "max_bytes": MB,
        "max_unpacked_bytes": MB,
        "max_rows": 1,
        "max_columns": 1,
        "max_cell": 1,
        "max_seconds": 1,
    }
    with pytest.raises(ValueError):
        TableLimits(**{**values, **changes})


@pytest.mark.parametrize(
    ("size", "text"),
    [(2 * MB, "2 MB"), (int(1.5 * MB), "1.5 MB"), (129_000_255, "123 MB"), (1536, "2 KB"), (10, "1 KB")],
)
def test_sizes_are_written_as_people_read_them(size, text):
    assert size_text(size) == text


@pytest.mark.parametrize(("index", "letter"), [(0, "A"), (6, "G"), (25, "Z"), (26, "AA"), (701, "ZZ")])
def test_column_letters(index, letter):
    assert column_letter(index) == letter
