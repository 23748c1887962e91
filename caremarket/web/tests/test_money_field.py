"""The one form field for an amount of money: the words a person types, on every page alike."""

from decimal import Decimal

import pytest
from django import forms

from caremarket.web.agreement_forms import ReviewEntryForm, RulesForm
from caremarket.web.forms import MoneyField


class AmountForm(forms.Form):
    amount = MoneyField(error_messages={"required": "Enter the amount"})
    optional = MoneyField(required=False)


@pytest.mark.parametrize("typed", ["98,500", "£98,500.00", "98500", " 98500 ", "£ 98500.0"])
def test_the_field_takes_an_amount_as_people_type_it(typed):
    form = AmountForm({"amount": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"amount": Decimal("98500.00"), "optional": None}


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the amount"),
        ("lots", "Enter an amount in pounds, like 98,500 or £98,500.00"),
        ("1,23", "Enter an amount in pounds, like 98,500 or £98,500.00"),
        ("1" * 41, "Enter an amount in pounds, like 98,500 or £98,500.00"),
        ("-500", "Enter an amount of £0 or more"),
        ("98500.555", "Enter the amount in pounds and pence, with at most 2 decimal places"),
        ("1,000,000,000,000", "Enter an amount less than £1,000,000,000,000"),
    ],
)
def test_the_field_says_what_to_type(typed, message):
    form = AmountForm({"amount": typed})
    assert not form.is_valid()
    assert form.errors["amount"] == [message]


def test_the_field_asks_for_a_decimal_keyboard():
    assert AmountForm()["amount"].field.widget.attrs["inputmode"] == "decimal"


def test_forms_with_money_use_the_field():
    rules = RulesForm(
        {
            "procedures": ["direct_award"],
            "takes_new_suppliers": "yes",
            "threshold_direct_award_max_value": "£98,500.00",
            "threshold_call_off_max_value": "",
        }
    )
    assert rules.is_valid(), rules.errors
    assert rules.service_fields()["thresholds"] == {"direct_award_max_value": Decimal("98500.00")}
    # The review asks for no amount: its fee figures come from the fee invoices.
    assert not any(isinstance(f, MoneyField) for f in ReviewEntryForm().fields.values())
