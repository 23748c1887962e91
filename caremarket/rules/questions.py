"""Application questions and declarations: content as data, checked and answered here.

A lot's questions are plain dictionaries (from YAML or JSON fixtures, or an imported
public framework). This module checks a list of them, cleans a supplier's answers against
them (every problem at once, keyed by question), and suggests an assessment from the
declarations: an answer outside `pass_if` fails, or needs a decision when `discretionary`.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from caremarket.core.money import MONEY_HINT, MoneyError, format_money, read_money
from caremarket.rules.admission import AssessmentOutcome


class QuestionKind(StrEnum):
    QUESTION = "question"
    DECLARATION = "declaration"


class QuestionType(StrEnum):
    TEXT = "text"
    TEXTBOX = "textbox"
    BOOLEAN = "boolean"
    RADIOS = "radios"
    CHECKBOXES = "checkboxes"
    NUMBER = "number"
    MONEY = "money"
    UPLOAD = "upload"


CHOICE_TYPES = frozenset({QuestionType.RADIOS, QuestionType.CHECKBOXES})
DEFAULT_MAX_LENGTH = {QuestionType.TEXT: 500, QuestionType.TEXTBOX: 10_000}
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$")


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Condition:
    """Ask this question only when an earlier one was answered with one of `values`."""

    question: str
    values: tuple = ()


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    type: str
    text: str
    title: str = ""
    hint: str = ""
    section: str = ""
    required: bool = True
    options: tuple[Option, ...] = ()
    pass_if: tuple = ()
    discretionary: bool = False
    max_length: int | None = None
    unit: str = ""
    when: Condition | None = None

    @property
    def short(self) -> str:
        text = self.title or self.text
        return text if len(text) <= 80 else text[:77].rstrip() + "…"

    @property
    def limit(self) -> int | None:
        return self.max_length or DEFAULT_MAX_LENGTH.get(QuestionType(self.type))

    @property
    def choices(self) -> list[tuple[str, str]]:
        return [(o.value, o.label) for o in self.options]

    @property
    def is_declaration(self) -> bool:
        return self.kind == QuestionKind.DECLARATION

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "kind": self.kind, "type": self.type, "text": self.text}
        optional = {
            "title": self.title,
            "hint": self.hint,
            "section": self.section,
            "options": [{"value": o.value, "label": o.label} for o in self.options],
            "pass_if": list(self.pass_if),
            "discretionary": self.discretionary,
            "max_length": self.max_length,
            "unit": self.unit,
        }
        data.update({key: value for key, value in optional.items() if value})
        if not self.required:
            data["required"] = False
        if self.when:
            data["when"] = {"question": self.when.question, "in": list(self.when.values)}
        return data


@dataclass
class ParsedQuestions:
    questions: list[Question] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


KNOWN_KEYS = {
    "id",
    "kind",
    "type",
    "text",
    "title",
    "hint",
    "section",
    "required",
    "options",
    "pass_if",
    "discretionary",
    "max_length",
    "unit",
    "when",
}


def parse_questions(data: Any) -> ParsedQuestions:
    """Check a list of question dictionaries; every problem names the question."""
    result = ParsedQuestions()
    if not isinstance(data, list):
        result.problems.append("The questions must be a list")
        return result
    seen: set[str] = set()
    for number, item in enumerate(data, start=1):
        where = f"Question {number}"
        if not isinstance(item, dict):
            result.problems.append(f"{where} must be a mapping of id, kind, type and text")
            continue
        qid = str(item.get("id", ""))
        where = f"Question {number} ({qid})" if qid else where
        problems = _question_problems(item, qid, seen)
        if problems:
            result.problems.extend(f"{where}: {p}" for p in problems)
            continue
        seen.add(qid)
        result.questions.append(_question(item))
    return result


def _question_problems(item: dict, qid: str, seen: set[str]) -> list[str]:
    problems = []
    unknown = sorted(set(item) - KNOWN_KEYS)
    if unknown:
        problems.append(f"unknown keys {', '.join(unknown)}")
    if not ID_PATTERN.match(qid):
        problems.append("'id' must be letters, digits, hyphens or underscores (at most 80)")
    elif qid in seen:
        problems.append("'id' is used by an earlier question")
    if item.get("kind", QuestionKind.QUESTION) not in set(QuestionKind):
        problems.append("'kind' must be question or declaration")
    qtype = item.get("type")
    if qtype not in set(QuestionType):
        problems.append(f"'type' must be one of {', '.join(QuestionType)}")
    if not isinstance(item.get("text"), str) or not item["text"].strip():
        problems.append("'text' is needed: the question as the supplier reads it")
    options = item.get("options", [])
    if qtype in CHOICE_TYPES:
        if not isinstance(options, list) or not options:
            problems.append(f"a {qtype} question needs 'options'")
        elif not all(isinstance(o, dict) and str(o.get("value", "")).strip() for o in options):
            problems.append("each option needs a 'value'")
    if not isinstance(item.get("pass_if", []), list):
        problems.append("'pass_if' must be a list of passing answers")
    max_length = item.get("max_length")
    if max_length is not None and (not isinstance(max_length, int) or max_length < 1):
        problems.append("'max_length' must be a positive whole number")
    when = item.get("when")
    if when is not None:
        if not isinstance(when, dict) or not isinstance(when.get("in"), list):
            problems.append("'when' needs 'question' and a list 'in'")
        elif when.get("question") not in seen:
            problems.append("'when' must name an earlier question")
    return problems


def _question(item: dict) -> Question:
    when = item.get("when")
    return Question(
        id=str(item["id"]),
        kind=item.get("kind", QuestionKind.QUESTION),
        type=item["type"],
        text=item["text"].strip(),
        title=str(item.get("title", "")).strip(),
        hint=str(item.get("hint", "")).strip(),
        section=str(item.get("section", "")).strip(),
        required=bool(item.get("required", True)),
        options=tuple(
            Option(str(o["value"]), str(o.get("label") or o["value"])) for o in item.get("options", [])
        ),
        pass_if=tuple(item.get("pass_if", [])),
        discretionary=bool(item.get("discretionary", False)),
        max_length=item.get("max_length"),
        unit=str(item.get("unit", "")),
        when=Condition(str(when["question"]), tuple(when["in"])) if when else None,
    )


def questions_from(data: Iterable[dict]) -> list[Question]:
    """Questions already checked (as stored with a lot's rules)."""
    return [_question(item) for item in data]


# --- Answers -------------------------------------------------------------------------------------


@dataclass
class CleanAnswers:
    answers: dict[str, Any] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)


