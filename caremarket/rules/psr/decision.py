"""The decision record against the key criteria (regulation 24): what stops it being
complete, and when it is locked."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from caremarket.core.error_codes import ErrorCode
from caremarket.rules.dates import spoken_date
from caremarket.rules.psr.table import PsrTable, _default_table, _in_force, _percent
from caremarket.rules.refusals import Refusal

# --- The decision record against the key criteria -----------------------------------------------


@dataclass(frozen=True)
class CriterionRecord:
    """How one key criterion was taken into account: a weight in per cent OR an importance
    (the relative importance is the authority's choice), and always a rationale."""

    criterion: str
    rationale: str = ""
    weight: Decimal | None = None
    importance: str | None = None


def decision_record_problems(
    records: Iterable[CriterionRecord], on: date, table: PsrTable | None = None
) -> list[str]:
    """What stops the decision record from being complete, as sentences (empty when none).

    Every key criterion appears once, with a rationale and either a weight or an importance;
    a record uses weights for all five (adding up to 100%) or importances for all five."""
    t = table or _default_table()
    rule = _in_force(t.key_criteria, on, "key criteria")
    names = {c.code: c.name for c in rule.criteria}
    problems: list[str] = []
    seen: dict[str, CriterionRecord] = {}
    for record in records:
        if record.criterion not in names:
            problems.append(f"'{record.criterion}' is not one of the key criteria ({rule.citation})")
            continue
        if record.criterion in seen:
            problems.append(f"{names[record.criterion]} is recorded more than once")
            continue
        seen[record.criterion] = record
    for criterion in rule.criteria:
        record = seen.get(criterion.code)
        if record is None:
            problems.append(
                f"{criterion.name} has no record: every decision is recorded against all five key criteria "
                f"({rule.citation})"
            )
            continue
        if not (record.rationale or "").strip():
            problems.append(f"{criterion.name} has no rationale")
        if record.weight is None and not (record.importance or "").strip():
            problems.append(f"{criterion.name} has neither a weight nor an importance")
        if record.weight is not None and (record.importance or "").strip():
            problems.append(f"{criterion.name} has both a weight and an importance: give one")
        if record.weight is not None:
            if not isinstance(record.weight, Decimal):
                problems.append(f"{criterion.name}'s weight must be a decimal percentage")
            elif record.weight < 0 or record.weight > 100:
                problems.append(f"{criterion.name}'s weight must be between 0% and 100%")
        importance = (record.importance or "").strip()
        if importance and importance not in rule.importance_levels:
            levels = ", ".join(rule.importance_levels)
            problems.append(f"'{importance}' is not an importance (choose from {levels})")
    weighted = [r for r in seen.values() if r.weight is not None]
    ranked = [r for r in seen.values() if r.weight is None and (r.importance or "").strip()]
    if weighted and ranked:
        problems.append("Give every key criterion a weight, or every one an importance, not a mix of both")
    elif weighted and len(weighted) == len(rule.criteria):
        total = sum((r.weight for r in weighted if isinstance(r.weight, Decimal)), Decimal(0))
        if total != 100:
            problems.append(f"The weights add up to {_percent(total)}, not 100%")
    return problems


def decision_record_locked(intention_published_on: date | None, today: date) -> Refusal | None:
    """Why the decision record cannot be changed today (None while it can): it is locked from
    the day the notice of intention is published."""
    if intention_published_on is not None and today >= intention_published_on:
        return Refusal(
            ErrorCode.RULE_VIOLATION,
            f"The decision record was locked when the notice of intention was published on "
            f"{spoken_date(intention_published_on)}",
        )
    return None
