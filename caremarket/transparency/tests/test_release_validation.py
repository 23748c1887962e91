"""Publishing validates each release with a validator built once a process, on the release
schema with its references inlined: it reports exactly what the schema as written reports."""

import copy

import pytest
from jsonschema import Draft4Validator

from caremarket.transparency.ocds import validation
from caremarket.transparency.ocds.profile import vendored_profile
from caremarket.transparency.tests.test_fastmerge import _release


def _as_written() -> Draft4Validator:
    profile = vendored_profile()
    return Draft4Validator(
        profile.schemas["release"],
        registry=validation.registry_for(profile),
        format_checker=validation.FORMAT_CHECKER,
    )


def _changed(change):
    release = _release("UK7", 1)
    change(release)
    return release


CHANGES = {
    "valid": lambda r: None,
    "bad date": lambda r: r.update(date="2 December 2026"),
    "bad tag": lambda r: r.update(tag=["notATag"]),
    "amount as text": lambda r: r["contracts"][0]["value"].update(amount="lots"),
    "a party that is not an object": lambda r: r["parties"].append("x"),
    "unknown currency": lambda r: r["contracts"][0]["value"].update(currency="XYZ"),
    "wrong types": lambda r: r.update(tender=[], awards={}, parties="x"),
    "bad period date": lambda r: r["contracts"][0]["period"].update(startDate="soon"),
}


@pytest.mark.parametrize("change", list(CHANGES.values()), ids=list(CHANGES))
def test_the_inlined_schema_reports_what_the_schema_as_written_reports(change):
    release = _changed(change)
    expected = validation._messages(_as_written(), copy.deepcopy(release))
    assert validation.release_errors(release) == expected
    assert bool(expected) == (change is not CHANGES["valid"])


def test_the_validators_are_built_once():
    assert validation._validators() is validation._validators()
    schema = validation._validators()["release"].schema
    assert "$ref" not in str(schema["properties"]["tender"])
