"""The contract register as a CSV or XLSX file: the contracts the actor sees, with the
register's filters, one row each. Money is a number (with a £ format in the workbook)."""

import csv
import io
from decimal import Decimal

from caremarket.core import clock
from caremarket.core.spreadsheets import cell_value
from caremarket.rules.contract_changes import options_left_text
from caremarket.rules.contracts import STATUS_LABELS

HEADER = [
    "Reference",
    "Title",
    "Buyer",
    "Buyer code",
    "Supplier",
    "Supplier code",
    "Origin",
    "Agreement",
    "Status",
    "Value (£)",
    "Starts",
    "Ends",
    "Term",
    "Extension options left",
    "Notice (months)",
]
MONEY_COLUMN = HEADER.index("Value (£)")
DATE_COLUMNS = (HEADER.index("Starts"), HEADER.index("Ends"))


def rows(contracts) -> list[list]:
    today = clock.today()
    return [
        [
            c.reference,
            c.title,
            c.buyer.name,
            c.buyer.code,
            c.supplier.name,
            c.supplier.code,
            c.origin_label,
            c.agreement.reference if c.agreement else "",
            STATUS_LABELS[c.status(today)].capitalize(),
            Decimal(c.value),
            c.starts_on,
            c.ends_on,
            c.term.label(),
            options_left_text(c.options_left),
            c.notice_months,
        ]
        for c in contracts
    ]


def _safe(value):
    value = cell_value(value)
    # A cell starting with =, +, - or @ would run as a formula in a spreadsheet.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def as_csv(contracts) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for row in rows(contracts):
        writer.writerow(
            [
                f"{v:.2f}"
                if isinstance(v, Decimal)
                else v.isoformat()
                if hasattr(v, "isoformat")
                else _safe(v)
                for v in row
            ]
        )
    return out.getvalue().encode("utf-8-sig")


def as_xlsx(contracts) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Contracts"
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows(contracts):
        sheet.append([_safe(v) for v in row])
        line = sheet.max_row
        sheet.cell(row=line, column=MONEY_COLUMN + 1).number_format = '"£"#,##0.00'
        for column in DATE_COLUMNS:
            sheet.cell(row=line, column=column + 1).number_format = "d mmmm yyyy"
    widths = [12, 40, 30, 10, 30, 10, 22, 12, 12, 16, 16, 16, 10, 40, 10]
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=number).column_letter].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def register_file(contracts, extension: str) -> tuple[bytes, str, str]:
    """(body, content type, file name) of the register in `extension` (csv or xlsx)."""
    body = as_xlsx(contracts) if extension == "xlsx" else as_csv(contracts)
    return body, CONTENT_TYPES[extension], f"contract-register-{clock.today().isoformat()}.{extension}"
