"""The plain fields a buyer fills for the notices no lifecycle step publishes, and how they
become OCDS content; and the editable fields of any notice, for corrections and drafts.

Lifecycle services publish UK1, UK3-UK7 and UK10-UK12 from their own objects. The notices
here are the buyer's own to write: preliminary market engagement (UK2), contract payments
(UK8), contract performance (UK9), the dynamic market notices (UK13-UK16), payments compliance
(UK17) and the PSR urgent award. Pages and the API clean the same fields with `clean_fields`
and map them with `content_for`, so a notice is never typed two ways. No database here: the
contract a notice is about arrives as a `ContractFacts`.
"""

import copy
import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import uuid4

from caremarket.core import clock
from caremarket.core.errors import ValidationFailed
from caremarket.core.money import MoneyError, read_money
from caremarket.rules.date_ranges import ANY_DATE
from caremarket.rules.dates import spoken_date
from caremarket.rules.notices import notice_type
from caremarket.transparency.ocds.builder import ocds_value

TEXT_LIMIT = 300
LONG_TEXT_LIMIT = 10_000
PAYMENT_ROWS = 5  # rows of payments a page offers at once (the API takes any number up to the limit)
PAYMENT_LIMIT = 500


class Kind:
    TEXT = "text"
    TEXTAREA = "textarea"
    MONEY = "money"
    DATE = "date"
    CONTRACT = "contract"
    PAYMENTS = "payments"
    PERCENT = "percent"
    DAYS = "days"


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    kind: str = Kind.TEXT
    required: bool = False
    hint: str = ""

    @property
    def message(self) -> str:
        """What to do when it is left empty: "Enter the title"."""
        verb = "Choose" if self.kind == Kind.CONTRACT else "Enter"
        return f"{verb} {self.label[0].lower()}{self.label[1:]}"


@dataclass(frozen=True)
class TypeForm:
    code: str
    when: str  # what the law says about it, for the list of types: "before you engage the market"
    fields: tuple[FormField, ...]

    def field(self, name: str) -> FormField | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def about_contract(self) -> bool:
        return any(f.kind == Kind.CONTRACT for f in self.fields)


@dataclass(frozen=True)
class ContractFacts:
    """The contract a UK8 or UK9 is about, as the notice names it."""

    reference: str
    title: str
    supplier_name: str
    supplier_code: str
    value: Decimal | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    award_id: str = ""  # the award the contract follows, as the process's award notice names it


TITLE = FormField("title", "Title", required=True, hint="What the notice is about, as the market will see it")
DESCRIPTION = FormField("description", "Description", Kind.TEXTAREA, required=True)
OPTIONAL_DESCRIPTION = FormField("description", "Description", Kind.TEXTAREA)
ESTIMATED_VALUE = FormField("value", "Estimated value in pounds", Kind.MONEY, hint="For example, 98,500")
CONTRACT = FormField("contract", "The contract it is about", Kind.CONTRACT, required=True)
PAYMENTS = FormField(
    "payments",
    "Payments",
    Kind.PAYMENTS,
    required=True,
    hint="Each payment over £30,000 made in the quarter: the day it was made and the amount",
)

