"""Requirement template rows: each member of a buying club (or a buyer on its own) lists what
each of its sites needs, one line a row, on a spreadsheet template.

Columns: A site code, B service type, C quantity, D unit, E bandwidth or size,
F required-by date, G notes. The allowed sites, service types, units and sizes come in as
`RowRules` (from the organisation's sites and the agreement lot's rules), so this module
holds no vocabulary of its own.

Every problem names its row and column ("Row 7, column C (quantity): enter a whole number
of 1 or more"), and `validate_rows` checks every row before anything is kept, so an
all-or-nothing import can report every bad row at once. A wholly empty row is skipped.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from caremarket.rules.dates import spoken_date

MAX_QUANTITY = 100_000
MAX_NOTES = 1_000
SIZE_PATTERN = re.compile(r"^(\d+(?:\.\d+)?)\s*(kbps|mbps|gbps|kb|mb|gb|tb)$", re.IGNORECASE)
SIZE_UNITS = {"kbps": "kbps", "mbps": "Mbps", "gbps": "Gbps", "kb": "KB", "mb": "MB", "gb": "GB", "tb": "TB"}
UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


@dataclass(frozen=True)
class Column:
    letter: str
    field: str
    heading: str


COLUMNS = (
    Column("A", "site_code", "site code"),
    Column("B", "service_type", "service type"),
    Column("C", "quantity", "quantity"),
    Column("D", "unit", "unit"),
    Column("E", "size", "bandwidth or size"),
    Column("F", "required_by", "required-by date"),
    Column("G", "notes", "notes"),
)
HEADINGS = tuple(c.heading[0].upper() + c.heading[1:] for c in COLUMNS)
_BY_FIELD = {c.field: c for c in COLUMNS}


@dataclass(frozen=True)
class RowRules:
    site_codes: frozenset[str]
    service_types: tuple[str, ...]
    units: tuple[str, ...]
    sizes: tuple[str, ...] = ()  # allowed bandwidths or sizes; empty: any like "100 Mbps"
    size_required_for: frozenset[str] = frozenset()  # service types that must give a size
    earliest_required_by: date | None = None  # e.g. today, or the club's launch
    latest_required_by: date | None = None
    max_quantity: int = MAX_QUANTITY
    max_notes: int = MAX_NOTES


@dataclass(frozen=True)
class RequirementLine:
    row: int
    site_code: str
    service_type: str
    quantity: int
    unit: str
    size: str
    required_by: date
    notes: str = ""


@dataclass(frozen=True)
class CellProblem:
    row: int
    column: str  # the letter
    heading: str
    message: str

    def __str__(self) -> str:
        where = f"column {self.column} ({self.heading})" if self.heading else f"column {self.column}"
        return f"Row {self.row}, {where}: {self.message}"


@dataclass(frozen=True)
class RowResult:
    row: int
    line: RequirementLine | None
    problems: tuple[CellProblem, ...] = ()


@dataclass(frozen=True)
class SheetResult:
    lines: tuple[RequirementLine, ...]
    problems: tuple[CellProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def bad_rows(self) -> tuple[int, ...]:
        return tuple(dict.fromkeys(p.row for p in self.problems))

    def as_details(self) -> list[dict]:
        """Problems grouped by row, as an import refusal's `details["rows"]`."""
        return [
            {"row": row, "problems": [str(p) for p in self.problems if p.row == row]} for row in self.bad_rows
        ]


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _choose(value: str, allowed: Sequence[str]) -> str | None:
    """The allowed spelling of `value`, matched without regard to case or spacing."""
    wanted = " ".join(value.split()).casefold()
    return next((a for a in allowed if " ".join(a.split()).casefold() == wanted), None)


def _listed(allowed: Sequence[str]) -> str:
    """'A, B or C' (the first ten, then how many more)."""
    if not allowed:
        return "from the list (none is set up yet)"
    if len(allowed) > 10:
        return ", ".join(allowed[:10]) + f" or one of {len(allowed) - 10} more"
    if len(allowed) == 1:
        return allowed[0]
    return ", ".join(allowed[:-1]) + f" or {allowed[-1]}"


def parse_quantity(value: object, maximum: int = MAX_QUANTITY) -> int | str:
    """A whole number of 1 or more (an int, or a whole float or Decimal from a spreadsheet,
    or digits), or the problem."""
    problem = "enter a whole number of 1 or more"
    if isinstance(value, bool):
        return problem
    if isinstance(value, float | Decimal):
        if not Decimal(value).is_finite() or value != int(value):
            return problem
        value = int(value)
    elif isinstance(value, str):
        text = value.strip().replace(",", "")
        if not text.isdigit():
            return problem
        value = int(text)
    if not isinstance(value, int) or value < 1:
        return problem
    if value > maximum:
        return f"enter a whole number no more than {maximum:,}"
    return value


