"""What each viewer reads of a clarification question: a table of viewer, wording and answer."""

import pytest

from caremarket.rules.questions import (
    ClarificationShown,
    ClarificationViewer,
    clarification_shown,
    published_wording,
    published_wording_problem,
)

V = ClarificationViewer
ORIGINAL = "Northway asks: how many sites?"
REWORDED = "How many sites?"

CASES = [
    # viewer, published, answer, expected
    (V.OTHER_SUPPLIER, "", "", None),
    (V.OTHER_SUPPLIER, REWORDED, "", None),
    (V.OTHER_SUPPLIER, REWORDED, "Forty.", ClarificationShown(REWORDED, "Forty.")),
    (V.OTHER_SUPPLIER, "", "Forty.", ClarificationShown(ORIGINAL, "Forty.")),
    (V.ASKER, "", "", ClarificationShown(ORIGINAL, "")),
    (V.ASKER, REWORDED, "Forty.", ClarificationShown(REWORDED, "Forty.", ORIGINAL)),
    (V.ASKER, "", "Forty.", ClarificationShown(ORIGINAL, "Forty.")),
    (V.BUYER_SIDE, "", "", ClarificationShown(ORIGINAL, "", asker_named=True)),
    (V.BUYER_SIDE, REWORDED, "Forty.", ClarificationShown(REWORDED, "Forty.", ORIGINAL, True)),
    (V.BUYER_SIDE, "", "Forty.", ClarificationShown(ORIGINAL, "Forty.", "", True)),
    (V.BUYER_SIDE, ORIGINAL, "Forty.", ClarificationShown(ORIGINAL, "Forty.", "", True)),
]


@pytest.mark.parametrize(("viewer", "published", "answer", "expected"), CASES)
def test_each_viewer_reads_what_is_theirs(viewer, published, answer, expected):
    assert clarification_shown(viewer, original=ORIGINAL, published=published, answer=answer) == expected


@pytest.mark.parametrize("viewer", [V.OTHER_SUPPLIER])
@pytest.mark.parametrize(("published", "answer"), [(REWORDED, "Forty."), ("", ""), (REWORDED, "")])
def test_another_supplier_never_reads_the_original_or_the_asker(viewer, published, answer):
    shown = clarification_shown(viewer, original=ORIGINAL, published=published, answer=answer)
    if shown is not None:
        assert "Northway" not in shown.text and not shown.original and not shown.asker_named


@pytest.mark.parametrize(
    ("published", "expected"),
    [("", ORIGINAL), ("   ", ORIGINAL), (REWORDED, REWORDED), (f"  {REWORDED}\n", REWORDED)],
)
def test_the_published_wording_is_the_rewording_or_the_original(published, expected):
    assert published_wording(ORIGINAL, published) == expected


@pytest.mark.parametrize(
    ("published", "problem"),
    [("", None), (REWORDED, None), ("x" * 4000, None), ("x" * 4001, "4,000 characters")],
)
def test_a_rewording_has_a_limit(published, problem):
    found = published_wording_problem(ORIGINAL, published)
    assert (found is None) if problem is None else (problem in found)
