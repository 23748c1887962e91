from dataclasses import replace

import pytest

from caremarket.rules.questions import (
    answer_text,
    clean_answers,
    is_asked,
    parse_questions,
    questions_from,
    suggest_assessment,
)

QUESTIONS = [
    {"id": "summary", "type": "textbox", "text": "Describe your service", "max_length": 20},
    {"id": "sites", "type": "number", "text": "How many sites?", "required": False},
    {"id": "dayRate", "type": "money", "text": "Day rate", "unit": "per day", "required": False},
    {
        "id": "regions",
        "type": "checkboxes",
        "text": "Regions",
        "options": [{"value": "east", "label": "East"}, {"value": "london", "label": "London"}],
    },
    {"id": "plan", "type": "upload", "text": "Service plan", "required": False},
    {
        "id": "bankrupt",
        "kind": "declaration",
        "type": "boolean",
        "text": "Have you been bankrupt in the past 3 years?",
        "title": "Bankruptcy",
        "pass_if": [False],
        "discretionary": True,
    },
    {
        "id": "details",
        "type": "textbox",
        "text": "Give details",
        "when": {"question": "bankrupt", "in": [True]},
    },
    {
        "id": "MI",
        "kind": "declaration",
        "type": "boolean",
        "text": "Will you send monthly management information?",
        "title": "Management information",
        "pass_if": [True],
    },
]


@pytest.fixture
def questions():
    parsed = parse_questions(QUESTIONS)
    assert parsed.problems == []
    return parsed.questions


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ("not a list", "The questions must be a list"),
        ([{"id": "a b", "type": "text", "text": "x"}], "Question 1 (a b): 'id' must be letters"),
        ([{"id": "a", "type": "essay", "text": "x"}], "Question 1 (a): 'type' must be one of"),
        ([{"id": "a", "type": "text", "text": " "}], "'text' is needed"),
        ([{"id": "a", "type": "radios", "text": "x"}], "a radios question needs 'options'"),
        ([{"id": "a", "type": "text", "text": "x", "colour": "red"}], "unknown keys colour"),
        (
            [{"id": "a", "type": "text", "text": "x"}, {"id": "a", "type": "text", "text": "y"}],
            "Question 2 (a): 'id' is used by an earlier question",
        ),
        (
            [{"id": "a", "type": "text", "text": "x", "when": {"question": "b", "in": [True]}}],
            "must name an earlier",
        ),
        (
            [{"id": "a", "kind": "survey", "type": "text", "text": "x"}],
            "'kind' must be question or declaration",
        ),
        ([{"id": "a", "type": "text", "text": "x", "max_length": 0}], "'max_length' must be a positive"),
        (["a"], "Question 1 must be a mapping"),
    ],
)
def test_bad_questions_are_named(data, problem):
    problems = parse_questions(data).problems
    assert any(p.startswith(problem) or problem in p for p in problems), problems


def test_questions_survive_a_round_trip(questions):
    assert questions_from([q.to_dict() for q in questions]) == questions


def test_complete_answers_are_typed(questions):
    result = clean_answers(
        questions,
        {
            "summary": "  Network services ",
            "sites": "12",
            "dayRate": "£1,250.5",
            "regions": ["london", "east"],
            "plan": [3, 3],
            "bankrupt": "no",
            "MI": True,
        },
    )
    assert result.problems == {}
    assert result.answers == {
        "summary": "Network services",
        "sites": 12,
        "dayRate": "1250.50",
        "regions": ["east", "london"],
        "plan": [3],
        "bankrupt": False,
        "MI": True,
    }


def test_every_problem_is_reported_at_once(questions):
    result = clean_answers(
        questions,
        {
            "summary": "x" * 21,
            "sites": "twelve",
            "dayRate": "lots",
            "regions": ["wales"],
            "plan": ["a"],
            "MI": "",
        },
    )
    assert result.problems == {
        "summary": "Use 20 characters or fewer: Describe your service",
        "sites": "Enter a whole number, like 12: How many sites?",
        "dayRate": "Enter an amount in pounds, like 98,500 or £98,500.00: Day rate",
        "regions": "Select only the answers given: Regions",
        "plan": "Upload a file: Service plan",
        "bankrupt": "Select yes or no: Bankruptcy",
        "MI": "Select yes or no: Management information",
    }


@pytest.mark.parametrize(
    ("bankrupt", "details", "asked", "problem"),
    [
        ("no", "", False, None),
        ("no", "ignored", False, None),
        ("yes", "", True, "Enter an answer: Give details"),
        ("yes", "Wound up in 2024", True, None),
    ],
)
def test_a_follow_up_question_is_asked_only_when_it_applies(questions, bankrupt, details, asked, problem):
    raw = {"summary": "x", "regions": ["east"], "bankrupt": bankrupt, "details": details, "MI": "yes"}
    result = clean_answers(questions, raw)
    assert is_asked(questions[6], result.answers) is asked
    assert result.problems.get("details") == problem
    assert ("details" in result.answers) is (asked and bool(details))


@pytest.mark.parametrize(
    ("bankrupt", "mi", "outcome", "reasons"),
    [
        (False, True, "pass", ()),
        (True, True, "needs_decision", ("Bankruptcy: answered Yes, No passes",)),
        (False, False, "fail", ("Management information: answered No, Yes passes",)),
        (
            True,
            False,
            "fail",
            ("Management information: answered No, Yes passes", "Bankruptcy: answered Yes, No passes"),
        ),
    ],
)
def test_declarations_suggest_an_assessment(questions, bankrupt, mi, outcome, reasons):
    suggestion = suggest_assessment(questions, {"bankrupt": bankrupt, "MI": mi})
    assert (suggestion.outcome, suggestion.reasons) == (outcome, reasons)


@pytest.mark.parametrize(
    ("index", "value", "text"),
    [
        (0, "Network services", "Network services"),
        (2, "1250.50", "£1,250.50 per day"),
        (3, ["east", "london"], "East, London"),
        (4, [1, 2], "2 files"),
        (5, True, "Yes"),
        (1, None, "Not answered"),
    ],
)
def test_answers_read_as_people_write_them(questions, index, value, text):
    assert answer_text(questions[index], value) == text


def test_an_upload_question_with_new_files_is_answered(questions):
    raw = {"summary": "x", "regions": ["east"], "bankrupt": "no", "MI": "yes"}
    required_plan = [replace(q, required=True) if q.id == "plan" else q for q in questions]
    assert clean_answers(required_plan, raw).problems == {"plan": "Upload a file: Service plan"}
    result = clean_answers(required_plan, raw, uploaded=frozenset({"plan"}))
    assert result.problems == {}
    assert result.answers["plan"] == []
    assert clean_answers(required_plan, {**raw, "plan": [7]}, uploaded=frozenset({"plan"})).answers[
        "plan"
    ] == [7]
