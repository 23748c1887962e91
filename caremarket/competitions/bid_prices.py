"""A buying club bid's price list: the items the club's frozen baseline needs, the price
template (CSV or XLSX) a supplier downloads and fills in, and reading it back.

An upload is hostile until read: `core/tabular.py` reads it as a stream, checking the LIMITS
below (size, unzipped size, rows, columns, cell lengths, time) while reading. Any problem
refuses the whole file with the reason (row by row for the prices), and nothing is saved.
The row checks are the pure rules in `rules/bid_prices.py`."""

import csv
import io
from collections.abc import Iterator

from openpyxl import Workbook
from openpyxl.styles import Font

from caremarket.competitions.models import Competition
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import ValidationFailed
from caremarket.core.spreadsheets import row_values
from caremarket.core.tabular import read_table
from caremarket.rules.bid_prices import BaselineItem, PriceRow, price_list_from_rows
from caremarket.rules.table_limits import TableLimits

SHEET = "Prices"
HEADINGS = [
    "Unit",
    "Band",
    "Item",
    "Service types",
    "Baseline quantity",
    "Tier from",
    "One-off (£)",
    "Annual (£)",
]
READ = {"unit": "Unit", "band": "Band", "from": "Tier from", "one_off": "One-off (£)", "annual": "Annual (£)"}
MAX_BYTES = 2 * 1024 * 1024
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_ROWS = 2_000
MAX_COLUMNS = 20
MAX_CELL = 200
MAX_SECONDS = 10.0
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def items_of(competition: Competition) -> list[BaselineItem]:
    """The items a bid for this buying club competition prices (none for any other)."""
    if competition.buying_club_id is None:
        return []
    from caremarket.sourcing.baseline import baseline_items

    return baseline_items(competition.buying_club)


# --- The template ---------------------------------------------------------------------------------


def _template_rows(items: list[BaselineItem], price_list: list[dict]) -> list[list]:
    priced = {(r["unit"], r["band"]): r["tiers"] for r in price_list or []}
    rows = []
    for item in items:
        described = [item.unit, item.band, item.label, ", ".join(item.service_types), item.quantity]
        for tier in priced.get(item.key) or [{"from": 1, "one_off": "", "annual": ""}]:
            rows.append([*described, tier["from"], tier["one_off"], tier["annual"]])
    return rows


def template_csv(items: list[BaselineItem], price_list: list[dict] | None = None) -> str:
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow(HEADINGS)
    writer.writerows(_template_rows(items, price_list or []))
    return output.getvalue()


def template_xlsx(items: list[BaselineItem], price_list: list[dict] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(HEADINGS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in _template_rows(items, price_list or []):
        sheet.append(row_values(row))
    for column, width in zip("ABCDEFGH", (16, 12, 28, 40, 18, 10, 14, 14), strict=True):
        sheet.column_dimensions[column].width = width
    guide = book.create_sheet("How to fill it in")
    for line in (
        ["One row per tier. Keep the Unit and Band columns as they are."],
        ["Tier from: the quantity, across the club, from which the tier's prices apply (1 for the first)."],
        ["Add a row with the same Unit and Band for each further tier."],
        ["One-off and Annual: the charges per unit in pounds, like 1,250.00."],
    ):
        guide.append(line)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


# --- Reading an upload ----------------------------------------------------------------------------


def _unreadable(message: str) -> ValidationFailed:
    return ValidationFailed(
        message, code=ErrorCode.PRICE_LIST_FILE_NOT_READABLE, details={"fields": {"file": [message]}}
    )


LIMITS = TableLimits(
    max_bytes=MAX_BYTES,
    max_unpacked_bytes=MAX_UNPACKED_BYTES,
    max_rows=MAX_ROWS,
    max_columns=MAX_COLUMNS,
    max_cell=MAX_CELL,
    max_seconds=MAX_SECONDS,
    what="a price template",
    wrong_type="Upload the price template as an XLSX or CSV file",
    not_xlsx="The file is not a readable XLSX spreadsheet",
)


def _text(value) -> str:
    if isinstance(value, float):
        # A spreadsheet stores 1250 as 1250.0; money is read back from its shortest text.
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def _rows(name: str, content: bytes) -> Iterator[list[str]]:
    """The template's rows as text, streamed and checked against LIMITS as they come."""
    for row in read_table(name, content, LIMITS, code=ErrorCode.PRICE_LIST_FILE_NOT_READABLE, sheet=SHEET):
        yield ["" if v is None else _text(v) for v in row]


def read_price_upload(name: str, content: bytes, items: list[BaselineItem]) -> list[dict]:
    """The price list in an uploaded template; ValidationFailed with every problem otherwise."""
    if not content:
        raise _unreadable("The file is empty: fill in the template and upload it again")
    rows = _rows(name, content)
    heading = next(rows, None)
    if heading is None:
        raise _unreadable("The file is empty: fill in the template and upload it again")
    index = {key: _column(heading, title) for key, title in READ.items()}
    missing = [READ[key] for key, found in index.items() if found is None]
    if missing:
        raise _unreadable(f"The heading row needs the columns: {', '.join(missing)}")
    priced = [
        PriceRow(f"Row {number}", *(cells[index[k]] if index[k] < len(cells) else "" for k in READ))
        for number, cells in enumerate(rows, start=2)
    ]
    price_list, problems = price_list_from_rows(priced, items)
    if problems:
        rows_wrong = len({p.where for p in problems})
        headline = (
            f"{rows_wrong} row{'s' if rows_wrong != 1 else ''} of the price template "
            f"{'have' if rows_wrong != 1 else 'has'} problems: nothing was saved"
        )
        raise ValidationFailed(
            headline,
            code=ErrorCode.PRICE_LIST_INVALID,
            details={"fields": {"file": [headline, *(str(p) for p in problems)]}},
        )
    if not price_list:
        raise _unreadable("The template has no prices: fill in the One-off and Annual columns")
    return price_list


def _column(heading: list[str], title: str) -> int | None:
    wanted = title.casefold()
    for position, cell in enumerate(heading):
        if cell.strip().casefold() == wanted:
            return position
    return None
