"""Reading a table a person uploads: a CSV file or an XLSX workbook, as a stream of rows.

An upload is hostile until read. A 400 KB workbook can unzip to a hundred megabytes of sheet,
claim a million empty rows, point at shared text that is not there, or be a CSV file named
.xlsx. So the limits an import states (`rules.table_limits.TableLimits`) are checked before and
while reading, never after:

- before openpyxl sees the file: the upload's size, then the zip directory (how many parts, how
  many bytes they unzip to, and whether a part unzips like a zip bomb rather than a sheet);
- while openpyxl reads it: every read from the zip is counted and the clock read, so even the
  pass openpyxl makes over a whole sheet that has no `<dimension>` is stopped in time;
- row by row: rows with anything in them, empty rows, columns, the length of each cell, and the
  clock every few rows.

Any breach, and any file that cannot be read (a damaged zip, broken XML, a missing part, text
that is not UTF-8, a workbook with no sheet), is one `ValidationFailed` naming the limit or the
problem, with the caller's error code; nothing has been written by then, because every import
reads its file before it saves anything.
"""

import csv
import io
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence

from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.exceptions import InvalidFileException

from caremarket.core.errors import ValidationFailed
from caremarket.rules.table_limits import (
    MAX_CELL_CEILING,
    Limit,
    Part,
    Problem,
    TableLimits,
    archive_breach,
    breach_message,
    column_letter,
    problem_message,
)

__all__ = ["CSV_FIELD_LIMIT", "TableLimits", "read_table"]

# `csv.field_size_limit` is one setting for the whole process and for every thread, so it is
# set once, here, and never per call: to just above the longest cell any import may allow. A
# longer field then stops the csv module early (we turn its error into the cell limit's
# sentence), and each import's own, shorter cell limit is checked on every cell below.
CSV_FIELD_LIMIT = MAX_CELL_CEILING + 1
csv.field_size_limit(CSV_FIELD_LIMIT)

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and password-protected .xlsx
# What openpyxl, zipfile and the XML parser raise on a damaged or hostile workbook.
_UNREADABLE = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    AttributeError,
    ArithmeticError,
    SyntaxError,  # xml.etree.ElementTree.ParseError
    InvalidFileException,
)


