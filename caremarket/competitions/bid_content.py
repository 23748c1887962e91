"""What a bid says: a total price, a response per quality criterion, and (for a buying
club) a price list. Checked when drafted, serialised canonically when sealed."""

import json
from decimal import Decimal, InvalidOperation

from caremarket.core.errors import ValidationFailed
from caremarket.core.validation import FieldProblems
from caremarket.rules.money_text import pounds_from_text
from caremarket.rules.price_lists import PriceList, Tier, price_list_problems, to_pence

MAX_RESPONSE = 20_000


def clean_content(*, price=None, responses=None, price_list=None) -> dict:
    """The draft content, checked and normalised; raises ValidationFailed naming each field."""
    problems = FieldProblems()
    content: dict = {"price": None, "responses": {}, "price_list": []}
    if price not in (None, ""):
        amount = None if isinstance(price, float) else pounds_from_text(price)
        if amount is None or amount <= 0:
            problems.add("price", "Enter the price in pounds and pence, more than £0.00, like 125,000.00")
        else:
            content["price"] = str(amount.quantize(Decimal("0.01")))
    for key, text in (responses or {}).items():
        text = str(text or "").strip()
        if len(text) > MAX_RESPONSE:
            problems.add("responses", f"Keep each response under {MAX_RESPONSE:,} characters")
        elif text:
            content["responses"][str(key)] = text
    rows = []
    for row in price_list or []:
        try:
            tiers = [
                {
                    "from": int(t["from"]),
                    "one_off": str(Decimal(str(t["one_off"]))),
                    "annual": str(Decimal(str(t["annual"]))),
                }
                for t in row["tiers"]
            ]
            rows.append({"unit": str(row["unit"]), "band": str(row.get("band", "")), "tiers": tiers})
        except (KeyError, TypeError, ValueError, InvalidOperation):
            problems.add(
                "price_list",
                "Give each price list row a unit, a band and tiers with from, one_off and annual",
            )
            break
    if rows:
        try:
            found = price_list_problems(_prices(rows))
        except (ValueError, TypeError) as exc:
            found = [str(exc)]
        for problem in found:
            problems.add("price_list", problem)
        content["price_list"] = rows
    problems.raise_if_any("The bid could not be saved")
    return content


def _prices(rows: list[dict]) -> dict[tuple[str, str], tuple[Tier, ...]]:
    return {
        (r["unit"], r["band"]): tuple(
            Tier(int(t["from"]), to_pence(t["one_off"]), to_pence(t["annual"])) for t in r["tiers"]
        )
        for r in rows
    }


def price_list_of(bid_id: str, content: dict) -> PriceList | None:
    rows = content.get("price_list") or []
    return PriceList(bid_id, _prices(rows)) if rows else None


def content_problems(content: dict, *, needs_price_list: bool, unpriced: list[str] = ()) -> list[str]:
    """What a draft lacks before it can be submitted (`unpriced`: the baseline's items its
    price list leaves out)."""
    problems = []
    if needs_price_list:
        if not content.get("price_list"):
            problems.append("Add your price list: the buying club's baseline is priced from it")
        elif unpriced:
            missing = ", ".join(unpriced)
            problems.append(
                f"Price every item of the club's baseline before submitting: no price for {missing}"
            )
    elif not content.get("price"):
        problems.append("Enter your price")
    return problems


def canonical(content: dict, files: list[dict]) -> bytes:
    """The bytes sealed and hashed for the receipt: content plus the files' names and hashes."""
    return json.dumps({**content, "files": files}, sort_keys=True, separators=(",", ":")).encode()


def refuse_if_problems(problems: list[str], code: str) -> None:
    if problems:
        raise ValidationFailed("; ".join(problems), code=code, details={"problems": problems})
