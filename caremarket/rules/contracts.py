"""Contracts (and NHS SLAs): the term and its extension options, the lifecycle seen through the
calendar, order numbers and revisions, the value ceiling and the lead-provider chain.

A contract's stored *stage* is draft, signed or terminated. Its *status* is that stage seen
through the calendar: a signed contract is live from its start date, extended once an
option is taken, expiring within a configurable window before its current end, and ended
after it. Nothing has to run at midnight for that.

- The term is an initial period plus extension options in months ("3+1+1" years is
  36 + 12 + 12). Extending takes the next option only, before the current end date.
- Going past the last option needs an approved exception with a re-procurement timetable
  that awards the replacement before the extended end date.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from caremarket.core.error_codes import ErrorCode
from caremarket.core.money import format_money, to_money
from caremarket.rules.agreements import add_months
from caremarket.rules.date_ranges import delivery_date_range
from caremarket.rules.dates import spoken_date
from caremarket.rules.lifecycle import Lifecycle
from caremarket.rules.refusals import Refusal

DEFAULT_EXPIRING_DAYS = 90


class ContractStatus(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"
    LIVE = "live"
    EXTENDED = "extended"
    EXPIRING = "expiring"
    ENDED = "ended"
    TERMINATED = "terminated"


STATUS_LABELS = {
    ContractStatus.DRAFT: "draft",
    ContractStatus.SIGNED: "signed",
    ContractStatus.LIVE: "live",
    ContractStatus.EXTENDED: "extended",
    ContractStatus.EXPIRING: "expiring",
    ContractStatus.ENDED: "ended",
    ContractStatus.TERMINATED: "terminated",
}

# The statuses a contract passes through. Only draft, signed and terminated are stored; the
# others are the calendar's verdict (see `contract_status`).
CONTRACT_LIFECYCLE = Lifecycle(
    "contract",
    {
        ContractStatus.DRAFT: frozenset({ContractStatus.SIGNED}),
        ContractStatus.SIGNED: frozenset({ContractStatus.LIVE, ContractStatus.TERMINATED}),
        ContractStatus.LIVE: frozenset(
            {
                ContractStatus.EXTENDED,
                ContractStatus.EXPIRING,
                ContractStatus.ENDED,
                ContractStatus.TERMINATED,
            }
        ),
        ContractStatus.EXTENDED: frozenset(
            {ContractStatus.EXPIRING, ContractStatus.ENDED, ContractStatus.TERMINATED}
        ),
        ContractStatus.EXPIRING: frozenset(
            {ContractStatus.EXTENDED, ContractStatus.ENDED, ContractStatus.TERMINATED}
        ),
        ContractStatus.ENDED: frozenset(),
        ContractStatus.TERMINATED: frozenset(),
    },
    labels={str(k): v for k, v in STATUS_LABELS.items()},
)
STORED_STAGES = frozenset({ContractStatus.DRAFT, ContractStatus.SIGNED, ContractStatus.TERMINATED})
# Statuses under which work is done and orders may be placed.
IN_FORCE = frozenset({ContractStatus.LIVE, ContractStatus.EXTENDED, ContractStatus.EXPIRING})


class Origin(StrEnum):
    AWARD = "award"
    DIRECT_AWARD = "direct_award"
    MCP_GATEWAY = "mcp_gateway"
    EXISTING = "existing"
    NHS_SLA = "nhs_sla"


ORIGIN_LABELS = {
    Origin.AWARD: "Awarded after a competition",
    Origin.DIRECT_AWARD: "Direct award",
    Origin.MCP_GATEWAY: "Most Capable Provider gateway",
    Origin.EXISTING: "Existing contract, recorded by hand",
    Origin.NHS_SLA: "NHS service level agreement",
}
# Origins a person records by hand (the others come from an award or a gateway decision).
BY_HAND = frozenset({Origin.EXISTING, Origin.NHS_SLA, Origin.DIRECT_AWARD, Origin.MCP_GATEWAY})


# --- The term -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """An initial period and extension options, in months."""

    initial_months: int
    option_months: tuple[int, ...] = ()

    @property
    def total_months(self) -> int:
        return self.initial_months + sum(self.option_months)

    def label(self) -> str:
        parts = (self.initial_months, *self.option_months)
        if all(p % 12 == 0 for p in parts):
            return "+".join(str(p // 12) for p in parts) + " years"
        return "+".join(str(p) for p in parts) + " months"


TERM_PATTERN = re.compile(r"^\s*(\d{1,3})\s*((?:\+\s*\d{1,3}\s*)*)(years?|y|months?|m)?\s*$", re.IGNORECASE)


def parse_term(text: str) -> Term:
    """ "3+1+1" (years), "3+1+1 years", "24+12 months" -> a Term. ValueError if not a term."""
    match = TERM_PATTERN.match(text or "")
    if not match:
        raise ValueError(f"Enter the term as an initial period and options, like 3+1+1 (got {text!r})")
    numbers = [int(match.group(1)), *[int(n) for n in re.findall(r"\d+", match.group(2))]]
    unit = (match.group(3) or "years").lower()
    factor = 1 if unit.startswith("m") else 12
    if numbers[0] == 0 or any(n == 0 for n in numbers[1:]):
        raise ValueError("Each period of the term must be at least one")
    return Term(numbers[0] * factor, tuple(n * factor for n in numbers[1:]))


def end_date(starts_on: date, months: int) -> date:
    """The last day of a term of `months` starting on `starts_on` (a year from 1 April ends 31 March)."""
    return date.fromordinal(add_months(starts_on, months).toordinal() - 1)


@dataclass(frozen=True)
class ContractFacts:
    reference: str
    stage: str
    starts_on: date
    term: Term
    options_used: int = 0
    exception_months: int = 0
    expiring_days: int = DEFAULT_EXPIRING_DAYS
    terminated_on: date | None = None

    @property
    def current_months(self) -> int:
        return (
            self.term.initial_months
            + sum(self.term.option_months[: self.options_used])
            + self.exception_months
        )

    @property
    def ends_on(self) -> date:
        return end_date(self.starts_on, self.current_months)

    @property
    def next_option(self) -> int | None:
        if self.options_used < len(self.term.option_months):
            return self.term.option_months[self.options_used]
        return None


def contract_status(c: ContractFacts, today: date) -> ContractStatus:
    if c.stage == ContractStatus.TERMINATED:
        return ContractStatus.TERMINATED
    if c.stage == ContractStatus.DRAFT:
        return ContractStatus.DRAFT
    if today < c.starts_on:
        return ContractStatus.SIGNED
    ends = c.ends_on
    if today > ends:
        return ContractStatus.ENDED
    if (ends - today).days < c.expiring_days:
        return ContractStatus.EXPIRING
    if c.options_used or c.exception_months:
        return ContractStatus.EXTENDED
    return ContractStatus.LIVE


def is_expiring_within(c: ContractFacts, today: date, days: int) -> bool:
    """In force and ending within `days` days (the register's "expiring" filter)."""
    return contract_status(c, today) in IN_FORCE and 0 <= (c.ends_on - today).days < days


def sign_refusal(c: ContractFacts) -> Refusal | None:
    if c.stage != ContractStatus.DRAFT:
        return Refusal(
            ErrorCode.CONTRACT_TRANSITION_REFUSED,
            f"{c.reference} is {STATUS_LABELS[ContractStatus(c.stage)]}: only a draft can be signed",
        )
    return None


def termination_refusal(c: ContractFacts, today: date, *, reason: str) -> Refusal | None:
    status = contract_status(c, today)
    if status not in IN_FORCE | {ContractStatus.SIGNED}:
        return Refusal(
            ErrorCode.CONTRACT_TRANSITION_REFUSED,
            f"{c.reference} is {STATUS_LABELS[status]}: only a signed contract in force can be terminated",
        )
    if not reason.strip():
        return Refusal(ErrorCode.CONTRACT_REASON_REQUIRED, "Give the reason for terminating the contract")
    return None


def extension_refusal(c: ContractFacts, today: date) -> Refusal | None:
    """Extending takes the next option only, before the current end date."""
    status = contract_status(c, today)
    if status in (ContractStatus.DRAFT, ContractStatus.TERMINATED, ContractStatus.ENDED):
        return Refusal(
            ErrorCode.CONTRACT_NOT_EXTENDABLE,
            f"{c.reference} is {STATUS_LABELS[status]}: it cannot be extended",
        )
    if today > c.ends_on:
        return Refusal(
            ErrorCode.CONTRACT_NOT_EXTENDABLE,
            f"{c.reference} ended on {spoken_date(c.ends_on)}: an option must be taken before the end date",
        )
    if c.next_option is None:
        return Refusal(
            ErrorCode.CONTRACT_NO_OPTION_LEFT,
            f"{c.reference} has used every extension option ({c.term.label()}): going further needs "
            "an approved exception with a re-procurement timetable",
        )
    return None


@dataclass(frozen=True)
class Reprocurement:
    """The timetable for buying the replacement, required to extend past the last option."""

    starts_on: date
    award_by: date


def exception_refusal(
    c: ContractFacts, today: date, *, months: int, reason: str, timetable: Reprocurement | None
) -> Refusal | None:
    status = contract_status(c, today)
    if status in (ContractStatus.DRAFT, ContractStatus.TERMINATED, ContractStatus.ENDED):
        return Refusal(
            ErrorCode.CONTRACT_NOT_EXTENDABLE,
            f"{c.reference} is {STATUS_LABELS[status]}: it cannot be extended",
        )
    if c.next_option is not None:
        return Refusal(
            ErrorCode.CONTRACT_OPTION_AVAILABLE,
            f"{c.reference} still has an extension option of {c.next_option} months: take it first",
        )
    if not 1 <= months <= 24:
        return Refusal(ErrorCode.CONTRACT_EXCEPTION_INVALID, "An exception extends by 1 to 24 months")
    if not reason.strip():
        return Refusal(ErrorCode.CONTRACT_REASON_REQUIRED, "Give the reason the contract must run on")
    if timetable is None:
        return Refusal(
            ErrorCode.CONTRACT_EXCEPTION_INVALID,
            "Give the re-procurement timetable: when it starts and when the replacement is awarded",
        )
    new_end = end_date(c.starts_on, c.current_months + months)
    if timetable.starts_on > timetable.award_by:
        return Refusal(
            ErrorCode.CONTRACT_EXCEPTION_INVALID, "The re-procurement must start before its award date"
        )
    if timetable.award_by > new_end:
        return Refusal(
            ErrorCode.CONTRACT_EXCEPTION_INVALID,
            f"The replacement must be awarded by the extended end date ({spoken_date(new_end)})",
        )
    if timetable.award_by < today:
        return Refusal(
            ErrorCode.CONTRACT_EXCEPTION_INVALID, "The award date of the re-procurement has passed"
        )
    return None


def exception_apply_refusal(c: ContractFacts, today: date) -> Refusal | None:
    """An approved exception is applied only while the contract is in force."""
    status = contract_status(c, today)
    if status not in IN_FORCE:
        return Refusal(
            ErrorCode.CONTRACT_NOT_EXTENDABLE,
            f"{c.reference} is {STATUS_LABELS[status]}: the exception can no longer be applied",
        )
    return None


# --- Orders ---------------------------------------------------------------------------------

ORDER_ID = re.compile(r"^C(\d{6,})-(\d{2,})$")


def order_revision_id(number: int, revision: int) -> str:
    """Order 123, revision 2 -> "C000123-02". Revision 1 is the order as placed."""
    if number < 1 or revision < 1:
        raise ValueError("Order numbers and revisions start at 1")
    return f"C{number:06d}-{revision:02d}"


def parse_order_id(text: str) -> tuple[int, int]:
    match = ORDER_ID.match(text.strip().upper())
    if not match:
        raise ValueError(f"{text!r} is not an order id like C000123-02")
    return int(match.group(1)), int(match.group(2))


def order_reference(number: int) -> str:
    """The order's own reference, the same for every revision: "C000123"."""
    return f"C{number:06d}"


def ceiling_refusal(
    reference: str, ceiling: Decimal, committed: Decimal, order_value: Decimal
) -> Refusal | None:
    """An order may not push a contract past its value ceiling."""
    if order_value <= 0:
        return None
    if committed + order_value > ceiling:
        left = max(to_money(ceiling - committed), Decimal("0"))
        return Refusal(
            ErrorCode.CONTRACT_CEILING_EXCEEDED,
            f"This order ({format_money(order_value)}) would take {reference} past its value of "
            f"{format_money(ceiling)}: {format_money(left)} is left",
        )
    return None


def order_on_contract_refusal(c: ContractFacts, today: date) -> Refusal | None:
    status = contract_status(c, today)
    if status not in IN_FORCE:
        return Refusal(
            ErrorCode.CONTRACT_NOT_IN_FORCE,
            f"{c.reference} is {STATUS_LABELS[status]}: orders need a contract in force",
        )
    return None


@dataclass(frozen=True)
class LineFacts:
    item: str
    unit_price: Decimal
    quantity: int


def line_value(unit_price: Decimal, quantity: int) -> Decimal:
    return to_money(unit_price * quantity)


def order_total(lines: list[LineFacts]) -> Decimal:
    return to_money(sum((line_value(line.unit_price, line.quantity) for line in lines), Decimal("0")))


def order_line_problems(
    lines: list[dict], *, priced_items: set[str] | None, ordered_on: date, term_ends_on: date | None = None
) -> dict[int, list[str]]:
    """Problems with an order's lines, by line number (from 1). With `priced_items` None the
    items are left to the caller (rules.order_items.resolve_choice names the exact one). A
    delivery date is not in the past, and within the contract's term (`term_ends_on`) and
    rules.date_ranges.delivery_date_range."""
    latest_delivery = delivery_date_range(ordered_on, None, term_ends_on).latest
    problems: dict[int, list[str]] = {}
    if not lines:
        return {0: ["Add at least one line to the order"]}
    for number, line in enumerate(lines, start=1):
        found = []
        if priced_items is not None and line.get("item") not in priced_items:
            found.append(f"'{line.get('item')}' is not in the catalogue's price list")
        quantity = line.get("quantity")
        if not isinstance(quantity, int) or isinstance(quantity, bool) or not 1 <= quantity <= 100_000:
            found.append("Enter a quantity from 1 to 100,000")
        delivery = line.get("delivery_date")
        if delivery is not None and delivery < ordered_on:
            found.append("The delivery date must not be in the past")
        elif delivery is not None and delivery > latest_delivery:
            found.append(f"The delivery date must be on or before {spoken_date(latest_delivery)}")
        if found:
            problems[number] = found
    return problems


# --- Lead providers -------------------------------------------------------------------------


@dataclass(frozen=True)
class SubcontractFacts:
    subcontractor: str
    share_percent: Decimal


def subcontract_refusal(lead: str, existing: list[SubcontractFacts], new: SubcontractFacts) -> Refusal | None:
    """A lead provider names subcontractors; their shares are each above 0 and sum to at most 100%."""
    if new.subcontractor == lead:
        return Refusal(
            ErrorCode.SUBCONTRACT_INVALID, f"{lead} is the lead provider, not its own subcontractor"
        )
    if any(s.subcontractor == new.subcontractor for s in existing):
        return Refusal(ErrorCode.SUBCONTRACT_INVALID, f"{new.subcontractor} is already a subcontractor")
    if not Decimal("0") < new.share_percent <= Decimal("100"):
        return Refusal(
            ErrorCode.SUBCONTRACT_INVALID, "A subcontractor's share is more than 0% and at most 100%"
        )
    total = sum((s.share_percent for s in existing), Decimal("0")) + new.share_percent
    if total > Decimal("100"):
        return Refusal(
            ErrorCode.SUBCONTRACT_INVALID,
            f"Subcontractors' shares would add up to {total.normalize():f}%: at most 100% of the contract",
        )
    return None


def lead_share(subcontracts: list[SubcontractFacts]) -> Decimal:
    """What the lead provider delivers itself, in percent."""
    return Decimal("100") - sum((s.share_percent for s in subcontracts), Decimal("0"))


# --- Variations -----------------------------------------------------------------------------

VARIABLE_FIELDS = frozenset(
    {"value", "notice_months", "service_specification", "payment_mechanism", "risk_share", "title"}
)


@dataclass(frozen=True)
class VariationChange:
    field: str
    before: str
    after: str


def variation_refusal(c: ContractFacts, today: date, changes: dict[str, tuple[str, str]]) -> Refusal | None:
    status = contract_status(c, today)
    if status in (ContractStatus.ENDED, ContractStatus.TERMINATED):
        return Refusal(
            ErrorCode.CONTRACT_TRANSITION_REFUSED,
            f"{c.reference} is {STATUS_LABELS[status]}: it can no longer be varied",
        )
    unknown = sorted(set(changes) - VARIABLE_FIELDS)
    if unknown:
        return Refusal(ErrorCode.VARIATION_INVALID, f"These cannot be varied: {', '.join(unknown)}")
    real = {k: v for k, v in changes.items() if v[0] != v[1]}
    if not real:
        return Refusal(ErrorCode.VARIATION_INVALID, "The variation changes nothing")
    return None
