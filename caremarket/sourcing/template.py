"""The requirement template: the allowed values for a requirement set, the XLSX and CSV
downloads (with drop-downs in the XLSX), and reading an uploaded file back into rows.

The vocabulary is data (`requirement_vocabulary.yaml`), per lot; the row checks are the pure
rules in `rules/requirements.py`.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import yaml
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import ValidationFailed
from caremarket.core.spreadsheets import row_values
from caremarket.core.tabular import read_table
from caremarket.rules.catalogue import UNIT_LABELS, Unit
from caremarket.rules.requirements import COLUMNS, HEADINGS, MAX_NOTES, RowRules
from caremarket.rules.table_limits import TableLimits

VOCABULARY_PATH = Path(__file__).parent / "requirement_vocabulary.yaml"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Vocabulary:
    service_types: tuple[str, ...]
    units: tuple[str, ...]  # unit codes
    sizes: tuple[str, ...]
    size_required: bool

    @property
    def unit_labels(self) -> tuple[str, ...]:
        return tuple(unit_label(u) for u in self.units)


def unit_label(code: str) -> str:
    try:
        return UNIT_LABELS[Unit(code)]
    except ValueError:
        return code


def unit_code(label: str) -> str:
    """The unit code behind a label or a code."""
    wanted = label.strip().casefold()
    for unit in Unit:
        if wanted in (unit.value, UNIT_LABELS[unit].casefold()):
            return unit.value
    return label


@cache
def _data() -> dict:
    with open(VOCABULARY_PATH, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def vocabulary_for(lot_code: str = "") -> Vocabulary:
    data = _data()
    entry = data["lots"].get(lot_code) or data["default"]
    return Vocabulary(
        tuple(entry["service_types"]),
        tuple(entry["units"]),
        tuple(entry.get("sizes") or ()),
        entry.get("size_required") == "all",
    )


def row_rules(vocabulary: Vocabulary, site_codes: frozenset[str], earliest: date | None = None) -> RowRules:
    return RowRules(
        site_codes=site_codes,
        service_types=vocabulary.service_types,
        units=vocabulary.unit_labels,
        sizes=vocabulary.sizes,
        size_required_for=frozenset(vocabulary.service_types) if vocabulary.size_required else frozenset(),
        earliest_required_by=earliest,
    )


# --- Downloads ---------------------------------------------------------------------------------


def _existing_rows(lines) -> list[list]:
    return [
        [
            line.site.code,
            line.service_type,
            line.quantity,
            unit_label(line.unit),
            line.size,
            line.required_by,
            line.notes,
        ]
        for line in lines
    ]


def template_xlsx(vocabulary: Vocabulary, sites: list[tuple[str, str]], lines=()) -> bytes:
    """A workbook: the Requirements sheet (headings, any existing lines, drop-downs for the
    site, service type, unit and size columns, a date check on the required-by column) and a
    Lists sheet holding the allowed values the drop-downs point at."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Requirements"
    sheet.append(list(HEADINGS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in _existing_rows(lines):
        sheet.append(row_values(row))
    for letter, width in zip("ABCDEFG", (14, 32, 10, 22, 18, 18, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    lists = book.create_sheet("Lists")
    columns = {
        "A": ("Site code", [code for code, _ in sites]),
        "B": ("Service type", list(vocabulary.service_types)),
        "D": ("Unit", list(vocabulary.unit_labels)),
        "E": ("Bandwidth or size", list(vocabulary.sizes)),
    }
    lists.append(["Site code", "Site name", "Service type", "Unit", "Bandwidth or size"])
    longest = max(len(sites), len(vocabulary.service_types), len(vocabulary.units), len(vocabulary.sizes), 1)
    for i in range(longest):
        lists.append(
            row_values(
                [
                    sites[i][0] if i < len(sites) else None,
                    sites[i][1] if i < len(sites) else None,
                    vocabulary.service_types[i] if i < len(vocabulary.service_types) else None,
                    vocabulary.unit_labels[i] if i < len(vocabulary.units) else None,
                    vocabulary.sizes[i] if i < len(vocabulary.sizes) else None,
                ]
            )
        )
    source_column = {"A": "A", "B": "C", "D": "D", "E": "E"}
    last_row = MAX_ROWS + 1
    for letter, (title, values) in columns.items():
        if not values:
            continue
        ref = f"Lists!${source_column[letter]}$2:${source_column[letter]}${len(values) + 1}"
        validation = DataValidation(
            type="list",
            formula1=ref,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=title,
            error=f"Choose a {title.lower()} from the list",
        )
        validation.add(f"{letter}2:{letter}{last_row}")
        sheet.add_data_validation(validation)
    quantity = DataValidation(
        type="whole",
        operator="between",
        formula1="1",
        formula2="100000",
        allow_blank=True,
        showErrorMessage=True,
    )
    quantity.error = "Enter a whole number of 1 or more"
    quantity.add(f"C2:C{last_row}")
    sheet.add_data_validation(quantity)
    required_by = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True)
    required_by.error = "Enter a date, like 2018-03-31"
    required_by.showErrorMessage = True
    required_by.add(f"F2:F{last_row}")
    sheet.add_data_validation(required_by)
    for row in sheet.iter_rows(min_row=2, min_col=6, max_col=6):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def template_csv(lines=()) -> str:
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow(HEADINGS)
    for row in _existing_rows(lines):
        writer.writerow([v.isoformat() if isinstance(v, date) else v for v in row])
    return output.getvalue()


def allowed_values_text(vocabulary: Vocabulary, site_codes: list[str]) -> dict[str, list[str]]:
    return {
        "site_code": site_codes,
        "service_type": list(vocabulary.service_types),
        "unit": list(vocabulary.unit_labels),
        "size": list(vocabulary.sizes),
    }


# --- Reading an upload --------------------------------------------------------------------------


def _unreadable(message: str) -> ValidationFailed:
    return ValidationFailed(
        message, code=ErrorCode.REQUIREMENTS_FILE_UNREADABLE, details={"fields": {"file": [message]}}
    )


# An upload is read by `core/tabular.py` as a stream, these limits checked while it is read.
UPLOAD_LIMITS = TableLimits(
    max_bytes=MAX_UPLOAD_BYTES,
    max_unpacked_bytes=20 * 1024 * 1024,
    max_rows=MAX_ROWS,
    max_columns=len(COLUMNS) + 5,  # a few extra columns are reported row by row
    max_cell=2 * MAX_NOTES,  # longer notes than allowed still get the row's own message
    max_seconds=10.0,
    what="a requirement template",
    wrong_type="Upload the template as an XLSX or CSV file",
    not_xlsx="The file is not a readable XLSX spreadsheet",
)


def read_upload(name: str, content: bytes) -> tuple[list, list[list]]:
    """The heading row and the data rows of an uploaded XLSX or CSV template."""
    rows = [
        list(r)
        for r in read_table(
            name, content, UPLOAD_LIMITS, code=ErrorCode.REQUIREMENTS_FILE_UNREADABLE, sheet="Requirements"
        )
    ]
    if not rows:
        raise _unreadable("The file is empty: fill in the template and upload it again")
    return rows[0], rows[1:]
