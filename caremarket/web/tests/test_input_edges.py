"""The pages keep the API's edge rules: dates within 1900..2100 wherever they are typed."""

import pytest
from django import forms

from caremarket.core.errors import ValidationFailed
from caremarket.web.agreement_forms import _date as agreement_date
from caremarket.web.sourcing_forms import _date as sourcing_date
from caremarket.web.views.competitions.common import parse_moment
from caremarket.web.views.contracts.common import parse_date


@pytest.mark.parametrize("text", ["0001-01-01", "31/12/9999", "9999-12-31"])
def test_a_nonsense_date_on_a_contract_page_is_refused(text):
    with pytest.raises(ValidationFailed) as raised:
        parse_date(text, "starts_on")
    assert "starts_on" in raised.value.details["fields"]


def test_a_nonsense_deadline_on_a_competition_page_is_refused():
    with pytest.raises(ValidationFailed) as raised:
        parse_moment("9999-12-31 12:00", "submission_deadline")
    assert raised.value.details["fields"]["submission_deadline"] == [
        "The date must be on or before 31 December 2100"
    ]


@pytest.mark.parametrize("field", [sourcing_date("launch date"), agreement_date("Enter it", "Enter a date")])
def test_a_nonsense_date_in_a_form_is_refused(field):
    with pytest.raises(forms.ValidationError):
        field.clean("31/12/9999")
    assert field.clean("31/12/2030").year == 2030