FORMS: dict[str, TypeForm] = {
    form.code: form
    for form in (
        TypeForm(
            "UK2",
            "before you engage the market, and before any tender notice",
            (
                TITLE,
                DESCRIPTION,
                ESTIMATED_VALUE,
                FormField("engagement_start", "Engagement starts", Kind.DATE),
                FormField("engagement_end", "Engagement ends", Kind.DATE),
            ),
        ),
        TypeForm(
            "UK8",
            "within 30 days of the end of a quarter in which you paid over £30,000 under a contract",
            (CONTRACT, PAYMENTS, OPTIONAL_DESCRIPTION),
        ),
        TypeForm(
            "UK9",
            "within 30 days of assessing a contract's key performance indicators, or of a breach",
            (
                CONTRACT,
                FormField(
                    "assessment",
                    "Performance assessment",
                    Kind.TEXTAREA,
                    required=True,
                    hint="How the supplier performed against the key performance indicators",
                ),
                FormField("assessed_on", "Assessed on", Kind.DATE, required=True),
                FormField("period_start", "Period assessed starts", Kind.DATE),
                FormField("period_end", "Period assessed ends", Kind.DATE),
            ),
        ),
        TypeForm(
            "UK13",
            "before you establish a dynamic market",
            (
                TITLE,
                DESCRIPTION,
                ESTIMATED_VALUE,
                FormField("starts_on", "The market opens", Kind.DATE),
            ),
        ),
        TypeForm(
            "UK14",
            "when you establish a dynamic market",
            (
                TITLE,
                DESCRIPTION,
                ESTIMATED_VALUE,
                FormField("starts_on", "The market opens", Kind.DATE, required=True),
                FormField("ends_on", "The market closes", Kind.DATE),
            ),
        ),
        TypeForm(
            "UK15",
            "when you modify a dynamic market",
            (TITLE, FormField("description", "What has changed", Kind.TEXTAREA, required=True)),
        ),
        TypeForm(
            "UK16",
            "when you stop operating a dynamic market",
            (
                TITLE,
                FormField("description", "Why the market is closing", Kind.TEXTAREA),
                FormField("ends_on", "The market closes", Kind.DATE, required=True),
            ),
        ),
        TypeForm(
            "UK17",
            "within 30 days of the end of each six-month reporting period (31 March and 30 September)",
            (
                TITLE,
                FormField("period_start", "Reporting period starts", Kind.DATE, required=True),
                FormField("period_end", "Reporting period ends", Kind.DATE, required=True),
                FormField(
                    "paid_within_30_days",
                    "Invoices paid within 30 days, as a percentage",
                    Kind.PERCENT,
                    required=True,
                ),
                FormField("average_days", "Average days taken to pay", Kind.DAYS, required=True),
                FormField(
                    "disputed", "Invoices not paid because they were disputed, as a percentage", Kind.PERCENT
                ),
                OPTIONAL_DESCRIPTION,
            ),
        ),
        TypeForm(
            "PSR_URGENT",
            "within 30 days of awarding a contract urgently under the Provider Selection Regime",
            (
                TITLE,
                FormField("description", "Why the award was urgent", Kind.TEXTAREA, required=True),
                FormField("supplier_name", "Provider's name", required=True),
                FormField(
                    "supplier_id", "Provider's Companies House number", hint="Leave empty if it has none"
                ),
                FormField("value", "Contract value in pounds", Kind.MONEY, required=True),
                FormField("awarded_on", "Contract awarded on", Kind.DATE, required=True),
                FormField("starts_on", "Contract starts", Kind.DATE),
                FormField("ends_on", "Contract ends", Kind.DATE),
            ),
        ),
    )
}

FORM_CODES = tuple(FORMS)


def type_label(code: str) -> str:
    """ "UK2 preliminary market engagement notice", capitalised for a heading."""
    label = notice_type(code, clock.today()).label
    return label[0].upper() + label[1:]


def new_process_id(publisher_code: str, code: str) -> str:
    """A process of its own for a notice that starts one: "MXB-UK2-3F9A1C2B"."""
    return f"{publisher_code}-{code.replace('_', '')}-{uuid4().hex[:8].upper()}"


def contract_facts(contract: Any) -> "ContractFacts":
    """What a notice says about a contract (a `contracts.Contract`, read by attribute)."""
    from caremarket.transparency.content.contracts import award_id_for

    return ContractFacts(
        reference=contract.reference,
        title=contract.title,
        supplier_name=contract.supplier.name,
        supplier_code=contract.supplier.code,
        value=contract.value,
        starts_on=contract.starts_on,
        ends_on=contract.ends_on,
        award_id=award_id_for(contract),
    )


def type_form(code: str) -> TypeForm:
    form = FORMS.get(code)
    if form is None:
        raise ValidationFailed.for_field(
            "notice_type", f"{code!r} is not a notice you publish yourself: the step that causes it does"
        )
    return form


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


def ocds_date(day: date | None) -> str | None:
    return None if day is None else f"{day.isoformat()}T00:00:00Z"


def _period(start: date | None, end: date | None) -> dict[str, str] | None:
    period = {k: v for k, v in (("startDate", ocds_date(start)), ("endDate", ocds_date(end))) if v}
    return period or None


def _drop_empty(section: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in section.items() if v not in (None, "", [], {})}


def _supplier_party(name: str, code: str, scheme: str = "GB-NHS") -> dict[str, Any]:
    # A provider with no registered number is named by its name alone, within this release.
    party_id = (
        f"{scheme}-{code}" if code else "supplier-" + "".join(c for c in name.lower() if c.isalnum())[:60]
    )
    party: dict[str, Any] = {"id": party_id, "name": name, "roles": ["supplier"]}
    if code:
        party["identifier"] = {"scheme": scheme, "id": code, "legalName": name}
    return party


def _contract_section(contract: ContractFacts) -> dict[str, Any]:
    return _drop_empty(
        {
            "id": contract.reference,
            "awardID": contract.award_id or f"{contract.reference}-award",
            "title": contract.title,
            "value": ocds_value(contract.value),
            "period": _period(contract.starts_on, contract.ends_on),
        }
    )


