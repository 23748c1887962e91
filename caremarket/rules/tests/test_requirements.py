from datetime import date, datetime
from decimal import Decimal

import pytest

from caremarket.rules.requirements import (
    HEADINGS,
    CellProblem,
    RequirementLine,
    RowRules,
    header_problems,
    normalise_size,
    parse_date,
    parse_quantity,
    validate_row,
    validate_rows,
)

RULES = RowRules(
    site_codes=frozenset({"RDE01", "RDE02", "K83001"}),
    service_types=("HSCN connectivity", "Overlay service", "Firewall"),
    units=("connection", "device", "user"),
    size_required_for=frozenset({"HSCN connectivity"}),
    earliest_required_by=date(2018, 2, 1),
    latest_required_by=date(2019, 12, 31),
)
GOOD = ["rde01", "hscn CONNECTIVITY", 2, "Connection", "100mbps", date(2018, 6, 30), "  Main site  "]


def test_a_good_row_is_cleaned():
    result = validate_row(7, GOOD, RULES)
    assert result.problems == ()
    assert result.line == RequirementLine(
        7, "RDE01", "HSCN connectivity", 2, "connection", "100 Mbps", date(2018, 6, 30), "Main site"
    )


@pytest.mark.parametrize(
    ("column", "value", "problem"),
    [
        (0, "", "Row 7, column A (site code): enter the site code"),
        (0, "XYZ99", "Row 7, column A (site code): 'XYZ99' is not one of your sites"),
        (1, None, "Row 7, column B (service type): choose the service type"),
        (
            1,
            "Fibre",
            "Row 7, column B (service type): 'Fibre' is not a service type here: choose HSCN connectivity, "
            "Overlay service or Firewall",
        ),
        (2, 0, "Row 7, column C (quantity): enter a whole number of 1 or more"),
        (2, -3, "Row 7, column C (quantity): enter a whole number of 1 or more"),
        (2, 2.5, "Row 7, column C (quantity): enter a whole number of 1 or more"),
        (2, "two", "Row 7, column C (quantity): enter a whole number of 1 or more"),
        (2, None, "Row 7, column C (quantity): enter a whole number of 1 or more"),
        (2, True, "Row 7, column C (quantity): enter a whole number of 1 or more"),
        (2, 100_001, "Row 7, column C (quantity): enter a whole number no more than 100,000"),
        (3, "", "Row 7, column D (unit): choose the unit"),
        (3, "metre", "Row 7, column D (unit): 'metre' is not a unit here: choose connection, device or user"),
        (
            4,
            "",
            "Row 7, column E (bandwidth or size): enter the bandwidth or size HSCN "
            "connectivity needs, like 100 Mbps",
        ),
        (
            4,
            "fast",
            "Row 7, column E (bandwidth or size): enter a number and a unit, like 100 Mbps or 500 GB",
        ),
        (
            5,
            "",
            "Row 7, column F (required-by date): enter the date the service is needed by, like 2018-03-31",
        ),
        (5, "31/02/2018", "Row 7, column F (required-by date): enter a real date, like 2018-03-31"),
        (5, "soon", "Row 7, column F (required-by date): enter a real date, like 2018-03-31"),
        (
            5,
            date(2018, 1, 31),
            "Row 7, column F (required-by date): enter a date on or after 1 February 2018",
        ),
        (
            5,
            date(2020, 1, 1),
            "Row 7, column F (required-by date): enter a date on or before 31 December 2019",
        ),
        (
            6,
            "x" * 1001,
            "Row 7, column G (notes): keep the notes to 1,000 characters or fewer (this has 1,001)",
        ),
    ],
)
def test_each_cell_problem_names_row_and_column(column, value, problem):
    cells = list(GOOD)
    cells[column] = value
    result = validate_row(7, cells, RULES)
    assert result.line is None
    assert [str(p) for p in result.problems] == [problem]


def test_every_problem_of_a_row_is_reported_at_once():
    result = validate_row(9, ["", "Fibre", 0, "metre", "fast", "soon", ""], RULES)
    assert [p.column for p in result.problems] == ["A", "B", "C", "D", "E", "F"]


def test_a_size_is_optional_where_the_service_does_not_need_one():
    cells = ["RDE02", "Firewall", "1", "device", None, "2018-03-01", None]
    assert validate_row(3, cells, RULES).line.size == ""


def test_allowed_sizes_come_from_the_lot():
    rules = RowRules(
        frozenset({"RDE01"}), ("HSCN connectivity",), ("connection",), sizes=("10 Mbps", "100 Mbps", "1 Gbps")
    )
    cells = ["RDE01", "HSCN connectivity", 1, "connection", "1gbps", "2018-03-01", ""]
    assert validate_row(2, cells, rules).line.size == "1 Gbps"
    cells[4] = "50 Mbps"
    assert [str(p) for p in validate_row(2, cells, rules).problems] == [
        "Row 2, column E (bandwidth or size): '50 Mbps' is not offered: choose 10 Mbps, 100 Mbps or 1 Gbps"
    ]


