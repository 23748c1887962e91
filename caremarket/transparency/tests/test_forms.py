"""The plain fields of the notices buyers write themselves, and their OCDS content: for every
type, the cleaned fields fill every path the type requires; bad dates and amounts are refused
with the field named; corrections change only the fields they name."""

from datetime import date
from decimal import Decimal

import pytest

from caremarket.core import clock
from caremarket.core.errors import ValidationFailed
from caremarket.rules.notices import missing_fields, notice_type
from caremarket.transparency import forms
from caremarket.transparency.factories import example_content

CONTRACT = forms.ContractFacts(
    reference="CON-2027-0001",
    title="Home care, East of England",
    supplier_name="Brightwater Home Care Ltd",
    supplier_code="BWH",
    value=Decimal("250000.50"),
    starts_on=date(2027, 3, 1),
    ends_on=date(2029, 2, 28),
)

# What a buyer types for each type: only its required fields, as text.
TYPED = {
    "UK2": {"title": "Home care", "description": "We want to hear from providers"},
    "UK8": {"contract": "CON-2027-0001", "payments-0-date": "30/04/2027", "payments-0-amount": "£35,000"},
    "UK9": {"contract": "CON-2027-0001", "assessment": "All KPIs met", "assessed_on": "01/05/2027"},
    "UK13": {"title": "Care market", "description": "A dynamic market for care"},
    "UK14": {"title": "Care market", "description": "Open now", "starts_on": "01/06/2027"},
    "UK15": {"title": "Care market", "description": "A new category"},
    "UK16": {"title": "Care market", "ends_on": "31/12/2027"},
    "UK17": {
        "title": "Payments compliance, April to September 2027",
        "period_start": "01/04/2027",
        "period_end": "30/09/2027",
        "paid_within_30_days": "96.5",
        "average_days": "14",
    },
    "PSR_URGENT": {
        "title": "Urgent home care",
        "description": "The provider left the market",
        "supplier_name": "Quick Care Ltd",
        "value": "98,500",
        "awarded_on": "2027-01-04",
    },
}


def test_every_type_no_lifecycle_step_publishes_has_a_form():
    assert set(forms.FORM_CODES) == {
        "UK2",
        "UK8",
        "UK9",
        "UK13",
        "UK14",
        "UK15",
        "UK16",
        "UK17",
        "PSR_URGENT",
    }
    assert set(TYPED) == set(forms.FORM_CODES)


@pytest.mark.parametrize("code", sorted(TYPED))
def test_the_required_fields_alone_fill_every_required_path(code):
    cleaned = forms.clean_fields(code, TYPED[code])
    content = forms.content_for(code, cleaned, CONTRACT)
    assert missing_fields(notice_type(code, clock.today()), content) == []


@pytest.mark.parametrize("code", sorted(TYPED))
def test_each_required_field_left_empty_is_named(code):
    for field in forms.type_form(code).fields:
        if not field.required:
            continue
        typed = {k: v for k, v in TYPED[code].items() if not k.startswith(field.name)}
        with pytest.raises(ValidationFailed) as refused:
            forms.clean_fields(code, typed)
        assert field.name in refused.value.details["fields"], (code, field.name)


@pytest.mark.parametrize(
    ("code", "field", "typed", "message"),
    [
        ("UK14", "starts_on", "31/02/2027", "as DD/MM/YYYY"),
        ("UK14", "starts_on", "next week", "as DD/MM/YYYY"),
        ("UK2", "value", "lots", "Enter an amount in pounds"),
        ("UK2", "value", "-5", "£0 or more"),
        ("UK2", "value", "1.234", "2 decimal places"),
        ("PSR_URGENT", "value", "£98,500.001", "2 decimal places"),
        ("UK17", "paid_within_30_days", "120", "percentage from 0 to 100"),
        ("UK17", "average_days", "two weeks", "whole number of days"),
        ("UK8", "payments-0-amount", "thirty five thousand", "Enter an amount in pounds"),
        ("UK8", "payments-0-date", "30/13/2027", "DD/MM/YYYY"),
    ],
)
def test_bad_input_is_refused_naming_the_field(code, field, typed, message):
    data = {**TYPED[code], field: typed}
    with pytest.raises(ValidationFailed) as refused:
        forms.clean_fields(code, data)
    assert message in refused.value.details["fields"][field][0]


