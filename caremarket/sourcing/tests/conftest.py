from datetime import UTC, datetime

import pytest
import time_machine

from caremarket.orgs.factories import actor_for, make_person
from caremarket.rules.roles import Role
from caremarket.sourcing.factories import make_buyer, make_club, make_hscn_dps

TODAY = datetime(2027, 3, 1, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def dps(db):
    return make_hscn_dps(reference="RM3825")


@pytest.fixture
def lead_org(db):
    return make_buyer(code="LEAD1", name="London programme office", sites=0)


@pytest.fixture
def lead(lead_org):
    return actor_for(make_person(roles=[(lead_org, Role.PROCUREMENT_LEAD)]))


@pytest.fixture
def club(dps, lead_org):
    """Launch on 2027-05-31: joining closes on 2027-04-19 (6 weeks before)."""
    return make_club(lead=lead_org, agreement=dps, launch_in_days=91, name="Once for London")


@pytest.fixture
def member_org(db):
    return make_buyer(code="RQM", name="Chelsea and Westminster Hospital", sites=3)


@pytest.fixture
def member(member_org):
    return actor_for(make_person(roles=[(member_org, Role.BUYER)]))
