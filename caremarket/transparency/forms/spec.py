"""The notice types a buyer writes, their fields and the facts of the contract a notice is about."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import uuid4

from caremarket.core import clock
from caremarket.core.errors import ValidationFailed
from caremarket.rules.notices import notice_type

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