def test_a_period_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValidationFailed) as refused:
        forms.clean_fields("UK14", {**TYPED["UK14"], "ends_on": "01/01/2027"})
    assert "on or after" in refused.value.details["fields"]["ends_on"][0]


def test_payments_become_the_contracts_transactions_in_pounds_and_pence():
    typed = {**TYPED["UK8"], "payments-1-date": "31/05/2027", "payments-1-amount": "40,000.50"}
    content = forms.content_for("UK8", forms.clean_fields("UK8", typed), CONTRACT)
    contract = content["contracts"][0]
    assert contract["id"] == "CON-2027-0001"
    assert [(t["date"], t["value"]) for t in contract["implementation"]["transactions"]] == [
        ("2027-04-30T00:00:00Z", {"amount": 35000, "currency": "GBP"}),
        ("2027-05-31T00:00:00Z", {"amount": 40000.5, "currency": "GBP"}),
    ]
    assert content["parties"][0]["id"] == "GB-NHS-BWH"


def test_the_api_gives_payments_as_a_list():
    cleaned = forms.clean_fields(
        "UK8", {"contract": "CON-1", "payments": [{"date": "2027-04-30", "amount": "35,000"}]}
    )
    assert cleaned["payments"] == [{"date": date(2027, 4, 30), "amount": Decimal("35000.00")}]


def test_a_notice_about_a_contract_needs_the_contract():
    with pytest.raises(ValidationFailed):
        forms.content_for("UK9", forms.clean_fields("UK9", TYPED["UK9"]), None)


def test_a_lifecycle_type_has_no_form():
    with pytest.raises(ValidationFailed):
        forms.clean_fields("UK4", {})


# --- Corrections --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "value_path"),
    [("UK4", ("tender", "value")), ("UK6", ("awards", 0, "value")), ("UK7", ("contracts", 0, "value"))],
)
def test_a_correction_changes_only_the_fields_it_names(code, value_path):
    content = example_content(code)
    values = forms.editable_values(code, content, "Home care")
    edited = forms.apply_edits(code, content, {**values, "value": Decimal("1234.56")})
    node = edited
    for step in value_path:
        node = node[step]
    assert node == {"amount": 1234.56, "currency": "GBP"}
    # Everything else is as it was; the original is not touched.
    assert {k: v for k, v in edited.items() if k != value_path[0]} == {
        k: v for k, v in content.items() if k != value_path[0]
    }
    assert content == example_content(code)


def test_editable_values_read_the_dates_back():
    values = forms.editable_values("UK4", example_content("UK4"))
    assert values["title"] == "Home care, East of England"
    assert values["value"] == Decimal("985000")
    assert values["date_0"] == date(2027, 1, 11)
    fields = [f.label for f in forms.editable_fields("UK4")]
    assert fields == ["Title", "Description", "Value in pounds", "Tenders close"]


def test_a_corrected_date_is_written_as_an_ocds_date():
    content = example_content("UK7")
    values = forms.editable_values("UK7", content)
    edited = forms.apply_edits("UK7", content, {**values, "date_2": date(2029, 3, 31)})
    assert edited["contracts"][0]["period"]["endDate"] == "2029-03-31T00:00:00Z"
    assert edited["contracts"][0]["dateSigned"] == content["contracts"][0]["dateSigned"]
    assert "tender" not in edited  # a UK7 names its tender only through its own title


def test_clearing_the_value_removes_it():
    content = example_content("UK4")
    values = forms.editable_values("UK4", content)
    edited = forms.apply_edits("UK4", content, {**values, "value": None})
    assert "value" not in edited["tender"]
    assert missing_fields(notice_type("UK4", clock.today()), edited) == ["tender.value.amount"]
