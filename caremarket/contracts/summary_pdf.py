"""A contract's summary as a PDF (fpdf2): its terms, subcontract chain, KPIs and history, the
same words as the contract's page and its print layout."""

from fpdf import FPDF

from caremarket.contracts import selectors
from caremarket.contracts.models import Contract
from caremarket.core import clock
from caremarket.core.money import format_money
from caremarket.rules.contract_changes import (
    options_left_text,
    payment_mechanism_text,
    risk_share_text,
)
from caremarket.rules.contracts import STATUS_LABELS, SubcontractFacts, lead_share


def _text(value) -> str:
    # The core PDF fonts speak Latin-1: keep the pound sign, replace what they cannot show.
    return (
        str(value)
        .replace("→", "->")
        .replace("›", ">")
        .replace("–", "-")
        .replace("’", "'")
        .replace("…", "...")
        .replace("≥", ">=")
        .replace("≤", "<=")
        .encode("latin-1", "replace")
        .decode("latin-1")
    )


def _day(d) -> str:
    return f"{d.day} {d:%B %Y}" if d else ""


def summary_rows(contract: Contract) -> list[tuple[str, str]]:
    """The terms as (label, words): the page, the print layout and the PDF say the same."""
    committed = selectors.committed_value(contract)
    rows = [
        ("Status", STATUS_LABELS[contract.status()].capitalize()),
        ("Buyer", contract.buyer.name),
        ("Supplier", contract.supplier.name),
        ("Value", f"{format_money(contract.value)} ({format_money(committed)} ordered)"),
        ("Term", f"{contract.term.label()}, from {_day(contract.starts_on)}"),
        ("Ends", _day(contract.ends_on)),
        ("Extension options", options_left_text(contract.options_left)),
        ("Notice period", f"{contract.notice_months} month{'' if contract.notice_months == 1 else 's'}"),
    ]
    if contract.agreement:
        rows.append(("Agreement", f"{contract.agreement.reference}: {contract.agreement.title}"))
    rows += [
        ("Payment mechanism", payment_mechanism_text(contract.payment_mechanism)),
        ("Risk and reward share", risk_share_text(contract.risk_share)),
        ("Data processing agreement", "Yes" if contract.has_dpa else "No"),
        ("TUPE", "Applies" if contract.tupe else "Does not apply"),
    ]
    return rows


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, _text(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)


def summary_pdf(contract: Contract) -> bytes:
    parts = selectors.contract_parts(contract)
    pdf = FPDF()
    pdf.set_title(f"Contract summary: {contract.reference}")
    pdf.set_author("Caremarket")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 9, _text(f"{contract.reference}: {contract.title}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(
        0,
        6,
        _text(f"{contract.origin_label}. Printed on {_day(clock.today())}."),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    _heading(pdf, "Terms")
    for label, words in summary_rows(contract):
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(55, 6, _text(label))
        pdf.set_font("Helvetica", "", 10)
        pdf.multi_cell(0, 6, _text(words), new_x="LMARGIN", new_y="NEXT")
    subs = parts["subcontracts"]
    _heading(pdf, "Subcontract chain")
    share = lead_share([SubcontractFacts(s.subcontractor.code, s.share_percent) for s in subs])
    pdf.multi_cell(
        0,
        6,
        _text(f"{contract.supplier.name}: {'lead provider' if subs else 'provider'}, {share.normalize():f}%"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    for s in subs:
        what = f" ({s.services})" if s.services else ""
        pdf.multi_cell(
            0,
            6,
            _text(f"{s.subcontractor.name}: subcontractor{what}, {s.share_percent.normalize():f}%"),
            new_x="LMARGIN",
            new_y="NEXT",
        )
    _heading(pdf, "KPIs")
    for k in parts["kpis"]:
        pdf.multi_cell(
            0, 6, _text(f"{k.name} ({k.domain_label}): {k.target_label}"), new_x="LMARGIN", new_y="NEXT"
        )
    if not parts["kpis"]:
        pdf.cell(0, 6, "No KPIs.", new_x="LMARGIN", new_y="NEXT")
    _heading(pdf, "History")
    events = selectors.contract_history(contract)
    for event in events:
        pdf.set_font("Helvetica", "B", 10)
        pdf.multi_cell(0, 6, _text(f"{_day(event.day)}: {event.title}"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10)
        pdf.multi_cell(0, 6, _text(f"By {event.who}"), new_x="LMARGIN", new_y="NEXT")
        for line in event.lines:
            pdf.multi_cell(0, 6, _text(line), new_x="LMARGIN", new_y="NEXT")
    if not events:
        pdf.cell(0, 6, "No extensions, variations or exceptions yet.", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def file_name(contract: Contract) -> str:
    return f"contract-{contract.reference}.pdf"
