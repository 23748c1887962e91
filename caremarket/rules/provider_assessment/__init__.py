"""The Most Capable / Most Suitable Provider process: the evaluation framework, the panel's
ratings, moderation, gateway 1, the stage 2 documents, gateway 2, who sees the ratings, and
the order of the stages.

The framework is data (`data/mcp_frameworks.yaml`, read with PyYAML's safe loader): domains
and their sub-criteria, the rating scale, the stages and the gateway 1 policy, versioned, with
their source (the Suffolk NHS community services process of 2016, run under the 2013
regulations, which maps onto the Provider Selection Regime's Most Suitable Provider process).

The rules, in the order the process meets them:

- Each panel member declares conflicts of interest, then rates every sub-criterion assured,
  partially assured or not assured, with a comment (`panel_problems`).
- The moderating panel agrees a collective rating per sub-criterion (`moderate`), keeping every
  original rating; a rationale is needed unless every panel member gave the agreed rating.
  Per domain and overall, Caremarket suggests a rating (`domain_rating`: not assured if any is
  not assured, assured if all are assured, else partially assured); the panel agrees the
  collective rating, which may differ from the suggestion with a rationale (`domain_outcome`,
  `overall_assurance`; Suffolk's panel was "overall partly assured" with one area not assured).
- Gateway 1: the commissioners progress (with partial assurance only with a rationale and the
  themes to address early in stage 2; with a domain not assured only when the framework allows
  it, with a note for each) or divert, which ends the process and opens an open-market
  competition (`gateway1_decision_problems`, `gateway1_outcome`).
- Stage 2: the delivery plan, the innovation plan and the service contract, each in versions;
  a document is agreed only when its latest version is agreed by both the commissioners and the
  alliance lead (`document_state`). Gateway 2 is refused until all three are (`gateway2_refusal`).
- Who sees the ratings (`ratings_visible_to`): the commissioners see every rating; a panel
  member sees only their own ratings until moderation (so each rates independently) and every
  rating after it; an alliance's members see their alliance's moderated ratings and rationales
  (not the individual panel members' ratings), only after moderation; another alliance, a panel
  member who declared a conflict, and anyone else see none.
- The stages in order (`current_stage`, `next_stage`, `stage_refusal`): no rating before the
  submission deadline has passed and the submission is in, no moderation before every panel
  member has rated, gateway 1 only after moderation, and so on.

No Django here.

The package: `frameworks` (the data, the rating scale and the problems), `panel` (alliances and
the panel's ratings), `moderation`, `gateways` (gateway 1, the stage 2 documents, gateway 2),
`stages` (who sees the ratings and the order of the stages) and `suffolk` (the case's facts).
Every name stays importable from `caremarket.rules.provider_assessment`.
"""

# The names the single module had from its imports.
from collections.abc import Collection, Iterable, Mapping, Sequence  # noqa: F401
from dataclasses import dataclass, field  # noqa: F401
from datetime import date  # noqa: F401
from enum import StrEnum  # noqa: F401
from functools import cache  # noqa: F401
from pathlib import Path  # noqa: F401
from typing import Any  # noqa: F401

import yaml  # noqa: F401

from caremarket.core.errors import ValidationFailed  # noqa: F401
from caremarket.rules.dates import spoken_date  # noqa: F401
from caremarket.rules.moderation import Declaration  # noqa: F401
from caremarket.rules.provider_assessment.frameworks import (
    MCP_FRAMEWORKS_PATH,
    RATING_LABELS,
    STAGE_ORDER,
    DocumentSpec,
    Domain,
    Framework,
    Gateway1Policy,
    NotAssuredDomains,
    Problem,
    ProblemCode,
    Rating,
    RatingMeaning,
    Stage,
    Stage2Document,
    StageSpec,
    SubCriterion,
    framework,
    framework_codes,
    missing_submission_documents,
    parse_frameworks,
)

# Helpers other modules reach for (`pa._listed`, `pa._data`).
from caremarket.rules.provider_assessment.frameworks import _data as _data
from caremarket.rules.provider_assessment.frameworks import _default_table as _default_table
from caremarket.rules.provider_assessment.frameworks import _listed as _listed
from caremarket.rules.provider_assessment.frameworks import _plural as _plural
from caremarket.rules.provider_assessment.frameworks import _rating as _rating
from caremarket.rules.provider_assessment.gateways import (
    BOTH_SIDES,
    DocumentState,
    DocumentStatus,
    DocumentVersion,
    Gateway1Decision,
    Gateway1Outcome,
    Side,
    document_state,
    gateway1_decision_problems,
    gateway1_outcome,
    gateway2_refusal,
)
from caremarket.rules.provider_assessment.moderation import (
    DomainOutcome,
    ModeratedRating,
    OverallAssurance,
    domain_outcome,
    domain_outcomes,
    domain_rating,
    moderate,
    moderation_problems,
    overall_assurance,
    suggested_rating,
)
from caremarket.rules.provider_assessment.panel import (
    PanelRating,
    alliance_problems,
    panel_problems,
    raters_finished,
)
from caremarket.rules.provider_assessment.stages import (
    STAGE_LABELS,
    StageFacts,
    Step,
    Viewer,
    Visibility,
    commissioner_steps,
    current_stage,
    next_stage,
    ratings_visible_to,
    stage_refusal,
)
from caremarket.rules.provider_assessment.suffolk import (
    CaseAlliance,
    NotAssuredArea,
    SuffolkCase,
    suffolk_case,
)

__all__ = [
    "BOTH_SIDES",
    "MCP_FRAMEWORKS_PATH",
    "RATING_LABELS",
    "STAGE_LABELS",
    "STAGE_ORDER",
    "CaseAlliance",
    "DocumentSpec",
    "DocumentState",
    "DocumentStatus",
    "DocumentVersion",
    "Domain",
    "DomainOutcome",
    "Framework",
    "Gateway1Decision",
    "Gateway1Outcome",
    "Gateway1Policy",
    "ModeratedRating",
    "NotAssuredArea",
    "NotAssuredDomains",
    "OverallAssurance",
    "PanelRating",
    "Problem",
    "ProblemCode",
    "Rating",
    "RatingMeaning",
    "Side",
    "Stage",
    "Stage2Document",
    "StageFacts",
    "StageSpec",
    "Step",
    "SubCriterion",
    "SuffolkCase",
    "Viewer",
    "Visibility",
    "alliance_problems",
    "commissioner_steps",
    "current_stage",
    "document_state",
    "domain_outcome",
    "domain_outcomes",
    "domain_rating",
    "framework",
    "framework_codes",
    "gateway1_decision_problems",
    "gateway1_outcome",
    "gateway2_refusal",
    "missing_submission_documents",
    "moderate",
    "moderation_problems",
    "next_stage",
    "overall_assurance",
    "panel_problems",
    "parse_frameworks",
    "raters_finished",
    "ratings_visible_to",
    "stage_refusal",
    "suffolk_case",
    "suggested_rating",
]
