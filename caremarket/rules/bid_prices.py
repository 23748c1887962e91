"""A buying club bid's price list as a supplier enters it: one row per tier of an item of the
club's frozen baseline, typed on the bid page or uploaded from the price template.

An item is a (unit code, band) pair of the baseline ("per_connection", "100 Mbps"). A row
gives the quantity its tier starts from and the one-off and annual charges per unit in pounds,
written as people write them ("1,250", "£1,250.00", "1250"). Rows come in as text; the result
is the price list `bid_content.clean_content` takes, or every problem, each naming its row.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from caremarket.rules.catalogue import UNIT_LABELS, Unit
from caremarket.rules.money_text import pounds_from_text, whole_number_from_text

MAX_POUNDS = Decimal("100000000")  # a unit charge of £100m or more is a typing error
MAX_FROM = 10_000_000


@dataclass(frozen=True)
class BaselineItem:
    """An item the club's baseline needs, with the club's total quantity of it."""

    unit: str
    band: str
    quantity: int
    service_types: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        return (self.unit, self.band)

    @property
    def label(self) -> str:
        return item_label(self.unit, self.band)


def item_label(unit: str, band: str) -> str:
    """ "per connection, 100 Mbps": the unit in words, then its band."""
    try:
        words = UNIT_LABELS[Unit(unit)]
    except ValueError:
        words = unit.replace("_", " ")
    return f"{words}, {band}" if band else words


@dataclass(frozen=True)
class PriceRow:
    """One typed row; `where` names it in problems ("Row 3", "per connection, 100 Mbps, tier 2")."""

    where: str
    unit: str
    band: str
    from_quantity: str
    one_off: str
    annual: str

    @property
    def is_blank(self) -> bool:
        return not any(str(v).strip() for v in (self.from_quantity, self.one_off, self.annual))


@dataclass(frozen=True)
class RowProblem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def _amount(text: str, what: str, problems: list[str]) -> str | None:
    amount = pounds_from_text(text)
    if amount is None:
        problems.append(f"enter the {what} in pounds, like 1,250.00 (got {str(text).strip() or 'nothing'!r})")
        return None
    if amount >= MAX_POUNDS:
        problems.append(f"the {what} must be less than £100,000,000")
        return None
    return str(amount.quantize(Decimal("0.01")))


def _from(text: str, problems: list[str]) -> int | None:
    cleaned = str(text).strip()
    if cleaned == "":
        return 1
    number = whole_number_from_text(cleaned, max_digits=8)
    if number is None or not 1 <= number <= MAX_FROM:
        problems.append(
            f"the tier starts from a whole number of units, 1 or more (got {str(text).strip()!r})"
        )
        return None
    return number


def price_list_from_rows(
    rows: Iterable[PriceRow], items: Sequence[BaselineItem], *, require_every_item: bool = False
) -> tuple[list[dict], list[RowProblem]]:
    """The price list (rows of unit, band and tiers, as `clean_content` takes them) and every
    problem. Blank rows are skipped; a row for an item the baseline does not need, a repeated
    tier, or an item whose tiers do not start from 1 is a problem. With `require_every_item`,
    an item left unpriced is a problem too (a bid is submitted only when every item is priced)."""
    known = {item.key: item for item in items}
    tiers: dict[tuple[str, str], dict[int, dict]] = {}
    first_where: dict[tuple[str, str], str] = {}
    problems: list[RowProblem] = []
    for row in rows:
        if row.is_blank:
            continue
        key = (str(row.unit).strip(), str(row.band).strip())
        found: list[str] = []
        if key not in known:
            found.append(f"{item_label(*key)} is not an item of the club's baseline")
        start = _from(row.from_quantity, found)
        one_off = _amount(row.one_off, "one-off charge", found)
        annual = _amount(row.annual, "annual charge", found)
        if not found and start in tiers.get(key, {}):
            found.append(f"{known[key].label} already has a tier from {start}")
        if found:
            problems.extend(RowProblem(row.where, message) for message in found)
            continue
        tiers.setdefault(key, {})[start] = {"from": start, "one_off": one_off, "annual": annual}
        first_where.setdefault(key, row.where)
    for key, by_start in tiers.items():
        if 1 not in by_start:
            problems.append(RowProblem(first_where[key], f"{known[key].label}: the first tier starts from 1"))
    if require_every_item:
        problems.extend(
            RowProblem(item.label, "enter its one-off and annual charges")
            for item in items
            if item.key not in tiers
        )
    price_list = [
        {"unit": item.unit, "band": item.band, "tiers": [tiers[item.key][s] for s in sorted(tiers[item.key])]}
        for item in items
        if item.key in tiers
    ]
    return price_list, problems


def unpriced_items(price_list: Sequence[dict], items: Sequence[BaselineItem]) -> list[str]:
    """The labels of the baseline's items the price list leaves unpriced."""
    priced = {(row["unit"], row["band"]) for row in price_list}
    return [item.label for item in items if item.key not in priced]
