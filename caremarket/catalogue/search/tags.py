"""Filter tokens written into each search document, so the full-text engine intersects the words
with the commonest filters (agreement, lot, category, region) itself, instead of handing back
every document that holds a common word. Letters then digits: one token on either engine."""

import re

from caremarket.catalogue.choices import CATEGORY_INDEX, REGION_CHOICES

TAG_LIKE = re.compile(r"z[a-z]\d", re.IGNORECASE)  # how every filter token begins
REGION_INDEX = {code: index for index, (code, _) in enumerate(REGION_CHOICES)}


def agreement_tag(agreement_id: int) -> str:
    return f"za{agreement_id}"


def lot_tag(lot_id: int) -> str:
    return f"zl{lot_id}"


def category_tag(category: str) -> str:
    return f"zc{CATEGORY_INDEX.get(category, 0)}"


def region_tag(region: str) -> str:
    return f"zr{REGION_INDEX.get(region, 0)}"


def document_tags(agreement_id: int, lot_id: int, category: str, regions: list[str]) -> str:
    return " ".join(
        [
            agreement_tag(agreement_id),
            lot_tag(lot_id),
            category_tag(category),
            *(region_tag(r) for r in regions),
        ]
    )
