"""The demo's calendar: story dates move on with today, history stays where it is."""

from datetime import date, timedelta

import pytest

from caremarket.demo import story
from caremarket.demo.story import STORY_DAY


@pytest.mark.parametrize("today", [STORY_DAY - timedelta(days=400), STORY_DAY])
def test_nothing_moves_until_the_story_day_has_passed(today):
    assert story.elapsed(today) == timedelta(0)
    assert story.moved_on(date(2027, 2, 1), today) == date(2027, 2, 1)
    assert story.agreement_ends_on(date(2027, 3, 31), today) == date(2027, 3, 31)


@pytest.mark.parametrize(
    ("written", "today", "moved"),
    [
        (date(2027, 3, 31), STORY_DAY + timedelta(days=1), date(2027, 4, 30)),
        (date(2027, 3, 31), date(2028, 12, 2), date(2029, 3, 31)),
        (date(2027, 9, 30), date(2029, 2, 28), date(2029, 12, 31)),
        (date(2030, 3, 31), date(2031, 6, 15), date(2034, 10, 31)),
    ],
)
def test_an_agreement_in_force_in_the_story_ends_as_far_ahead_at_a_month_end(written, today, moved):
    assert story.agreement_ends_on(written, today) == moved
    assert story.agreement_ends_on(written, today) - today >= written - STORY_DAY


def test_an_agreement_that_had_ended_keeps_its_end_date():
    assert story.agreement_ends_on(date(2019, 7, 31), date(2040, 1, 1)) == date(2019, 7, 31)
