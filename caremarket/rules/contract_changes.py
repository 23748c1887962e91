"""How a contract's changes and terms read to a person: a variation's changes in words and
money ("Value: £2,400,000.00 → £2,550,000.00", "Notice: 6 months → 3 months"), the extension
options left ("Two extension options left: 12 months, then 12 months"), the risk and reward
share, and the contract's history (extensions, variations and exceptions) in date order."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

FIELD_LABELS = {
    "value": "Value",
    "notice_months": "Notice",
    "title": "Title",
    "service_specification": "Service specification",
    "payment_mechanism": "Payment mechanism",
    "risk_share": "Risk and reward share",
}

NUMBER_WORDS = [
    "No",
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
]


def _money(text) -> str:
    try:
        amount = Decimal(str(text).replace("£", "").replace(",", "").strip())
    except InvalidOperation:
        return str(text)
    if not amount.is_finite():
        return str(text)
    return f"£{amount:,.2f}"


def months_text(months) -> str:
    try:
        n = int(str(months).strip())
    except ValueError:
        return str(months)
    return f"{n} month" if n == 1 else f"{n} months"


def _shown(field: str, value) -> str:
    if value is None or str(value).strip() == "":
        return "(none)"
    if field == "value":
        return _money(value)
    if field == "notice_months":
        return months_text(value)
    text = " ".join(str(value).split())
    return text if len(text) <= 80 else text[:79] + "…"


def field_label(field: str) -> str:
    return FIELD_LABELS.get(field, field.replace("_", " ").capitalize())


def change_line(field: str, before, after) -> str:
    """One changed term: "Value: £2,400,000.00 → £2,550,000.00"."""
    return f"{field_label(field)}: {_shown(field, before)} → {_shown(field, after)}"


def change_lines(changes: dict) -> list[str]:
    """A variation's {field: {before, after}} as lines, in the order the fields are listed."""
    order = list(FIELD_LABELS)
    fields = sorted(changes, key=lambda f: (order.index(f) if f in order else len(order), f))
    return [change_line(f, (changes[f] or {}).get("before"), (changes[f] or {}).get("after")) for f in fields]


def count_word(n: int) -> str:
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


def options_left_text(options: list[int] | tuple[int, ...]) -> str:
    """ "No extension options left", "One extension option left: 12 months", "Two extension
    options left: 12 months, then 6 months"."""
    options = list(options or [])
    if not options:
        return "No extension options left"
    noun = "option" if len(options) == 1 else "options"
    return f"{count_word(len(options))} extension {noun} left: " + ", then ".join(
        months_text(m) for m in options
    )


def risk_share_text(risk_share: str) -> str:
    return risk_share.strip() if risk_share and risk_share.strip() else "No risk and reward share"


def payment_mechanism_text(mechanism: str) -> str:
    return mechanism.strip() if mechanism and mechanism.strip() else "Not recorded"


# --- History ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryEvent:
    at: datetime | date
    title: str
    who: str
    lines: tuple[str, ...]

    @property
    def day(self) -> date:
        return self.at.date() if isinstance(self.at, datetime) else self.at


@dataclass(frozen=True)
class ExtensionFact:
    at: datetime
    who: str
    months: int
    old_ends_on: date
    new_ends_on: date
    by_exception: bool = False


@dataclass(frozen=True)
class VariationFact:
    at: datetime
    who: str
    number: int
    agreed_on: date
    summary: str
    changes: dict


@dataclass(frozen=True)
class ExceptionFact:
    requested_at: datetime
    requested_by: str
    months: int
    reason: str
    status: str  # requested, applied, refused
    decided_at: datetime | None = None
    decided_by: str = ""
    decision_reason: str = ""


def _day(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def _sort_key(at) -> tuple:
    if isinstance(at, datetime):
        return (at.date(), at.replace(tzinfo=None).time())
    return (at, datetime.min.time())


def history(
    extensions: list[ExtensionFact], variations: list[VariationFact], exceptions: list[ExceptionFact]
) -> list[HistoryEvent]:
    """What happened to the contract, oldest first: each extension taken (old and new end
    date), each variation (its changes), each exception asked for and its decision."""
    events = []
    for x in exceptions:
        events.append(
            HistoryEvent(
                x.requested_at,
                f"Asked to run {months_text(x.months)} past the last option",
                x.requested_by,
                (f"Why: {x.reason}",),
            )
        )
        if x.decided_at is not None and x.status in ("applied", "refused"):
            verb = "Approved" if x.status == "applied" else "Refused"
            events.append(
                HistoryEvent(
                    x.decided_at,
                    f"{verb} the request to run {months_text(x.months)} past the last option",
                    x.decided_by,
                    (f"Reason: {x.decision_reason}",) if x.decision_reason else (),
                )
            )
    for e in extensions:
        how = "by an approved exception" if e.by_exception else "by an extension option"
        events.append(
            HistoryEvent(
                e.at,
                f"Extended by {months_text(e.months)} {how}",
                e.who,
                (f"End date: {_day(e.old_ends_on)} → {_day(e.new_ends_on)}",),
            )
        )
    for v in variations:
        events.append(
            HistoryEvent(
                v.at,
                f"Variation {v.number}, agreed on {_day(v.agreed_on)}",
                v.who,
                (v.summary, *change_lines(v.changes)),
            )
        )
    # Stable: at the same moment a decision comes before the extension it applies.
    return sorted(events, key=lambda ev: _sort_key(ev.at))


# --- Taking the next option -------------------------------------------------------------------


@dataclass(frozen=True)
class ExtensionPreview:
    months: int | None
    old_ends_on: date
    new_ends_on: date | None
    refusal: str  # why it cannot be taken now, or ""


def extension_preview(facts, today: date) -> ExtensionPreview:
    """What taking the next option would do (for the confirmation page): the end date before
    and after, or why it cannot be taken."""
    from dataclasses import replace

    from caremarket.rules.contracts import extension_refusal

    refused = extension_refusal(facts, today)
    if refused is not None or facts.next_option is None:
        return ExtensionPreview(facts.next_option, facts.ends_on, None, refused.message if refused else "")
    after = replace(facts, options_used=facts.options_used + 1)
    return ExtensionPreview(facts.next_option, facts.ends_on, after.ends_on, "")
