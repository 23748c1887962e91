import pytest

from caremarket.competitions.factories import make_market


@pytest.fixture
def market(db):
    return make_market()
