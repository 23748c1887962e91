import pytest
import time_machine

from caremarket.competitions.factories import make_market


@pytest.fixture
def market(db):
    return make_market()


@pytest.fixture
def travel():
    """`travel(moment)` moves the clock (and keeps it there) for the rest of the test."""
    travellers = []

    def to(moment):
        traveller = time_machine.travel(moment, tick=False)
        traveller.start()
        travellers.append(traveller)

    yield to
    for traveller in reversed(travellers):
        traveller.stop()
