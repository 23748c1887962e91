"""A shortlist as a CSV or XLSX file: what was searched, when, by whom, and each service with
the version and prices the buyer saw."""

import csv
import io
import json

from django.http import HttpResponse

from caremarket.catalogue.models import Shortlist
from caremarket.core import clock
from caremarket.core.spreadsheets import cell_value
from caremarket.rules.catalogue import UNIT_LABELS, Unit

HEADER = [
    "Position",
    "Reference",
    "Service",
    "Version",
    "Supplier",
    "Supplier code",
    "SME",
    "VCSE",
    "Category",
    "Regions",
    "Agreement",
    "Lot",
    "Certifications",
    "Headline prices",
    "Cheapest option",
    "One-off",
    "Recurring over the term",
    "Total for the quantity and term",
]


def _stamp(moment) -> str:
    return clock.local(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def preamble(shortlist: Shortlist) -> list[list[str]]:
    query = shortlist.query
    return [
        ["Shortlist", shortlist.name],
        ["Organisation", f"{shortlist.organisation.name} ({shortlist.organisation.code})"],
        ["Purpose", shortlist.purpose],
        ["Saved", _stamp(shortlist.created_at)],
        ["Saved by", str(shortlist.created_by or "")],
        ["Locked", _stamp(shortlist.locked_at) or "Not locked"],
        ["Search", query.get("text", "")],
        [
            "Filters",
            json.dumps({k: v for k, v in query.items() if k != "text" and v not in (None, "", [], False)}),
        ],
        ["Services found", str(shortlist.result_count)],
    ]


def rows(shortlist: Shortlist) -> list[list]:
    out = []
    for entry in shortlist.entries.all():
        s = entry.snapshot
        prices = "; ".join(
            f"£{p['price']} {UNIT_LABELS.get(Unit(unit), unit) if unit in set(Unit) else unit} "
            f"({'a year' if p['basis'] == 'yearly' else 'one-off'})"
            for unit, p in s.get("prices", {}).items()
        )
        quote = s.get("quote") or {}
        out.append(
            [
                entry.position,
                s.get("reference", ""),
                s.get("name", ""),
                s.get("version", ""),
                s.get("supplier_name", ""),
                s.get("supplier_code", ""),
                "Yes" if s.get("is_sme") else "No",
                "Yes" if s.get("is_vcse") else "No",
                s.get("category_label", ""),
                ", ".join(s.get("regions", [])),
                s.get("agreement", ""),
                s.get("lot", ""),
                ", ".join(s.get("certifications", [])),
                prices,
                quote.get("item", ""),
                quote.get("one_off", ""),
                quote.get("recurring", ""),
                quote.get("total", ""),
            ]
        )
    return out


def _safe(value):
    # Without the control characters a workbook cannot hold (saved before inputs refused them).
    value = cell_value(value)
    # A cell starting with =, +, - or @ would run as a formula in a spreadsheet.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def as_csv(shortlist: Shortlist) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in [*preamble(shortlist), [], HEADER, *rows(shortlist)]:
        writer.writerow([_safe(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def as_xlsx(shortlist: Shortlist) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Shortlist"
    for row in preamble(shortlist):
        sheet.append([_safe(v) for v in row])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    sheet.append([])
    sheet.append(HEADER)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in rows(shortlist):
        sheet.append([_safe(v) for v in row])
    widths = [10, 12, 40, 9, 32, 14, 6, 6, 28, 30, 14, 6, 40, 40, 28, 12, 14, 14]
    for column, width in zip("ABCDEFGHIJKLMNOPQR", widths, strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def file_name(shortlist: Shortlist, extension: str) -> str:
    return f"shortlist-{shortlist.pk}.{extension}"


def download(shortlist, extension: str) -> HttpResponse:
    if extension == "xlsx":
        body = as_xlsx(shortlist)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, content_type = as_csv(shortlist), "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name(shortlist, extension)}"'
    return response
