"""The PSR annual summary (regulation 25) as a CSV or XLSX download."""

import csv
import io

from openpyxl import Workbook

from caremarket.core.spreadsheets import row_values
from caremarket.rules import psr as rules

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
OUTCOME_LABELS = {
    rules.ReviewDecision.PROCEED: "Representations after which the authority proceeded",
    rules.ReviewDecision.REPEAT: "Representations after which the authority went back to an earlier step",
    rules.ReviewDecision.ABANDON: "Representations after which the authority abandoned the process",
}
HEADINGS = ["Item", "Regulation", "Count"]


def summary_table(summary: rules.AnnualSummary) -> list[list]:
    """The rows shown and downloaded: each item of regulation 25(2), then the outcomes."""
    rows = [
        [label, citation, "Not reported" if count is None else count]
        for label, citation, count in summary.rows()
    ]
    rows += [[OUTCOME_LABELS[d], "regulation 25(2)", n] for d, n in summary.representation_outcomes.items()]
    return rows


def summary_file(summary: rules.AnnualSummary, organisation, extension: str) -> tuple[bytes, str, str]:
    """(body, content type, file name) of the summary in `extension` (csv or xlsx)."""
    title = [
        f"Provider Selection Regime annual summary: {organisation.name}",
        f"{summary.period_start.isoformat()} to {summary.period_end.isoformat()}",
        "",
    ]
    rows = summary_table(summary)
    if extension == "xlsx":
        book = Workbook()
        sheet = book.active
        sheet.title = "Annual summary"
        sheet.append(row_values(title))
        sheet.append(HEADINGS)
        for row in rows:
            sheet.append(row_values(row))
        out = io.BytesIO()
        book.save(out)
        body = out.getvalue()
    else:
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(title)
        writer.writerow(HEADINGS)
        writer.writerows(rows)
        body = text.getvalue().encode("utf-8")
    name = f"psr-annual-summary-{organisation.code}-{summary.period_start.year}.{extension}"
    return body, CONTENT_TYPES[extension], name
