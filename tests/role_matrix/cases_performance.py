"""Role-matrix cases for contract performance pages and routes: defining KPIs, the supplier's
self-assessment, improvement plans and their progress, the scorecard's PDF, and suspension
proposals decided on their own page (MXK1 and its proposal come from world_contracts, the
plan from world_performance)."""

from tests.role_matrix.cases import Case, Request, at
from tests.role_matrix.cases_contracts import (
    CONTRACTING,
    MANAGER,
    PARTIES,
    SUPPLIER,
    _last_month,
    extra,
)
from tests.role_matrix.world import SIGNED_IN, actors

PLAN_UPDATERS = CONTRACTING | actors("S:supplier_user")
KPI = {"name": "Matrix KPI", "unit": "%", "target": "95", "amber_limit": "90"}

API = [
    Case("POST /api/v1/contracts/{reference}/kpis", CONTRACTING, at("/api/v1/contracts/MXK1/kpis", KPI)),
    Case(
        "POST /api/v1/contracts/{reference}/self-assessments",
        SUPPLIER,
        lambda w, a: Request(
            "/api/v1/contracts/MXK1/self-assessments",
            {"period": _last_month(), "scores": {"customer": 4, "services": 3}},
        ),
    ),
    Case(
        "POST /api/v1/contracts/{reference}/improvement-plans",
        CONTRACTING,
        lambda w, a: Request(
            "/api/v1/contracts/MXK1/improvement-plans",
            {"title": "Matrix", "actions": "Act", "due_on": "2099-01-01", "form_key": f"matrix-{a}"},
        ),
    ),
    Case(
        "POST /api/v1/improvement-plans/{plan_id}/progress",
        PLAN_UPDATERS,
        extra("/api/v1/improvement-plans/{id}/progress", {"progress": "Matrix progress"}, id="plan"),
    ),
    Case(
        "POST /api/v1/improvement-plans/{plan_id}/close",
        CONTRACTING,
        extra("/api/v1/improvement-plans/{id}/close", {"outcome": "Matrix outcome"}, id="plan"),
    ),
    Case(
        "GET /api/v1/suspension-proposals/{proposal_id}",
        PARTIES,
        extra("/api/v1/suspension-proposals/{id}", id="proposal"),
    ),
]

PAGES = [
    Case("GET /contracts/<str:reference>/kpis", PARTIES, at("/contracts/MXK1/kpis")),
    Case("POST /contracts/<str:reference>/kpis", CONTRACTING, at("/contracts/MXK1/kpis", KPI)),
    Case("GET /contracts/<str:reference>/performance.pdf", PARTIES, at("/contracts/MXK1/performance.pdf")),
    Case("GET /contracts/proposals", SIGNED_IN, at("/contracts/proposals")),
    Case(
        "GET /contracts/proposals/<int:proposal_id>",
        PARTIES,
        extra("/contracts/proposals/{id}", id="proposal"),
    ),
    Case(
        "POST /contracts/proposals/<int:proposal_id>",
        MANAGER,
        extra("/contracts/proposals/{id}", {"decision": "close", "outcome": "Matrix"}, id="proposal"),
    ),
]

CASES: list[Case] = API + PAGES
