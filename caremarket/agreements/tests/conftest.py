import pytest

from caremarket.agreements.factories import make_agreement, make_supplier
from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.rules.roles import Role, Sector


@pytest.fixture
def owner():
    return make_organisation(Sector.BUYER, code="CCS", name="Crown Commercial Service")


@pytest.fixture
def manager(owner):
    return actor_for(make_person(roles=[(owner, Role.AGREEMENT_MANAGER)]))


@pytest.fixture
def dps(owner):
    return make_agreement(owner=owner, reference="RM3825", kind="dps", status="live")


@pytest.fixture
def supplier():
    return make_supplier(code="S1001", name="Northway Networks Ltd")


@pytest.fixture
def supplier_user(supplier):
    return actor_for(make_person(roles=[(supplier, Role.SUPPLIER_USER)]))


@pytest.fixture
def buyer():
    org = make_organisation(Sector.BUYER, code="QJG")
    return actor_for(make_person(roles=[(org, Role.BUYER)]))
