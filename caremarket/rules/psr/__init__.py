"""The Provider Selection Regime 2023: which process an authority may follow, the decision
record against the key criteria, the standstill and the review of representations, urgent
awards, modifications and the annual summary - pure rules over versioned data.

The law is data (`data/psr_processes.yaml`, read with PyYAML's safe loader) with the
Regulations' paragraphs cited and each figure marked `confirmed` or not; the functions here
take the facts and "today" and say yes, or no and why, in sentences a commissioner reads.
Working days and the standstill's end reuse `rules.dates` and `rules.standstill`. No Django.

The package: `table` (the data and the version in force), `chooser` (considerable change and
which process is open), `decision` (the decision record), `standstill` (representations,
review and the next step), `urgent` (urgent award and modification), `summary` (regulation 25).
Every name stays importable from `caremarket.rules.psr`.
"""

# The names the single module had from its imports (callers use `psr.date`, for one).
from collections.abc import Iterable, Mapping  # noqa: F401
from dataclasses import dataclass, field  # noqa: F401
from datetime import date, timedelta  # noqa: F401
from decimal import Decimal  # noqa: F401
from enum import StrEnum  # noqa: F401
from functools import cache  # noqa: F401
from pathlib import Path  # noqa: F401
from typing import Any  # noqa: F401

import yaml  # noqa: F401

from caremarket.core.error_codes import ErrorCode  # noqa: F401
from caremarket.core.errors import ValidationFailed  # noqa: F401
from caremarket.rules import standstill as general_standstill  # noqa: F401
from caremarket.rules.dates import add_working_days, spoken_date  # noqa: F401
from caremarket.rules.psr.chooser import (
    Choice,
    Decision,
    ProcessFacts,
    ProcessOption,
    choose_process,
    considerable_change,
)
from caremarket.rules.psr.decision import (
    CriterionRecord,
    decision_record_locked,
    decision_record_problems,
)
from caremarket.rules.psr.standstill import (
    AfterReview,
    NextSteps,
    PsrStandstill,
    PsrState,
    Representation,
    Review,
    ReviewDecision,
    Step,
    after_representation,
    contract_may_be_made_from,
    next_step,
    psr_standstill,
    representation_allowed,
    standstill_ends_on,
)
from caremarket.rules.psr.summary import (
    AnnualSummary,
    SummaryRow,
    annual_summary,
    summary_period,
)
from caremarket.rules.psr.table import (
    PROCESS_ORDER,
    PSR_PATH,
    REGULATIONS,
    Condition,
    KeyCriteriaRule,
    KeyCriterion,
    ModificationRule,
    Process,
    ProcessRule,
    PsrTable,
    StandstillRule,
    SummaryItem,
    Thresholds,
    UrgentRule,
    basic_selection_criteria,
    key_criteria,
    parse_psr,
    process_rule,
    psr_table,
    standstill_rule,
)
from caremarket.rules.psr.urgent import (
    ModificationDecision,
    ModificationFacts,
    ModificationGround,
    UrgentDecision,
    UrgentFacts,
    modification_permitted,
    urgent_award_permitted,
)
from caremarket.rules.refusals import Refusal  # noqa: F401

__all__ = [
    "PROCESS_ORDER",
    "PSR_PATH",
    "REGULATIONS",
    "AfterReview",
    "AnnualSummary",
    "Choice",
    "Condition",
    "CriterionRecord",
    "Decision",
    "KeyCriteriaRule",
    "KeyCriterion",
    "ModificationDecision",
    "ModificationFacts",
    "ModificationGround",
    "ModificationRule",
    "NextSteps",
    "Process",
    "ProcessFacts",
    "ProcessOption",
    "ProcessRule",
    "PsrStandstill",
    "PsrState",
    "PsrTable",
    "Representation",
    "Review",
    "ReviewDecision",
    "StandstillRule",
    "Step",
    "SummaryItem",
    "SummaryRow",
    "Thresholds",
    "UrgentDecision",
    "UrgentFacts",
    "UrgentRule",
    "after_representation",
    "annual_summary",
    "basic_selection_criteria",
    "choose_process",
    "considerable_change",
    "contract_may_be_made_from",
    "decision_record_locked",
    "decision_record_problems",
    "key_criteria",
    "modification_permitted",
    "next_step",
    "parse_psr",
    "process_rule",
    "psr_standstill",
    "psr_table",
    "representation_allowed",
    "standstill_ends_on",
    "standstill_rule",
    "summary_period",
    "urgent_award_permitted",
]
