"""A contract's balanced scorecard as a PDF (fpdf2): each domain's score out of 100 and its
status, and each KPI's target and results per period, the same figures as the page."""

from fpdf import FPDF

from caremarket.core import clock
from caremarket.rules import performance as rules


def _text(value) -> str:
    # The core PDF fonts speak Latin-1: replace what they cannot show.
    return (
        str(value)
        .replace("≥", ">=")
        .replace("≤", "<=")
        .replace("–", "-")
        .replace("’", "'")
        .replace("“", '"')
        .replace("”", '"')
        .encode("latin-1", "replace")
        .decode("latin-1")
    )


def file_name(contract) -> str:
    return f"scorecard-{contract.reference}.pdf"


def _number(value) -> str:
    return f"{value.normalize():f}"


def scorecard_pdf(contract, cards, trends) -> bytes:
    pdf = FPDF()
    pdf.set_title(f"Scorecard: {contract.reference}")
    pdf.set_author("Caremarket")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(
        0, 9, _text(f"Scorecard: {contract.reference} {contract.title}"), new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(
        0,
        6,
        _text(f"{contract.supplier.name} for {contract.buyer.name}. Printed {clock.today():%-d %B %Y}."),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, "Balanced scorecard", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 10)
    for heading, width in (("Domain", 60), ("Score", 40), ("Status", 30), ("From", 0)):
        pdf.cell(width, 7, heading, border="B")
    pdf.ln()
    pdf.set_font("Helvetica", "", 10)
    for card in cards:
        source = f"{card.kpi_results} KPI results, {card.feedback} feedback"
        if card.self_assessed:
            source += ", self-assessment"
        pdf.cell(60, 7, _text(rules.DOMAIN_LABELS[card.domain]))
        pdf.cell(40, 7, _text(rules.score_label(card.score) if card.score is not None else "-"))
        pdf.cell(30, 7, _text(rules.RAG_LABELS[card.rag] if card.rag else "No evidence"))
        pdf.cell(0, 7, _text(source), new_x="LMARGIN", new_y="NEXT")
    total = rules.overall(cards)
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(60, 7, "Overall")
    pdf.cell(0, 7, _text(rules.score_label(total)), new_x="LMARGIN", new_y="NEXT")
    for trend in trends:
        kpi = trend.kpi
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 12)
        pdf.multi_cell(0, 7, _text(kpi.name), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10)
        amber = (
            f"amber down to {_number(kpi.amber_limit)} {kpi.unit}".rstrip()
            if kpi.amber_limit is not None
            else "amber within 5% of the target"
        )
        pdf.multi_cell(
            0,
            6,
            _text(
                f"Target {kpi.target_label} ({kpi.direction_label.lower()}, {amber}); "
                f"reported {rules.FREQUENCY_LABELS[rules.Frequency(kpi.frequency)].lower()}."
            ),
            new_x="LMARGIN",
            new_y="NEXT",
        )
        if not trend.results:
            pdf.cell(0, 6, "No results yet.", new_x="LMARGIN", new_y="NEXT")
            continue
        pdf.set_font("Helvetica", "B", 10)
        for heading, width in (("Period", 80), ("Result", 50), ("Status", 0)):
            pdf.cell(width, 6, heading, border="B")
        pdf.ln()
        pdf.set_font("Helvetica", "", 10)
        for r in trend.results:
            pdf.cell(80, 6, _text(rules.period_name(r.period, kpi.frequency)))
            pdf.cell(50, 6, _text(f"{_number(r.actual)} {kpi.unit}".rstrip()))
            pdf.cell(0, 6, _text(rules.RAG_LABELS[rules.Rag(r.rag)]), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
