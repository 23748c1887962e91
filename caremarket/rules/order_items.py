"""What an order line names: the exact priced item it buys.

A catalogue offers choices, each with an exact key (a listing's price line `CM-000123:2`, a
contract price list's item, a club catalogue's unit and band) and the names a person may call
it by. A line is priced from the choice its key names; a bare name is taken only when exactly
one choice answers to it. Where a supplier lists the same item on several listings, the buyer
chooses: nothing is priced from the first one found.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from caremarket.rules.catalogue import CHARGE_LABELS, UNIT_LABELS, Charge, Unit


@dataclass(frozen=True)
class Choice:
    key: str  # the exact reference an order line gives
    label: str  # as a person reads it
    names: tuple[str, ...] = ()  # what else a line may call it, if nothing else is called so


def price_line_key(listing_reference: str, line_number: int) -> str:
    """A listing's price line: its reference and the line's number in its live version."""
    return f"{listing_reference}:{line_number}"


def price_line_label(item: str, unit: str, charge: str, service: str, listing_reference: str) -> str:
    """The words for a listing's price line, e.g. 'Ethernet 100 Mbit/s, per connection a month', then
    an en dash and the service with its listing, 'Northway Ethernet (CM-000123)'."""
    per = UNIT_LABELS.get(Unit(unit), unit) if unit in set(Unit) else unit.replace("_", " ")
    when = CHARGE_LABELS.get(Charge(charge), charge) if charge in set(Charge) else charge
    priced = f"one-off, {per}" if charge == Charge.ONE_OFF else f"{per} {when}"
    return f"{item}, {priced} – {service} ({listing_reference})"


def resolve_choice(asked: str, choices: Sequence[Choice]) -> tuple[Choice | None, str | None]:
    """The choice a line names, or why none: its exact key, else the one choice with that name.
    A name that several choices share is refused with the choices, so the buyer picks one."""
    asked = (asked or "").strip()
    for choice in choices:
        if choice.key == asked:
            return choice, None
    named = [c for c in choices if asked in c.names]
    if len(named) == 1:
        return named[0], None
    if not named:
        return None, f"'{asked}' is not in the catalogue's price list"
    options = "; ".join(f"{c.label} [{c.key}]" for c in named)
    return None, f"'{asked}' is offered {len(named)} ways: choose one of {options}"


def tier_index(tiers: Sequence[tuple[int, int | None]], quantity: int) -> int | None:
    """The index of the (from, to) tier `quantity` falls in, or None: never another tier's price."""
    for index, (low, high) in enumerate(tiers):
        if low <= quantity and (high is None or quantity <= high):
            return index
    return None
