"""Cleaning what was typed into a notice's fields (strings on a page, JSON in the API)."""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from caremarket.core.errors import ValidationFailed
from caremarket.core.money import MoneyError, read_money
from caremarket.rules.date_ranges import ANY_DATE
from caremarket.transparency.forms.spec import (
    LONG_TEXT_LIMIT,
    PAYMENT_LIMIT,
    TEXT_LIMIT,
    FormField,
    Kind,
    type_form,
)

# --- Cleaning what was typed --------------------------------------------------------------------


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ("" if value is None else str(value).strip())


def _date(value: Any, label: str) -> date:
    if isinstance(value, date):
        day = value
    else:
        text = _text(value)
        day = None
        for parse in (date.fromisoformat, lambda t: date(int(t[6:10]), int(t[3:5]), int(t[0:2]))):
            try:
                day = parse(text)
                break
            except (ValueError, IndexError):
                continue
        if day is None:
            raise ValueError(f"Enter {label[0].lower()}{label[1:]} as DD/MM/YYYY")
    problem = ANY_DATE.problem(day, label)
    if problem:
        raise ValueError(problem)
    return day


def _money(value: Any) -> Decimal:
    if isinstance(value, float):
        raise ValueError("Enter the amount as text, like 98,500")
    text = value if isinstance(value, Decimal | int) else _text(value)
    if isinstance(text, str) and len(text) > 40:
        raise ValueError("Enter an amount in pounds, like 98,500 or £98,500.00")
    try:
        return read_money(text)
    except MoneyError as exc:
        raise ValueError(str(exc)) from None


def _percent(value: Any) -> Decimal:
    text = _text(value).removesuffix("%").strip()
    try:
        number = Decimal(text)
    except ArithmeticError:
        raise ValueError("Enter a percentage from 0 to 100, like 95.5") from None
    if not number.is_finite() or not 0 <= number <= 100 or number != number.quantize(Decimal("0.1")):
        raise ValueError("Enter a percentage from 0 to 100, like 95.5")
    return number


def _days(value: Any) -> int:
    text = _text(value)
    if not text.isdigit() or int(text) > 3650:
        raise ValueError("Enter a whole number of days, like 21")
    return int(text)


def payment_rows(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The payments as rows: the API's `payments` list, or the page's `payments-<n>-date` and
    `payments-<n>-amount` fields (rows left empty are skipped)."""
    given = data.get("payments")
    if isinstance(given, list):
        return [row if isinstance(row, Mapping) else {} for row in given]
    rows = []
    for n in range(PAYMENT_LIMIT):
        keys = (f"payments-{n}-date", f"payments-{n}-amount")
        if not any(k in data for k in keys):
            break
        rows.append({"date": data.get(keys[0], ""), "amount": data.get(keys[1], "")})
    return rows


def _payments(data: Mapping[str, Any], errors: dict[str, list[str]]) -> list[dict[str, Any]]:
    rows = payment_rows(data)
    if len(rows) > PAYMENT_LIMIT:
        errors["payments"] = [f"Enter at most {PAYMENT_LIMIT} payments in one notice"]
        return []
    cleaned = []
    for n, row in enumerate(rows):
        day, amount = _text(row.get("date")), row.get("amount")
        if not day and not _text(amount):
            continue
        entry: dict[str, Any] = {}
        for key, label, parse in (
            ("date", "the day payment " + str(n + 1) + " was made", lambda v, lbl: _date(v, lbl)),
            ("amount", "", lambda v, lbl: _money(v)),
        ):
            field = f"payments-{n}-{key}"
            value = row.get(key)
            if not _text(value) and not isinstance(value, Decimal | int | date):
                errors[field] = [f"Enter the {key} of payment {n + 1}"]
                continue
            try:
                entry[key] = parse(value, label)
            except ValueError as exc:
                errors[field] = [f"Payment {n + 1}: {exc}"]
        if len(entry) == 2:
            cleaned.append(entry)
    if not cleaned and not any(k.startswith("payments-") for k in errors):
        errors["payments"] = ["Enter at least one payment: the day it was made and the amount"]
    return cleaned


def _clean_one(field: FormField, value: Any) -> Any:
    if field.kind == Kind.DATE:
        return _date(value, field.label)
    if field.kind == Kind.MONEY:
        return _money(value)
    if field.kind == Kind.PERCENT:
        return _percent(value)
    if field.kind == Kind.DAYS:
        return _days(value)
    text = _text(value)
    limit = LONG_TEXT_LIMIT if field.kind == Kind.TEXTAREA else TEXT_LIMIT
    if len(text) > limit:
        raise ValueError(f"{field.label} must be {limit:,} characters or fewer")
    return text


def _clean(fields: tuple[FormField, ...], data: Mapping[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    for field in fields:
        if field.kind == Kind.PAYMENTS:
            cleaned[field.name] = _payments(data, errors)
            continue
        value = data.get(field.name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if field.required:
                errors[field.name] = [field.message]
            cleaned[field.name] = None if field.kind != Kind.TEXT and field.kind != Kind.TEXTAREA else ""
            continue
        try:
            cleaned[field.name] = _clean_one(field, value)
        except ValueError as exc:
            errors[field.name] = [str(exc)]
    for start, end in (
        ("engagement_start", "engagement_end"),
        ("period_start", "period_end"),
        ("starts_on", "ends_on"),
    ):
        if cleaned.get(start) and cleaned.get(end) and cleaned[end] < cleaned[start]:
            label = next(f.label for f in fields if f.name == end)
            errors.setdefault(
                end,
                [f"{label} must be on or after {next(f.label for f in fields if f.name == start).lower()}"],
            )
    if errors:
        raise ValidationFailed(
            "Check the notice: " + next(iter(errors.values()))[0], details={"fields": errors}
        )
    return cleaned


def clean_fields(code: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """The type's fields from what was typed (strings on a page, JSON in the API), or
    ValidationFailed naming every field that is wrong."""
    return _clean(type_form(code).fields, data)


# --- Plain fields to OCDS -----------------------------------------------------------------------