def read_table(
    name: str,
    content: bytes,
    limits: TableLimits,
    *,
    code: str,
    sheet: str | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[tuple]:
    """The rows of an uploaded CSV or XLSX file, each a tuple of at most `max_columns` values
    (strings from a CSV; strings, numbers, dates or None from a workbook), streamed. The file
    is chosen by its name; `sheet` names the workbook's sheet (else the first).

    Raises ValidationFailed (with `code`, `details["refused_for"]` the limit or problem and
    `details["rows_read"]`) at once for the size, the type and the zip directory, and while
    the rows are iterated for everything else."""
    reading = _Reading(limits, code, clock)
    if len(content) > limits.max_bytes:
        raise reading.breach(Limit.BYTES)
    lowered = (name or "").strip().lower()
    if lowered.endswith(limits.xlsx_suffixes):
        return _xlsx_rows(content, reading, sheet)
    if lowered.endswith(limits.csv_suffixes):
        return _csv_rows(content, reading)
    raise reading.problem(Problem.WRONG_TYPE)


class _Reading:
    """The counts and the clock for one file, and the refusals they lead to."""

    def __init__(self, limits: TableLimits, code: str, clock: Callable[[], float]) -> None:
        self.limits = limits
        self.code = code
        self.clock = clock
        self.started = clock()
        self.rows = 0  # every row seen, the heading and empty rows included
        self.data_rows = 0
        self.blank_rows = 0
        self.unzipped = 0

    def refuse(self, what: Limit | Problem, message: str) -> ValidationFailed:
        return ValidationFailed(
            message,
            code=self.code,
            details={"fields": {"file": [message]}, "refused_for": str(what), "rows_read": self.rows},
        )

    def breach(self, limit: Limit, **facts) -> ValidationFailed:
        return self.refuse(limit, breach_message(limit, self.limits, **facts))

    def problem(self, problem: Problem, reason: str = "") -> ValidationFailed:
        return self.refuse(problem, problem_message(problem, self.limits, reason))

    def check_clock(self) -> None:
        if self.clock() - self.started > self.limits.max_seconds:
            raise self.breach(Limit.SECONDS)

    def count_unzipped(self, size: int, part_total: int, declared: int) -> None:
        """Called on every read from the zip, while openpyxl parses."""
        self.unzipped += size
        if part_total > declared:
            raise self.problem(Problem.NOT_XLSX, "a part unzips to more than the zip says it holds")
        # openpyxl reads a sheet that has no <dimension> twice: once to find its size.
        if self.unzipped > 2 * self.limits.max_unpacked_bytes:
            raise self.breach(Limit.UNPACKED, found=self.unzipped)
        self.check_clock()

    def row(self, values: Sequence) -> tuple:
        limits = self.limits
        self.rows += 1
        if self.rows % limits.check_clock_every == 0:
            self.check_clock()
        if len(values) > limits.max_columns and any(not _blank(v) for v in values[limits.max_columns :]):
            raise self.breach(Limit.COLUMNS, row=self.rows)
        cells = tuple(values[: limits.max_columns])
        for position, value in enumerate(cells):
            if isinstance(value, str) and len(value) > limits.max_cell:
                raise self.breach(Limit.CELL, row=self.rows, column=column_letter(position))
        if all(_blank(v) for v in cells):
            self.blank_rows += 1
            if self.blank_rows > limits.max_blank_rows:
                raise self.breach(Limit.BLANK_ROWS)
        elif self.rows > limits.heading_rows:
            self.data_rows += 1
            if self.data_rows > limits.max_rows:
                raise self.breach(Limit.ROWS)
        return cells


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- CSV -----------------------------------------------------------------------------------------


def _csv_rows(content: bytes, reading: _Reading) -> Iterator[tuple]:
    if content.startswith(XLSX_MAGIC):
        raise reading.problem(Problem.XLSX_AS_CSV)
    encodings = reading.limits.csv_encodings
    if len(encodings) == 1:
        stream = io.TextIOWrapper(io.BytesIO(content), encoding=encodings[0], newline="")
    else:  # the first encoding the whole file decodes in (the file is already within max_bytes)
        stream = None
        for encoding in encodings:
            try:
                stream = io.StringIO(content.decode(encoding), newline="")
                break
            except UnicodeDecodeError:
                continue
        if stream is None:
            raise reading.problem(Problem.NOT_UTF8)
    try:
        for row in csv.reader(stream):
            yield reading.row(row)
    except UnicodeDecodeError as exc:
        raise reading.problem(Problem.NOT_UTF8) from exc
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise reading.breach(Limit.CELL, row=reading.rows + 1) from exc
        raise reading.problem(Problem.CSV_BROKEN, str(exc)) from exc


# --- XLSX ----------------------------------------------------------------------------------------


class _CountedPart:
    """One part of the zip as openpyxl reads it: each read is counted and the clock read."""

    def __init__(self, handle, reading: _Reading, declared: int) -> None:
        self._handle = handle
        self._reading = reading
        self._declared = declared
        self._read = 0

    def read(self, size: int = -1) -> bytes:
        data = self._handle.read(size)
        self._read += len(data)
        self._reading.count_unzipped(len(data), self._read, self._declared)
        return data

    def close(self) -> None:
        self._handle.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __getattr__(self, name):
        return getattr(self._handle, name)


class _GuardedZip(zipfile.ZipFile):
    """The workbook's zip, handing openpyxl counted parts."""

    def __init__(self, file, reading: _Reading) -> None:
        super().__init__(file)
        self._reading = reading

    def open(self, name, mode="r", pwd=None, *, force_zip64=False):
        handle = super().open(name, mode, pwd, force_zip64=force_zip64)
        if mode != "r":
            return handle
        info = name if isinstance(name, zipfile.ZipInfo) else self.getinfo(name)
        return _CountedPart(handle, self._reading, info.file_size)


def _not_a_zip_reason(content: bytes) -> str:
    if content.startswith(OLE_MAGIC):
        return "it is an old .xls file or is password-protected: save it as an unprotected .xlsx"
    if content.startswith(XLSX_MAGIC) or content.startswith(b"PK"):
        return "it is cut short or damaged"
    head = content[:4096]
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ""
    if any(mark in text for mark in (",", "\t", "\n")):
        return "it is a text file, perhaps CSV: name it .csv"
    return ""


def _damage_reason(exc: BaseException) -> str:
    if isinstance(exc, IndexError):
        return "a cell points at shared text the workbook does not hold"
    if isinstance(exc, KeyError):
        return f"a part it needs is missing ({exc})"
    if isinstance(exc, zipfile.BadZipFile | zlib.error | EOFError):
        return "it is cut short or damaged"
    if isinstance(exc, SyntaxError):
        return "its XML is broken"
    return "it is damaged"


def _xlsx_rows(content: bytes, reading: _Reading, sheet_name: str | None) -> Iterator[tuple]:
    limits = reading.limits
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
    except _UNREADABLE as exc:
        raise reading.problem(Problem.NOT_XLSX, _not_a_zip_reason(content)) from exc
    if any(info.flag_bits & 0x1 for info in infos):
        raise reading.problem(Problem.NOT_XLSX, "it is password-protected")
    breach = archive_breach(limits, (Part(i.filename, i.file_size, i.compress_size) for i in infos))
    if breach:
        limit, message = breach
        raise reading.refuse(limit, message)
    book = _open_workbook(content, reading)
    return _sheet_rows(book, reading, sheet_name)


def _open_workbook(content: bytes, reading: _Reading):
    guarded = None
    try:
        guarded = _GuardedZip(io.BytesIO(content), reading)
        # openpyxl opens its own zip; it is swapped for the guarded one before anything is read
        # from it (ExcelReader reads nothing until `read()`).
        reader = ExcelReader(io.BytesIO(content), read_only=True, data_only=True)
        reader.archive.close()
        reader.archive = guarded
        reader.valid_files = guarded.namelist()
        reader.read()
        return reader.wb
    except ValidationFailed:
        if guarded is not None:
            guarded.close()
        raise
    except _UNREADABLE as exc:
        if guarded is not None:
            guarded.close()
        cause = exc.__cause__ if isinstance(exc, ValueError) and exc.__cause__ else exc
        if isinstance(cause, ValidationFailed):  # openpyxl wraps what a read raised
            raise cause from None
        raise reading.problem(Problem.NOT_XLSX, _damage_reason(cause)) from exc


def _sheet_rows(book, reading: _Reading, sheet_name: str | None) -> Iterator[tuple]:
    limits = reading.limits
    try:
        if sheet_name and sheet_name in book.sheetnames:
            sheet = book[sheet_name]
        elif book.worksheets:
            sheet = book.worksheets[0]
        else:
            raise reading.problem(Problem.NO_SHEET)
        for values in sheet.iter_rows(values_only=True, max_col=limits.max_columns + 1):
            yield reading.row(values)
    except ValidationFailed:
        raise
    except _UNREADABLE as exc:  # a damaged sheet fails part-way through
        raise reading.problem(Problem.NOT_XLSX, _damage_reason(exc)) from exc
    finally:
        book.close()
