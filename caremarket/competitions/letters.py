"""Award letters as PDF (fpdf2): the bidder's own scores, the winner's, and the reasons; the
same figures as the HTML page, taken from the ranking kept with the award."""

from fpdf import FPDF

from caremarket.competitions.selectors import AwardLetter


def _text(value) -> str:
    # The core PDF fonts speak Latin-1: keep the pound sign, replace what they cannot show.
    return (
        str(value)
        .replace("›", ">")
        .replace("–", "-")
        .replace("’", "'")
        .encode("latin-1", "replace")
        .decode("latin-1")
    )


def _scores_table(pdf: FPDF, title: str, result: dict) -> None:
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, _text(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    if result.get("excluded_because"):
        pdf.multi_cell(0, 6, _text(f"Excluded: {result['excluded_because']}"), new_x="LMARGIN", new_y="NEXT")
        return
    for c in result["criteria"]:
        name = "  " * c["depth"] + c["name"]
        score = "" if c["score"] is None else f"score {c['score']}, "
        pdf.cell(120, 6, _text(name))
        pdf.cell(0, 6, _text(f"{score}{c['shown']} of {c['share']}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(120, 6, "Total")
    pdf.cell(0, 6, _text(f"{result['total']} (rank {result['rank']})"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def letter_pdf(letter: AwardLetter) -> bytes:
    c, award = letter.competition, letter.award
    pdf = FPDF()
    pdf.set_title(f"Award letter: {c.reference}")
    pdf.set_author("Caremarket")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 9, _text(f"{c.reference}: {c.title}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(
        0, 6, _text(f"To {letter.supplier.name}, from {c.buyer.name}"), new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(2)
    outcome = (
        "Your bid is the preferred bid."
        if letter.successful
        else f"Your bid was not successful. The preferred bidder is {letter.winner['supplier']}."
    )
    pdf.multi_cell(0, 6, _text(outcome), new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(
        0,
        6,
        _text(
            f"The award was decided on {award.decided_on:%-d %B %Y}. Standstill runs for "
            f"{award.standstill_days} working days, until the end of {award.standstill_ends_on:%-d %B %Y}."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    _scores_table(pdf, "Your scores", letter.own)
    if not letter.successful:
        _scores_table(pdf, f"The preferred bid's scores ({letter.winner['supplier']})", letter.winner)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, "Reasons for the award", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 6, _text(award.reasons), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
