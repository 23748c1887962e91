"""The editable fields of any notice (corrections and drafts): reading them from OCDS content,
cleaning them and applying them back."""

import copy
import itertools
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from caremarket.core import clock
from caremarket.rules.notices import notice_type
from caremarket.transparency.forms.cleaning import _clean
from caremarket.transparency.forms.content import ocds_date
from caremarket.transparency.forms.spec import FormField, Kind
from caremarket.transparency.ocds.builder import ocds_value

# --- Editable fields of any notice (corrections and drafts) -------------------------------------

# The section a type's value sits in, and its main dates (OCDS path within the section's first
# entry, label).
_DATES: dict[str, tuple[tuple[str, str], ...]] = {
    "UK1": (),
    "UK2": (
        ("tender.enquiryPeriod.startDate", "Engagement starts"),
        ("tender.enquiryPeriod.endDate", "Engagement ends"),
    ),
    "UK3": (("tender.tenderPeriod.startDate", "Tender notice expected"),),
    "UK4": (("tender.tenderPeriod.endDate", "Tenders close"),),
    "UK5": (("awards.0.date", "Award decided"),),
    "UK6": (("awards.0.date", "Award decided"),),
    "UK7": (
        ("contracts.0.dateSigned", "Contract signed"),
        ("contracts.0.period.startDate", "Contract starts"),
        ("contracts.0.period.endDate", "Contract ends"),
    ),
    "UK8": (),
    "UK9": (("contracts.0.implementation.milestones.0.dateMet", "Assessed on"),),
    "UK10": (("contracts.0.amendments.0.date", "Change made"),),
    "UK11": (("contracts.0.period.endDate", "Contract ended"),),
    "UK12": (),
    "UK13": (("tender.tenderPeriod.startDate", "The market opens"),),
    "UK14": (
        ("tender.tenderPeriod.startDate", "The market opens"),
        ("tender.tenderPeriod.endDate", "The market closes"),
    ),
    "UK15": (),
    "UK16": (("tender.tenderPeriod.endDate", "The market closes"),),
    "UK17": (
        ("tender.contractPeriod.startDate", "Reporting period starts"),
        ("tender.contractPeriod.endDate", "Reporting period ends"),
    ),
    "PSR_INTENTION": (("awards.0.date", "Award decided"),),
    "PSR_AWARD": (("contracts.0.dateSigned", "Contract awarded"),),
    "PSR_URGENT": (("contracts.0.dateSigned", "Contract awarded"),),
    "PSR_MODIFICATION": (("contracts.0.amendments.0.date", "Modification made"),),
}
_VALUE_PATHS = {
    "planning": "tender.value",
    "tender": "tender.value",
    "awards": "awards.0.value",
    "contracts": "contracts.0.value",
}


def _value_path(code: str) -> str:
    section = notice_type(code, clock.today()).section
    if code in ("UK17", "UK15", "UK16", "UK12", "UK8", "UK9", "UK11"):
        return ""  # these report no value of their own
    return _VALUE_PATHS.get(section, "tender.value")


def editable_fields(code: str) -> tuple[FormField, ...]:
    """The fields a correction (or a draft's edit) may change, for a notice of type `code`."""
    fields = [
        FormField("title", "Title", required=True),
        FormField("description", "Description", Kind.TEXTAREA),
    ]
    if _value_path(code):
        fields.append(FormField("value", "Value in pounds", Kind.MONEY, hint="For example, 98,500"))
    fields += [FormField(f"date_{n}", label, Kind.DATE) for n, (_, label) in enumerate(_DATES.get(code, ()))]
    return tuple(fields)


def _get(content: Any, path: str) -> Any:
    for part in path.split("."):
        if isinstance(content, list):
            content = content[int(part)] if part.isdigit() and int(part) < len(content) else None
        elif isinstance(content, Mapping):
            content = content.get(part)
        else:
            return None
    return content


def _set(content: dict[str, Any], path: str, value: Any) -> None:
    """Set (or, with None, remove) the value at `path`, making the sections on the way."""
    parts = path.split(".")
    node: Any = content
    for part, following in itertools.pairwise(parts):
        if isinstance(node, list):
            index = int(part)
            if value is None and len(node) <= index:
                return
            while len(node) <= index:
                node.append({})
            node = node[index]
            continue
        if node.get(part) is None:
            if value is None:
                return
            node[part] = [] if following.isdigit() else {}
        node = node[part]
    last = parts[-1]
    if value is None:
        if isinstance(node, Mapping):
            node.pop(last, None)
    else:
        node[last] = value


def _read_date(text: Any) -> date | None:
    if not isinstance(text, str) or len(text) < 10:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _read_amount(value: Any) -> Decimal | None:
    amount = value.get("amount") if isinstance(value, Mapping) else None
    if isinstance(amount, int | float) and not isinstance(amount, bool):
        return Decimal(str(amount))
    return None


def editable_values(code: str, content: Mapping[str, Any], title: str = "") -> dict[str, Any]:
    """The editable fields' values as `content` holds them (title, description, value as a
    Decimal, dates as dates), to fill the correction form."""
    values: dict[str, Any] = {
        "title": _get(content, "tender.title") or title,
        "description": _get(content, "tender.description") or "",
    }
    path = _value_path(code)
    if path:
        values["value"] = _read_amount(_get(content, path))
    for n, (date_path, _) in enumerate(_DATES.get(code, ())):
        values[f"date_{n}"] = _read_date(_get(content, date_path))
    return values


def clean_editable(code: str, data: Mapping[str, Any]) -> dict[str, Any]:
    return _clean(editable_fields(code), data)


def apply_edits(code: str, content: Mapping[str, Any], cleaned: Mapping[str, Any]) -> dict[str, Any]:
    """`content` with the edited fields applied; everything else is kept as it was. The title
    and description go into the tender only where the notice has a tender section or its type
    requires one (a UK7 names the process's tender only through its own title)."""
    result = copy.deepcopy(dict(content))
    has_tender = isinstance(result.get("tender"), Mapping)
    if has_tender:
        _set(result, "tender.title", cleaned.get("title") or None)
        _set(result, "tender.description", cleaned.get("description") or None)
    path = _value_path(code)
    if path and "value" in cleaned:
        amount = cleaned.get("value")
        existing = _get(result, path)
        currency = existing.get("currency", "GBP") if isinstance(existing, Mapping) else "GBP"
        _set(result, path, ocds_value(amount, currency) if amount is not None else None)
    for n, (date_path, _) in enumerate(_DATES.get(code, ())):
        key = f"date_{n}"
        # A date left as it was keeps its time of day (a tender closes at noon, not midnight).
        if key in cleaned and cleaned[key] != _read_date(_get(result, date_path)):
            _set(result, date_path, ocds_date(cleaned[key]))
    return result