TRUE_WORDS = {"yes", "true", "1", "on"}
FALSE_WORDS = {"no", "false", "0", "off"}


def is_asked(question: Question, answers: dict[str, Any]) -> bool:
    """Whether a conditional question applies, given the (cleaned) earlier answers."""
    if question.when is None:
        return True
    given = answers.get(question.when.question)
    if isinstance(given, list):
        return any(v in question.when.values for v in given)
    return given is not None and given in question.when.values


def clean_answers(
    questions: Iterable[Question], raw: dict[str, Any], uploaded: frozenset[str] = frozenset()
) -> CleanAnswers:
    """Typed answers for the questions asked, or a message for each one missing or wrong.

    `uploaded` names the upload questions that come with new files: they are answered,
    whatever else the raw answer holds (the files become evidence ids once stored)."""
    result = CleanAnswers()
    for q in questions:
        if not is_asked(q, result.answers):
            continue
        value = raw.get(q.id)
        if q.id in uploaded and q.type == QuestionType.UPLOAD:
            cleaned, problem = _clean(q, value) if not _blank(value) else ([], None)
            if problem:
                result.problems[q.id] = problem
            else:
                result.answers[q.id] = cleaned
            continue
        if _blank(value):
            if q.required:
                result.problems[q.id] = _missing(q)
            continue
        cleaned, problem = _clean(q, value)
        if problem:
            result.problems[q.id] = problem
        else:
            result.answers[q.id] = cleaned
    return result


def _blank(value: Any) -> bool:
    return value is None or (
        isinstance(value, str | list | tuple) and not [v for v in _items(value) if v != ""]
    )


def _items(value: Any) -> list:
    if isinstance(value, list | tuple):
        return [v.strip() if isinstance(v, str) else v for v in value]
    return [value.strip() if isinstance(value, str) else value]


def _missing(q: Question) -> str:
    return {
        QuestionType.BOOLEAN: f"Select yes or no: {q.short}",
        QuestionType.RADIOS: f"Select an answer: {q.short}",
        QuestionType.CHECKBOXES: f"Select at least one answer: {q.short}",
        QuestionType.UPLOAD: f"Upload a file: {q.short}",
    }.get(QuestionType(q.type), f"Enter an answer: {q.short}")


def _clean(q: Question, value: Any) -> tuple[Any, str | None]:
    qtype = QuestionType(q.type)
    if qtype in (QuestionType.TEXT, QuestionType.TEXTBOX):
        if not isinstance(value, str):
            return None, f"Enter text: {q.short}"
        text = value.strip()
        if q.limit and len(text) > q.limit:
            return None, f"Use {q.limit} characters or fewer: {q.short}"
        return text, None
    if qtype == QuestionType.BOOLEAN:
        if isinstance(value, bool):
            return value, None
        word = str(value).strip().lower()
        if word in TRUE_WORDS | FALSE_WORDS:
            return word in TRUE_WORDS, None
        return None, f"Select yes or no: {q.short}"
    if qtype == QuestionType.RADIOS:
        allowed = {o.value for o in q.options}
        choice = _items(value)[0] if len(_items(value)) == 1 else None
        return (choice, None) if choice in allowed else (None, f"Select one of the answers given: {q.short}")
    if qtype == QuestionType.CHECKBOXES:
        allowed = [o.value for o in q.options]
        chosen = {str(v) for v in _items(value) if v != ""}
        if not chosen <= set(allowed):
            return None, f"Select only the answers given: {q.short}"
        return [v for v in allowed if v in chosen], None
    if qtype == QuestionType.NUMBER:
        text = str(value).strip()
        if isinstance(value, bool) or not re.fullmatch(r"-?\d{1,15}", text):
            return None, f"Enter a whole number, like 12: {q.short}"
        return int(text), None
    if qtype == QuestionType.MONEY:
        if isinstance(value, bool):
            return None, f"{MONEY_HINT}: {q.short}"
        try:
            return str(read_money(str(value))), None
        except MoneyError as exc:
            return None, f"{exc}: {q.short}"
    # Uploads: the ids of evidence files already stored for this supplier.
    ids = _items(value)
    if not all(isinstance(i, int) and not isinstance(i, bool) and i > 0 for i in ids):
        return None, f"Upload a file: {q.short}"
    return sorted(set(ids)), None


