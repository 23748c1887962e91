"""The limits on an uploaded table (a CSV file or an XLSX workbook), and the sentence that refuses
a file which breaks one or cannot be read.

Every import that takes a spreadsheet from a person states its own `TableLimits`; the reader in
`core/tabular.py` checks them while the rows stream in and refuses the whole file with the
sentence made here. Pure: no Django, no I/O, so the decisions have table-driven tests.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

# The csv module's field limit is one setting for the whole process (see core/tabular.py), so
# no import may allow a longer cell than this.
MAX_CELL_CEILING = 10_000
MB = 1024 * 1024


class Limit(StrEnum):
    BYTES = "bytes"  # the upload as sent
    UNPACKED = "unpacked_bytes"  # an XLSX's parts once unzipped
    RATIO = "compression_ratio"  # a part that unzips to far more than a spreadsheet does
    PARTS = "parts"  # files inside the XLSX zip
    ROWS = "rows"  # rows with anything in them, after the heading
    BLANK_ROWS = "blank_rows"  # empty rows (a sheet can claim a million of them)
    COLUMNS = "columns"
    CELL = "cell_length"
    SECONDS = "seconds"


class Problem(StrEnum):
    WRONG_TYPE = "wrong_type"  # neither .csv nor .xlsx
    NOT_XLSX = "not_xlsx"  # named .xlsx, but not a workbook openpyxl can read
    NO_SHEET = "no_sheet"
    NOT_UTF8 = "not_utf8"
    XLSX_AS_CSV = "xlsx_as_csv"  # a workbook named .csv
    CSV_BROKEN = "csv_broken"


@dataclass(frozen=True)
class TableLimits:
    """What one import accepts. The wording fields let an import keep its own sentences."""

    max_bytes: int
    max_unpacked_bytes: int
    max_rows: int
    max_columns: int
    max_cell: int
    max_seconds: float
    max_blank_rows: int = 10_000
    max_ratio: int = 100
    ratio_applies_from: int = 1 * MB  # small parts (styles, a short sheet) compress far more
    max_parts: int = 200
    heading_rows: int = 1
    check_clock_every: int = 100  # rows between readings of the clock
    csv_suffixes: tuple[str, ...] = (".csv",)
    xlsx_suffixes: tuple[str, ...] = (".xlsx",)
    csv_encodings: tuple[str, ...] = ("utf-8-sig",)
    what: str = "the file"  # "a monthly return": named in the row limit's sentence
    wrong_type: str = "Upload a CSV (.csv) or Excel (.xlsx) file"
    not_xlsx: str = "The file is not a readable XLSX workbook"
    not_utf8: str = "Save the CSV file as UTF-8"

    def __post_init__(self) -> None:
        if not 0 < self.max_cell <= MAX_CELL_CEILING:
            raise ValueError(f"max_cell must be from 1 to {MAX_CELL_CEILING:,}")
        for name in ("max_bytes", "max_unpacked_bytes", "max_rows", "max_columns", "max_seconds"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be more than 0")


def size_text(size: int) -> str:
    """2097152 -> '2 MB'; 1536 -> '2 KB'."""
    if size >= MB:
        value = size / MB
        return f"{value:,.0f} MB" if value >= 10 or value.is_integer() else f"{value:,.1f} MB"
    return f"{max(1, round(size / 1024)):,} KB"


def _s(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class Part:
    """One file inside an XLSX zip, as its directory describes it."""

    name: str
    size: int  # unzipped
    compressed: int


def archive_breach(limits: TableLimits, parts: Iterable[Part]) -> tuple[Limit, str] | None:
    """Whether the zip directory already shows the workbook is too big to open: too many parts,
    too many bytes once unzipped, or a part that unzips like a zip bomb rather than a sheet."""
    parts = list(parts)
    if len(parts) > limits.max_parts:
        return Limit.PARTS, breach_message(Limit.PARTS, limits, found=len(parts))
    total = sum(p.size for p in parts)
    if total > limits.max_unpacked_bytes:
        return Limit.UNPACKED, breach_message(Limit.UNPACKED, limits, found=total)
    for part in parts:
        if part.size >= limits.ratio_applies_from and part.size > limits.max_ratio * max(part.compressed, 1):
            ratio = part.size // max(part.compressed, 1)
            return Limit.RATIO, breach_message(Limit.RATIO, limits, found=ratio, part=part.name)
    return None


def breach_message(
    limit: Limit,
    limits: TableLimits,
    *,
    found: int | None = None,
    row: int = 0,
    part: str = "",
    column: str = "",
) -> str:
    """The sentence refusing a file that breaks `limit`: it names the limit."""
    where = f"Row {row}" + (f", column {column}," if column else "")
    match limit:
        case Limit.BYTES:
            return f"The file must be smaller than {size_text(limits.max_bytes)}"
        case Limit.UNPACKED:
            unzipped = f" ({size_text(found)})" if found else ""
            return (
                f"The workbook unzips to more than {size_text(limits.max_unpacked_bytes)}{unzipped}: "
                "save it again with only the sheet to upload, or upload it as CSV"
            )
        case Limit.RATIO:
            return (
                f"The workbook's part {part} unzips to {found:,} times its packed size, which no "
                "spreadsheet does: it was refused unread"
            )
        case Limit.PARTS:
            return (
                f"The workbook holds more than {_s(limits.max_parts, 'part')}: "
                "save it again as a plain workbook"
            )
        case Limit.ROWS:
            return (
                f"The file has more than {_s(limits.max_rows, 'row')}: "
                f"{limits.what} takes up to {limits.max_rows:,} rows after the heading"
            )
        case Limit.BLANK_ROWS:
            return (
                f"The file has more than {_s(limits.max_blank_rows, 'empty row')}: "
                "delete the empty rows and upload it again"
            )
        case Limit.COLUMNS:
            return f"{where} has more than {limits.max_columns:,} columns: take out the extra columns"
        case Limit.CELL:
            return f"{where} has a cell longer than {limits.max_cell:,} characters"
        case Limit.SECONDS:
            return (
                f"The file took more than {limits.max_seconds:g} seconds to read, so it was refused: "
                "save it again as a plain CSV or XLSX file and upload that"
            )
    raise ValueError(limit)  # pragma: no cover


def problem_message(problem: Problem, limits: TableLimits, reason: str = "") -> str:
    """The sentence refusing a file that is not what its name says or cannot be read."""
    match problem:
        case Problem.WRONG_TYPE:
            return limits.wrong_type
        case Problem.NOT_XLSX:
            return f"{limits.not_xlsx}: {reason}" if reason else limits.not_xlsx
        case Problem.NO_SHEET:
            return f"{limits.not_xlsx}: it has no worksheet"
        case Problem.NOT_UTF8:
            return limits.not_utf8
        case Problem.XLSX_AS_CSV:
            return "The file is an Excel workbook named .csv: rename it .xlsx, or save it as CSV"
        case Problem.CSV_BROKEN:
            return f"The CSV file cannot be read: {reason}" if reason else "The CSV file cannot be read"
    raise ValueError(problem)  # pragma: no cover


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
