"""Reading a price list from a CSV or XLSX file: one row per tier, with a header row.

Columns: item, unit, charge, from_quantity, to_quantity, unit_price. A flat price is one row
(from_quantity 1, to_quantity empty). Every row is checked and every problem reported with its
row number; the caller refuses the whole file if there is any. The file itself is read as a
stream, its size, rows, columns, cells and the time spent checked while reading (LIMITS).
"""

import csv
import io
from dataclasses import dataclass, field

from caremarket.core.error_codes import ErrorCode
from caremarket.core.money import MoneyError, read_money
from caremarket.core.tabular import read_table
from caremarket.rules import catalogue as rules
from caremarket.rules.table_limits import TableLimits

COLUMNS = ["item", "unit", "charge", "from_quantity", "to_quantity", "unit_price"]
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000
TEMPLATE_ROWS = [
    ["Ethernet 100 Mbit/s", "per_connection", "one_off", "1", "", "1450.00"],
    ["Ethernet 100 Mbit/s", "per_connection", "monthly", "1", "9", "289.00"],
    ["Ethernet 100 Mbit/s", "per_connection", "monthly", "10", "", "259.00"],
]


class UnreadableFile(Exception):
    """No longer raised: an unreadable file is a ValidationFailed from `core/tabular.py`."""


@dataclass
class ParsedPriceList:
    lines: list[rules.PriceLine] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)  # {"row", "code", "problems": [...]}


# An upload is read by `core/tabular.py` as a stream, these limits checked while it is read.
LIMITS = TableLimits(
    max_bytes=MAX_BYTES,
    max_unpacked_bytes=10 * 1024 * 1024,
    max_rows=MAX_ROWS,
    max_columns=20,
    max_cell=500,
    max_seconds=10.0,
    csv_suffixes=(".csv", ".txt"),
    what="a price list",
    not_xlsx="The file is not an Excel workbook (.xlsx)",
)


def read_rows(name: str, content: bytes) -> list[list[str]]:
    """Every row as text; ValidationFailed (naming the limit or the problem) for a file that
    breaks LIMITS or cannot be read."""
    return [
        ["" if v is None else _cell(v) for v in row]
        for row in read_table(name, content, LIMITS, code=ErrorCode.PRICE_LIST_FILE_NOT_READABLE)
    ]


def _cell(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse(name: str, content: bytes, allowed_units: list[str]) -> ParsedPriceList:
    rows = read_rows(name, content)
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    result = ParsedPriceList()
    if not rows:
        result.problems.append({"row": 1, "code": "", "problems": ["The file is empty"]})
        return result
    header = [cell.strip().lower().replace(" ", "_") for cell in rows[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        result.problems.append(
            {"row": 1, "code": "", "problems": [f"The header row needs the columns: {', '.join(missing)}"]}
        )
        return result
    index = {name: header.index(name) for name in COLUMNS}
    tiers, first_row = [], {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {name: (row[i].strip() if i < len(row) else "") for name, i in index.items()}
        parsed, problems = _row(cells)
        if problems:
            result.problems.append({"row": number, "code": cells["item"][:60], "problems": problems})
            continue
        tiers.append(parsed)
        first_row.setdefault(parsed[:3], number)
    if result.problems:
        return result
    result.lines = rules.lines_from_rows(tiers)
    for line_number, found in rules.price_list_problems(result.lines, allowed_units).items():
        line = result.lines[line_number - 1] if line_number else None
        row = first_row[line.key] if line else 1
        result.problems.append({"row": row, "code": line.item[:60] if line else "", "problems": found})
    result.problems.sort(key=lambda p: p["row"])
    return result


def _row(cells: dict[str, str]) -> tuple[tuple, list[str]]:
    problems = []
    item = cells["item"]
    if not item:
        problems.append("Enter the item the row prices")
    unit, charge = cells["unit"].lower(), cells["charge"].lower().replace("-", "_").replace(" ", "_")
    if unit not in set(rules.Unit):
        problems.append(f"'{cells['unit']}' is not a unit: use one of {', '.join(rules.Unit)}")
    if charge not in set(rules.Charge):
        problems.append(f"'{cells['charge']}' is not a charge: use one_off, monthly or annual")
    low = _whole(cells["from_quantity"] or "1", "from_quantity", problems)
    high = _whole(cells["to_quantity"], "to_quantity", problems) if cells["to_quantity"] else None
    price = None
    try:
        price = read_money(cells["unit_price"])
    except MoneyError as exc:
        problems.append(f"'{cells['unit_price']}' is not a price: {exc}")
    return (item, unit, charge, low, high, price), problems


def _whole(text: str, column: str, problems: list[str]) -> int | None:
    if not text.isdigit() or int(text) < 1 or int(text) > rules.MAX_QUANTITY:
        problems.append(f"{column} must be a whole number from 1 to {rules.MAX_QUANTITY:,} (got '{text}')")
        return None
    return int(text)


def template_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(TEMPLATE_ROWS)
    return out.getvalue().encode()
