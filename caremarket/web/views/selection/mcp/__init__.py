"""The Most Suitable Provider process's pages: for commissioners (the process, its stages and
what comes next, and each step's form), panel members (declaring, then rating each domain's
sub-criteria) and alliance providers (their alliance, its submission, its ratings after
moderation, and the stage 2 documents to agree).

A package by stage: common (fetching for the actor, the form and `_form_view`), setup (the list,
the overview and setting up), dialogue (stage 1's sessions and submissions), assessment (the
panel, moderation and gateway 1) and stage2 (stage 2, gateway 2, the decision, the intention and
the contract). The pages' addresses are assembled here."""

from django.urls import path

from caremarket.web.views.selection.mcp.assessment import (
    alliance_ratings,
    gateway1,
    moderate,
    panel_declare,
    panel_rate,
)
from caremarket.web.views.selection.mcp.common import (  # noqa: F401  (re-exported)
    DATE_HINT,
    FORM,
    RATING_OPTIONS,
    _alliance,
    _date_field,
    _done,
    _form,
    _form_view,
    _process,
    _required_date,
)
from caremarket.web.views.selection.mcp.dialogue import QA_ROWS, dialogue_new, submission  # noqa: F401
from caremarket.web.views.selection.mcp.setup import (  # noqa: F401
    _provider_options,
    alliance_detail,
    alliance_letter,
    alliance_new,
    market_notice,
    msp_deadline,
    msp_list,
    msp_overview,
    msp_start,
    panel_add,
)
from caremarket.web.views.selection.mcp.stage2 import (
    contract_new,
    engagement,
    gateway2,
    msp_decision,
    msp_intention,
    stage2_agree,
    stage2_document,
)

# --- The pages' addresses (included by caremarket/web/selection_urls.py) ---------------------------

P = "selection/msp/<str:reference>"
A = P + "/alliances/<int:alliance_id>"

urlpatterns = [
    path("selection/msp", msp_list, name="msp-list"),
    path(P, msp_overview, name="msp"),
    path(f"{P}/start", msp_start, name="msp-start"),
    path(f"{P}/deadline", msp_deadline, name="msp-deadline"),
    path(f"{P}/alliances/new", alliance_new, name="msp-alliance-new"),
    path(f"{P}/market-notice", market_notice, name="msp-market-notice"),
    path(f"{P}/dialogue/new", dialogue_new, name="msp-dialogue-new"),
    path(f"{P}/panel", panel_add, name="msp-panel"),
    path(f"{P}/declare", panel_declare, name="msp-declare"),
    path(f"{P}/gateway1", gateway1, name="msp-gateway1"),
    path(f"{P}/engagement", engagement, name="msp-engagement"),
    path(f"{P}/gateway2", gateway2, name="msp-gateway2"),
    path(f"{P}/decision", msp_decision, name="msp-decision"),
    path(f"{P}/intention", msp_intention, name="msp-intention"),
    path(f"{P}/stage2/versions/<int:version_id>/agree", stage2_agree, name="msp-stage2-agree"),
    path(A, alliance_detail, name="msp-alliance"),
    path(f"{A}/letter", alliance_letter, name="msp-alliance-letter"),
    path(f"{A}/submission", submission, name="msp-submission"),
    path(f"{A}/rate/<str:domain>", panel_rate, name="msp-rate"),
    path(f"{A}/moderate", moderate, name="msp-moderate"),
    path(f"{A}/ratings", alliance_ratings, name="msp-ratings"),
    path(f"{A}/stage2/<str:kind>", stage2_document, name="msp-stage2"),
    path(f"{A}/contract", contract_new, name="msp-contract"),
]