def content_for(
    code: str, cleaned: Mapping[str, Any], contract: ContractFacts | None = None
) -> dict[str, Any]:
    """The OCDS content of a notice of type `code` from its cleaned fields (`clean_fields`).
    UK8 and UK9 need the contract they are about."""
    form = type_form(code)
    if form.about_contract and contract is None:
        raise ValidationFailed.for_field("contract", "Choose the contract the notice is about")
    c = cleaned
    if code in ("UK2", "UK13", "UK14", "UK15", "UK16"):
        period = _period(
            c.get("engagement_start") or c.get("starts_on"), c.get("engagement_end") or c.get("ends_on")
        )
        tender = _drop_empty(
            {
                "title": c.get("title"),
                "description": c.get("description"),
                "value": ocds_value(c.get("value")),
                "tenderPeriod": period if code != "UK2" else None,
            }
        )
        if code == "UK2" and period:
            # The engagement runs as the tender's enquiry period: the time the market may ask.
            tender["enquiryPeriod"] = period
        if code in ("UK13", "UK14", "UK15", "UK16"):
            tender["techniques"] = {"hasDynamicPurchasingSystem": True}
        if code == "UK16":
            tender["status"] = "cancelled"
        return {"tender": tender}
    if code == "UK8":
        transactions = [
            {
                "id": f"{contract.reference}-P{n}",
                "date": ocds_date(row["date"]),
                "value": ocds_value(row["amount"]),
                "payee": {
                    "id": _supplier_party(contract.supplier_name, contract.supplier_code)["id"],
                    "name": contract.supplier_name,
                },
            }
            for n, row in enumerate(c.get("payments") or (), start=1)
        ]
        section = {**_contract_section(contract), "implementation": {"transactions": transactions}}
        if c.get("description"):
            section["description"] = c["description"]
        return {
            "contracts": [section],
            "parties": [_supplier_party(contract.supplier_name, contract.supplier_code)],
        }
    if code == "UK9":
        milestone = _drop_empty(
            {
                "id": f"{contract.reference}-KPI-{c['assessed_on'].isoformat()}",
                "title": "Performance assessment",
                "type": "assessment",
                "description": c.get("assessment"),
                "status": "met",
                "dateMet": ocds_date(c.get("assessed_on")),
            }
        )
        if c.get("period_start") or c.get("period_end"):
            # A milestone has no period in OCDS: the period assessed goes in its words.
            span = " to ".join(spoken_date(d) for d in (c.get("period_start"), c.get("period_end")) if d)
            milestone["description"] = f"{milestone['description']} (period assessed: {span})"
        section = {**_contract_section(contract), "implementation": {"milestones": [milestone]}}
        return {
            "contracts": [section],
            "parties": [_supplier_party(contract.supplier_name, contract.supplier_code)],
        }
    if code == "UK17":
        words = [
            f"Reporting period {spoken_date(c['period_start'])} to {spoken_date(c['period_end'])}.",
            f"Invoices paid within 30 days: {c['paid_within_30_days']}%.",
            f"Average days taken to pay an invoice: {c['average_days']}.",
        ]
        if c.get("disputed") is not None:
            words.append(f"Invoices not paid because they were disputed: {c['disputed']}%.")
        if c.get("description"):
            words.append(c["description"])
        return {
            "tender": {
                "title": c["title"],
                "description": " ".join(words),
                "contractPeriod": _period(c["period_start"], c["period_end"]),
            }
        }
    if code == "PSR_URGENT":
        supplier = _supplier_party(c["supplier_name"], c.get("supplier_id") or "", scheme="GB-COH")
        return {
            "tender": _drop_empty({"title": c["title"], "description": c.get("description")}),
            "awards": [
                {
                    "id": "A1",
                    "title": c["title"],
                    "status": "active",
                    "date": ocds_date(c["awarded_on"]),
                    "suppliers": [{"id": supplier["id"], "name": supplier["name"]}],
                    "value": ocds_value(c["value"]),
                }
            ],
            "contracts": [
                _drop_empty(
                    {
                        "id": "C1",
                        "awardID": "A1",
                        "status": "active",
                        "dateSigned": ocds_date(c["awarded_on"]),
                        "value": ocds_value(c["value"]),
                        "period": _period(c.get("starts_on"), c.get("ends_on")),
                    }
                )
            ],
            "parties": [supplier],
        }
    raise AssertionError(f"no mapping for {code}")  # pragma: no cover - FORMS and this agree


def title_for(code: str, cleaned: Mapping[str, Any], contract: ContractFacts | None = None) -> str:
    """The notice's own title: the one typed, or the contract's for UK8 and UK9."""
    if cleaned.get("title"):
        return cleaned["title"]
    if contract is not None:
        return contract.title
    return ""


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