def test_cells_beyond_the_template_are_refused():
    result = validate_row(4, [*GOOD, "", "extra"], RULES)
    assert [str(p) for p in result.problems] == [
        "Row 4, column I: leave this column empty: it is not part of the template"
    ]


def test_long_lists_of_allowed_values_are_shortened_and_empty_ones_explained():
    many = tuple(f"Type {n}" for n in range(1, 13))
    rules = RowRules(frozenset({"RDE01"}), many, ())
    problems = [
        str(p) for p in validate_row(2, ["RDE01", "Other", 1, "each", "", "2018-03-01"], rules).problems
    ]
    assert problems == [
        "Row 2, column B (service type): 'Other' is not a service type here: choose Type 1, Type 2, Type 3, "
        "Type 4, Type 5, Type 6, Type 7, Type 8, Type 9, Type 10 or one of 2 more",
        "Row 2, column D (unit): 'each' is not a unit here: choose from the list (none is set up yet)",
    ]


# --- The whole sheet, all or nothing ---------------------------------------------------------------------


def test_a_sheet_reports_every_bad_row_and_keeps_nothing():
    rows = [
        GOOD,
        [None] * 7,  # an empty row is skipped
        ["RDE02", "Firewall", "x", "device", "", "2018-03-01", ""],
        ["K83001", "Overlay service", 1, "user", "", "2018-03-01", ""],
        ["XYZ", "Firewall", 1, "device", "", "2018-03-01", ""],
    ]
    result = validate_rows(rows, RULES)
    assert not result.ok
    assert result.lines == ()
    assert result.bad_rows == (4, 6)
    assert result.as_details() == [
        {"row": 4, "problems": ["Row 4, column C (quantity): enter a whole number of 1 or more"]},
        {"row": 6, "problems": ["Row 6, column A (site code): 'XYZ' is not one of your sites"]},
    ]


def test_a_good_sheet_keeps_every_line():
    rows = [GOOD, ["RDE02", "Firewall", 3, "device", "", "01/03/2018", ""]]
    result = validate_rows(rows, RULES)
    assert result.ok and [line.row for line in result.lines] == [2, 3]
    assert result.lines[1].required_by == date(2018, 3, 1)


def test_a_site_asking_twice_for_the_same_service_is_a_problem_on_the_later_row():
    rows = [GOOD, ["RDE01", "HSCN connectivity", 1, "connection", "100 Mbps", "2018-07-01", ""]]
    result = validate_rows(rows, RULES, first_row=5)
    assert [str(p) for p in result.problems] == [
        "Row 6, column A (site code): site RDE01 already asks for HSCN connectivity (100 Mbps) on row 5: "
        "put the total quantity on one row"
    ]
    other_size = [GOOD, ["RDE01", "HSCN connectivity", 1, "connection", "1 Gbps", "2018-07-01", ""]]
    assert validate_rows(other_size, RULES).ok


def test_header():
    assert HEADINGS == (
        "Site code",
        "Service type",
        "Quantity",
        "Unit",
        "Bandwidth or size",
        "Required-by date",
        "Notes",
    )
    assert header_problems(list(HEADINGS)) == ()
    assert header_problems(["site code", "Service", "Quantity"]) == (
        "Column B should be headed 'Service type', not 'Service'",
        "Column D should be headed 'Unit', not nothing",
        "Column E should be headed 'Bandwidth or size', not nothing",
        "Column F should be headed 'Required-by date', not nothing",
        "Column G should be headed 'Notes', not nothing",
    )


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        (1, 1),
        ("12", 12),
        ("1,200", 1200),
        (3.0, 3),
        (Decimal("4"), 4),
        (Decimal("4.5"), "enter a whole number of 1 or more"),
        (float("nan"), "enter a whole number of 1 or more"),
        ("", "enter a whole number of 1 or more"),
    ],
)
def test_parse_quantity(value, parsed):
    assert parse_quantity(value) == parsed


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        (date(2018, 3, 1), date(2018, 3, 1)),
        (datetime(2018, 3, 1, 9, 30), date(2018, 3, 1)),
        ("2018-03-01", date(2018, 3, 1)),
        ("2018-03-01 00:00:00", date(2018, 3, 1)),
        ("1/3/2018", date(2018, 3, 1)),
        ("31/02/2018", None),
        ("March", None),
        (None, None),
    ],
)
def test_parse_date(value, parsed):
    assert parse_date(value) == parsed


@pytest.mark.parametrize(
    ("value", "size"),
    [
        ("100mbps", "100 Mbps"),
        ("1 GBPS", "1 Gbps"),
        ("2.5 gb", "2.5 GB"),
        ("512 kbps", "512 kbps"),
        ("fast", None),
        ("100", None),
    ],
)
def test_normalise_size(value, size):
    assert normalise_size(value) == size


def test_a_problem_without_heading_reads_well():
    assert str(CellProblem(3, "H", "", "leave it empty")) == "Row 3, column H: leave it empty"
