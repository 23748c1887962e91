"""The pages of a process under the Provider Selection Regime: the list and a new process, the
chooser, the decision record, the notice of intention, representations, the review and the
award, and the annual summary (regulation 25) with its download.

A package by part: common (the templates' folder, reading a form's amounts, terms and codes, and
fetching a process for its managers), process (the list, a new process, one process, the chooser
and the decision record), award (the intention, representations, the review and the award) and
summary (the annual summary and its download). Every page and shared name is re-exported here:
caremarket/web/selection_urls.py uses `psr.<view>` and the MCP pages reuse the decision form's
helpers."""

from caremarket.web.views.selection.psr.award import (
    REVIEW_CHOICES,
    representation_clarify,
    representation_new,
    selection_award,
    selection_intention,
    selection_review,
)
from caremarket.web.views.selection.psr.common import (
    TEMPLATES,
    _commissioner,
    _managed,
    _money,
    _months,
    _organisations,
    money_shown,
)
from caremarket.web.views.selection.psr.process import (
    _criteria_rows,
    _facts_from_post,
    _step_rows,
    decision_context,
    decision_rows,
    decision_values,
    selection_choose,
    selection_decision,
    selection_detail,
    selection_list,
    selection_new,
)
from caremarket.web.views.selection.psr.summary import (
    _summary_request,
    annual_summary,
    annual_summary_download,
)

__all__ = [
    "REVIEW_CHOICES",
    "TEMPLATES",
    "_commissioner",
    "_criteria_rows",
    "_facts_from_post",
    "_managed",
    "_money",
    "_months",
    "_organisations",
    "_step_rows",
    "_summary_request",
    "annual_summary",
    "annual_summary_download",
    "decision_context",
    "decision_rows",
    "decision_values",
    "money_shown",
    "representation_clarify",
    "representation_new",
    "selection_award",
    "selection_choose",
    "selection_decision",
    "selection_detail",
    "selection_intention",
    "selection_list",
    "selection_new",
    "selection_review",
]
