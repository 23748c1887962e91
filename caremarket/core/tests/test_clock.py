from datetime import UTC, date, datetime, timedelta

import time_machine

from caremarket.core import clock


def test_clock_can_be_frozen_and_today_is_english():
    # 23:30 UTC on 30 June is already 1 July in England (BST).
    with time_machine.travel(datetime(2026, 6, 30, 23, 30, tzinfo=UTC), tick=False):
        assert clock.now() == datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
        assert clock.today() == date(2026, 7, 1)


def test_now_is_timezone_aware():
    assert clock.now().tzinfo is not None


def test_the_demo_sets_the_clock_back_for_a_block_only():
    with time_machine.travel(datetime(2026, 11, 24, 10, tzinfo=UTC), tick=False):
        with clock.shifted(timedelta(days=28, hours=1)):
            assert clock.now() == datetime(2026, 10, 27, 9, tzinfo=UTC)
            assert clock.today() == date(2026, 10, 27)
        assert clock.now() == datetime(2026, 11, 24, 10, tzinfo=UTC)