def parse_date(value: object) -> date | None:
    """A date from a spreadsheet cell: a date, a datetime, YYYY-MM-DD or DD/MM/YYYY."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    try:
        if UK_DATE.match(text):
            day, month, year = (int(p) for p in UK_DATE.match(text).groups())
            return date(year, month, day)
        return date.fromisoformat(text[:10]) if len(text) >= 10 else None
    except ValueError:
        return None


def normalise_size(value: str) -> str | None:
    """'100mbps', '100 MBPS' -> '100 Mbps'; None when it is not a number and a unit."""
    match = SIZE_PATTERN.match(value.strip())
    if not match:
        return None
    number, unit = match.groups()
    return f"{number} {SIZE_UNITS[unit.lower()]}"


def validate_row(row: int, cells: Sequence[object], rules: RowRules) -> RowResult:
    """Check one row of the template (cells in column order A to G)."""
    cells = list(cells) + [None] * (len(COLUMNS) - len(cells))
    values = dict(zip((c.field for c in COLUMNS), cells, strict=False))
    problems: list[CellProblem] = []

    def problem(field: str, message: str) -> None:
        column = _BY_FIELD[field]
        problems.append(CellProblem(row, column.letter, column.heading, message))

    for offset, extra in enumerate(cells[len(COLUMNS) :]):
        if _text(extra):
            letter = chr(ord("A") + len(COLUMNS) + offset) if len(COLUMNS) + offset < 26 else "?"
            problems.append(
                CellProblem(row, letter, "", "leave this column empty: it is not part of the template")
            )

    site = _text(values["site_code"]).upper()
    if not site:
        problem("site_code", "enter the site code")
    elif site not in {s.upper() for s in rules.site_codes}:
        problem("site_code", f"'{site}' is not one of your sites")

    service_text = _text(values["service_type"])
    service = _choose(service_text, rules.service_types) if service_text else None
    if not service_text:
        problem("service_type", "choose the service type")
    elif service is None:
        problem(
            "service_type",
            f"'{service_text}' is not a service type here: choose {_listed(rules.service_types)}",
        )

    quantity = parse_quantity(values["quantity"], rules.max_quantity)
    if isinstance(quantity, str):
        problem("quantity", quantity)

    unit_text = _text(values["unit"])
    unit = _choose(unit_text, rules.units) if unit_text else None
    if not unit_text:
        problem("unit", "choose the unit")
    elif unit is None:
        problem("unit", f"'{unit_text}' is not a unit here: choose {_listed(rules.units)}")

    size_text = _text(values["size"])
    size = ""
    if size_text:
        if rules.sizes:
            size = (
                _choose(size_text, rules.sizes) or _choose(normalise_size(size_text) or "", rules.sizes) or ""
            )
            if not size:
                problem("size", f"'{size_text}' is not offered: choose {_listed(rules.sizes)}")
        else:
            size = normalise_size(size_text) or ""
            if not size:
                problem("size", "enter a number and a unit, like 100 Mbps or 500 GB")
    elif service in rules.size_required_for:
        problem("size", f"enter the bandwidth or size {service} needs, like 100 Mbps")

    raw_date = values["required_by"]
    required_by = parse_date(raw_date)
    if not _text(raw_date):
        problem("required_by", "enter the date the service is needed by, like 2018-03-31")
    elif required_by is None:
        problem("required_by", "enter a real date, like 2018-03-31")
    elif rules.earliest_required_by and required_by < rules.earliest_required_by:
        problem("required_by", f"enter a date on or after {spoken_date(rules.earliest_required_by)}")
    elif rules.latest_required_by and required_by > rules.latest_required_by:
        problem("required_by", f"enter a date on or before {spoken_date(rules.latest_required_by)}")

    notes = _text(values["notes"])
    if len(notes) > rules.max_notes:
        problem(
            "notes", f"keep the notes to {rules.max_notes:,} characters or fewer (this has {len(notes):,})"
        )

    if problems:
        return RowResult(row, None, tuple(problems))
    line = RequirementLine(row, site, service, quantity, unit, size, required_by, notes)
    return RowResult(row, line)


def is_empty(cells: Sequence[object]) -> bool:
    return not any(_text(c) for c in cells)


def header_problems(cells: Sequence[object]) -> tuple[str, ...]:
    """Whether the first row is the template's: each heading in its column."""
    problems = []
    cells = list(cells) + [None] * (len(COLUMNS) - len(cells))
    for column, heading, cell in zip(COLUMNS, HEADINGS, cells, strict=False):
        if _text(cell).casefold() != heading.casefold():
            found = f"'{_text(cell)}'" if _text(cell) else "nothing"
            problems.append(f"Column {column.letter} should be headed '{heading}', not {found}")
    return tuple(problems)


def validate_rows(rows: Iterable[Sequence[object]], rules: RowRules, *, first_row: int = 2) -> SheetResult:
    """Check every row (numbered from `first_row`, the row after the headings); a site that
    asks twice for the same service and size is a problem on the later row."""
    lines: list[RequirementLine] = []
    problems: list[CellProblem] = []
    seen: dict[tuple[str, str, str], int] = {}
    for number, cells in enumerate(rows, start=first_row):
        if is_empty(cells):
            continue
        result = validate_row(number, cells, rules)
        problems.extend(result.problems)
        line = result.line
        if line is None:
            continue
        key = (line.site_code, line.service_type, line.size)
        if key in seen:
            what = f"{line.service_type} ({line.size})" if line.size else line.service_type
            problems.append(
                CellProblem(
                    number,
                    "A",
                    "site code",
                    f"site {line.site_code} already asks for {what} on row {seen[key]}: "
                    "put the total quantity on one row",
                )
            )
            continue
        seen[key] = number
        lines.append(line)
    if problems:
        return SheetResult((), tuple(problems))
    return SheetResult(tuple(lines), ())
