from datetime import date, timedelta

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from caremarket.rules.club_timetable import (
    ClubKind,
    PlannedLaunch,
    Precision,
    default_timetable,
    join_deadline,
    join_notice,
    load_timetable,
    notice_label,
    parse_launch,
    parse_timetable,
)

# The seed's timetable, in launch order: name, launch, earliest joining deadline.
SEED_TIMETABLE = [
    ("ALB NHS Digital", "December 2017", date(2017, 10, 20)),
    ("South West", "December 2017", date(2017, 10, 20)),
    ("Once for London", "February 2018", date(2017, 12, 21)),
    ("North East", "February 2018", date(2017, 12, 21)),
    ("ALB Other ALBs", "March 2018", date(2018, 1, 18)),
    ("South East", "March 2018", date(2018, 1, 18)),
    ("Midlands", "June 2018", date(2018, 4, 20)),
    ("East", "August 2018", date(2018, 6, 20)),
    ("North West", "October 2018", date(2018, 8, 20)),
    ("ALB NHS England", "2018", None),  # known only to the year: no deadline yet
    ("Other non-regional", "TBC", None),
]


def test_the_default_timetable_is_the_seed():
    timetable = default_timetable()
    assert timetable.programme == "HSCN"
    assert [(c.name, c.launch.label, c.join_deadline) for c in timetable.by_launch()] == SEED_TIMETABLE
    assert {c.agreement for c in timetable.clubs} == {"RM3825"}
    assert {c.notice for c in timetable.clubs} == {timedelta(weeks=6)}
    assert all(c.provisional for c in timetable.clubs)


@pytest.mark.parametrize(
    ("region", "club", "found"),
    [
        ("south_west", "", "South West"),
        ("london", "", "Once for London"),
        ("north_west", "", "North West"),
        ("wales", "", None),
        ("", "", None),
        ("", "alb nhs digital", "ALB NHS Digital"),  # named by the grouping, any case
        ("south_west", "Other non-regional", "Other non-regional"),  # the named club wins
        ("south_west", "Nowhere", None),
    ],
)
def test_an_organisation_finds_its_club(region, club, found):
    result = default_timetable().for_organisation(region=region, club=club)
    assert (result.name if result else None) == found


@pytest.mark.parametrize(
    ("value", "launch", "precision", "label", "phrase"),
    [
        ("2017-12-15", PlannedLaunch(2017, 12, 15), Precision.DAY, "2017-12-15", "on 2017-12-15"),
        (date(2017, 12, 15), PlannedLaunch(2017, 12, 15), Precision.DAY, "2017-12-15", "on 2017-12-15"),
        ("2017-12", PlannedLaunch(2017, 12), Precision.MONTH, "December 2017", "in December 2017"),
        ("2018", PlannedLaunch(2018), Precision.YEAR, "2018", "in 2018"),
        (2018, PlannedLaunch(2018), Precision.YEAR, "2018", "in 2018"),
        ("TBC", PlannedLaunch(), Precision.UNKNOWN, "TBC", "on a date to be confirmed"),
        ("tbc", PlannedLaunch(), Precision.UNKNOWN, "TBC", "on a date to be confirmed"),
    ],
)
def test_parse_launch(value, launch, precision, label, phrase):
    parsed = parse_launch(value)
    assert parsed == launch
    assert (parsed.precision, parsed.label, parsed.phrase) == (precision, label, phrase)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("Dec 2017", "'Dec 2017' is not a launch date: use YYYY-MM-DD, YYYY-MM, YYYY or TBC"),
        ("2017-13", "'2017-13' is not a real date"),
        ("2018-02-30", "'2018-02-30' is not a real date"),
    ],
)
def test_parse_launch_refuses_what_is_not_a_date(value, message):
    with pytest.raises(ValueError) as raised:
        parse_launch(value)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("launch", "notice", "deadline"),
    [
        (date(2017, 12, 1), timedelta(weeks=6), date(2017, 10, 20)),
        (date(2018, 2, 1), timedelta(weeks=6), date(2017, 12, 21)),
        (date(2018, 3, 1), timedelta(days=30), date(2018, 1, 30)),
        (date(2018, 3, 1), timedelta(0), date(2018, 3, 1)),
    ],
)
def test_join_deadline(launch, notice, deadline):
    assert join_deadline(launch, notice) == deadline