def answer_text(q: Question, value: Any) -> str:
    """An answer as a person reads it."""
    if value is None or value == [] or value == "":
        return "Not answered"
    qtype = QuestionType(q.type)
    labels = {o.value: o.label for o in q.options}
    if qtype == QuestionType.BOOLEAN:
        return "Yes" if value else "No"
    if qtype == QuestionType.RADIOS:
        return labels.get(value, str(value))
    if qtype == QuestionType.CHECKBOXES:
        return ", ".join(labels.get(v, str(v)) for v in value)
    if qtype == QuestionType.MONEY:
        return format_money(Decimal(value)) + (f" {q.unit}" if q.unit else "")
    if qtype == QuestionType.UPLOAD:
        return f"{len(value)} file" + ("" if len(value) == 1 else "s")
    return str(value)


# --- Assessment ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SuggestedAssessment:
    outcome: AssessmentOutcome
    reasons: tuple[str, ...] = ()


def suggest_assessment(questions: Iterable[Question], answers: dict[str, Any]) -> SuggestedAssessment:
    """Each declaration with passing answers checks the supplier's answer: a fail unless the
    question is discretionary, which needs the manager's decision instead."""
    fails, decisions = [], []
    for q in questions:
        if not q.pass_if or q.id not in answers:
            continue
        given = answers[q.id]
        passed = any(v in q.pass_if for v in given) if isinstance(given, list) else given in q.pass_if
        if passed:
            continue
        expected = " or ".join(answer_text(q, v) for v in q.pass_if)
        line = f"{q.short}: answered {answer_text(q, given)}, {expected} passes"
        (decisions if q.discretionary else fails).append(line)
    if fails:
        return SuggestedAssessment(AssessmentOutcome.FAIL, tuple(fails + decisions))
    if decisions:
        return SuggestedAssessment(AssessmentOutcome.NEEDS_DECISION, tuple(decisions))
    return SuggestedAssessment(AssessmentOutcome.PASS)


# --- Clarification questions on a competition ------------------------------------------------
# A supplier's clarification question may name the asker ("Northway asks: ..."). Before the
# answer is published the buyer may reword it; what is published is the reworded text, and the
# original stays with the buyer's side (the competition's own team, and the auditors who read
# the audit log). The asker keeps reading its own words as it typed them.


class ClarificationViewer(StrEnum):
    BUYER_SIDE = "buyer_side"  # the buyer's own people, auditors and platform administrators
    ASKER = "asker"  # the supplier that asked
    OTHER_SUPPLIER = "other_supplier"  # any other supplier taking part


CLARIFICATION_MAX_TEXT = 4000


@dataclass(frozen=True)
class ClarificationShown:
    """A clarification as one viewer reads it: `text` is the question's wording for them,
    `original` the words as asked when the viewer may read them and they differ from `text`,
    `asker_named` whether the asking supplier may be named to them."""

    text: str
    answer: str
    original: str = ""
    asker_named: bool = False


def clarification_shown(
    viewer: ClarificationViewer, *, original: str, published: str, answer: str
) -> ClarificationShown | None:
    """What a viewer reads of a clarification question, or None when it is not theirs to read.

    Other suppliers read only answered questions, in their published wording, never who asked.
    The asker reads its own question as it asked it (and, once answered, as published). The
    buyer's side reads everything: the published wording, the original and who asked."""
    wording = published_wording(original, published)
    answered = bool(answer)
    if viewer == ClarificationViewer.OTHER_SUPPLIER:
        return ClarificationShown(wording, answer) if answered else None
    if viewer == ClarificationViewer.ASKER:
        if not answered:
            return ClarificationShown(original, "")
        return ClarificationShown(wording, answer, original if original != wording else "")
    return ClarificationShown(
        wording if answered else original,
        answer,
        original if answered and original != wording else "",
        asker_named=True,
    )


def published_wording_problem(original: str, published: str) -> str | None:
    """Why a rewording cannot be published, or None. Blank keeps the original wording."""
    text = published.strip()
    if not text:
        return None
    if len(text) > CLARIFICATION_MAX_TEXT:
        return f"Use {CLARIFICATION_MAX_TEXT:,} characters or fewer for the question as published"
    return None


def published_wording(original: str, published: str) -> str:
    """The wording every supplier reads: the rewording if one was given, else the original."""
    return published.strip() or original
