from datetime import UTC, datetime

import pytest
import time_machine

from caremarket.agreements.factories import make_supplier
from caremarket.orgs.factories import SYSTEM, actor_for, make_organisation, make_person
from caremarket.orgs.services import site_add
from caremarket.rules.roles import Role, Sector

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def buyer_org():
    org = make_organisation(Sector.BUYER, code="QJG", name="NHS Devon ICB", region="south_west")
    for n in range(1, 4):
        site_add(actor=SYSTEM, organisation=org, code=f"QJG-{n}", name=f"Devon site {n}")
    return org


@pytest.fixture
def lead(buyer_org):
    return actor_for(make_person(roles=[(buyer_org, Role.PROCUREMENT_LEAD)]), buyer_org)


@pytest.fixture
def approver(buyer_org):
    return actor_for(make_person(roles=[(buyer_org, Role.APPROVER)]), buyer_org)


@pytest.fixture
def buyer(buyer_org):
    return actor_for(make_person(roles=[(buyer_org, Role.BUYER)]), buyer_org)


@pytest.fixture
def supplier_org():
    return make_supplier(code="S1001", name="Northway Networks Ltd")


@pytest.fixture
def supplier_user(supplier_org):
    return actor_for(make_person(roles=[(supplier_org, Role.SUPPLIER_USER)]), supplier_org)
