"""The acting organisation, and naming another organisation by its code."""

import pytest

from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.orgs.selectors import acting_organisation, organisation_by_code
from caremarket.rules.roles import Role, Sector

pytestmark = pytest.mark.django_db


def test_the_acting_organisation_is_the_one_chosen_and_of_the_sector_asked_for():
    buyer = make_organisation(Sector.BUYER)
    person = make_person(roles=[(buyer, Role.BUYER)])
    assert acting_organisation(actor_for(person, buyer)) == buyer
    assert acting_organisation(actor_for(person, buyer), sector=Sector.BUYER) == buyer
    assert acting_organisation(actor_for(person, buyer), sector=Sector.SUPPLIER) is None
    assert acting_organisation(actor_for(make_person())) is None  # a member of nothing


@pytest.mark.parametrize(
    ("typed", "sector", "found"),
    [
        ("S9001", None, True),
        (" s9001 ", None, True),
        ("S9001", Sector.SUPPLIER, True),
        ("S9001", Sector.BUYER, False),
        ("S9999", None, False),
        ("", None, False),
    ],
)
def test_an_organisation_is_named_by_its_code_in_any_case(typed, sector, found):
    supplier = make_organisation(Sector.SUPPLIER, code="S9001")
    assert (organisation_by_code(typed, sector=sector) == supplier) is found