@pytest.mark.parametrize(
    ("kwargs", "notice", "label"),
    [
        ({}, timedelta(weeks=6), "6 weeks"),
        ({"weeks": 4}, timedelta(weeks=4), "4 weeks"),
        ({"weeks": 1}, timedelta(weeks=1), "1 week"),
        ({"days": 30}, timedelta(days=30), "30 days"),
        ({"days": 1}, timedelta(days=1), "1 day"),
        ({"days": 0}, timedelta(0), "0 days"),
    ],
)
def test_join_notice_in_weeks_or_days(kwargs, notice, label):
    assert join_notice(**kwargs) == notice
    assert notice_label(notice) == label


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"weeks": 6, "days": 42}, "Give the joining notice in weeks or in days, not both"),
        ({"weeks": -1}, "a whole number of weeks or days, 0 or more"),
        ({"days": 1.5}, "a whole number of weeks or days, 0 or more"),
        ({"days": True}, "a whole number of weeks or days, 0 or more"),
    ],
)
def test_join_notice_refuses_nonsense(kwargs, message):
    with pytest.raises(ValueError, match=message):
        join_notice(**kwargs)


def test_a_club_can_override_the_notice_and_the_agreement():
    timetable = parse_timetable(
        {
            "agreement": "RM3825",
            "join_notice_weeks": 6,
            "clubs": [
                {"name": "Quick", "regions": ["east"], "launch": "2026-03-02", "join_notice_days": 20},
                {"name": "Slow", "regions": ["west"], "launch": "2026-03-02", "agreement": "RM6116"},
            ],
        }
    )
    quick, slow = timetable.clubs
    assert (quick.join_deadline, quick.provisional, quick.agreement) == (date(2026, 2, 10), False, "RM3825")
    assert (slow.join_deadline, slow.agreement) == (date(2026, 1, 19), "RM6116")
    assert quick.open_to_join(date(2026, 2, 10)) and not quick.open_to_join(date(2026, 2, 11))


def test_timetable_problems_are_reported_together():
    with pytest.raises(ValueError) as raised:
        parse_timetable(
            {
                "clubs": [
                    {"name": "East", "regions": ["east"], "launch": "2018-08"},
                    {"name": "east", "regions": ["east"], "launch": "2018-08"},
                    {"name": "Wessex", "launch": "soon"},
                    {"name": "Odd", "kind": "galactic", "regions": ["x"], "launch": "TBC"},
                    "not a club",
                ]
            }
        )
    assert str(raised.value) == (
        "Club 1 (East): name the agreement the club competes on ('agreement'); "
        "Club 2 (east): another club has this name; "
        "Club 2 (east): name the agreement the club competes on ('agreement'); "
        "Club 3 (Wessex): a regional club needs its 'regions'; "
        "Club 3 (Wessex): 'soon' is not a launch date: use YYYY-MM-DD, YYYY-MM, YYYY or TBC; "
        "Club 3 (Wessex): name the agreement the club competes on ('agreement'); "
        "Club 4 (Odd): 'kind' must be one of regional, arms_length_body, non_regional; "
        "Club 4 (Odd): name the agreement the club competes on ('agreement'); "
        "Club 5: must be a mapping with a name, kind and launch"
    )


def test_a_timetable_needs_a_list_of_clubs():
    with pytest.raises(ValueError, match="a list of 'clubs'"):
        parse_timetable({"clubs": "none"})


def test_a_timetable_loads_from_a_file(tmp_path):
    path = tmp_path / "clubs.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "agreement": "RM3825",
                "clubs": [{"name": "ALB X", "kind": "arms_length_body", "launch": "2026-05"}],
            }
        )
    )
    (club,) = load_timetable(path).clubs
    assert (club.kind, club.join_deadline) == (ClubKind.ARMS_LENGTH_BODY, date(2026, 3, 20))


@given(
    launch=st.dates(date(2000, 3, 1), date(2100, 12, 31)),
    weeks=st.integers(1, 52),
    days=st.integers(1, 365),
)
def test_the_join_deadline_is_always_before_launch(launch, weeks, days):
    for notice in (join_notice(weeks=weeks), join_notice(days=days)):
        deadline = join_deadline(launch, notice)
        assert deadline < launch
        assert launch - deadline == notice
