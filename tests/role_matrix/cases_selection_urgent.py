"""Role-matrix cases for urgent awards under the Provider Selection Regime (regulation 14). The
world is built by tests/role_matrix/world_selection_urgent.py: the matrix buyer (B) has made an
urgent award to the matrix supplier (S). Modifications of a PSR contract (regulation 13) go
through the contract variation routes, whose cases are in cases_contracts.py."""

from tests.role_matrix.cases import Case, Request, at
from tests.role_matrix.world import B_MEMBERS, PLATFORM, SIGNED_IN, actors

# The commissioner's procurement leads and approvers record an urgent award.
MANAGERS = actors("B:procurement_lead", "B:approver")
# The commissioner's members and oversight see it.
VIEWERS = B_MEMBERS | PLATFORM


def _award(prefix: str):
    return lambda w, a: Request(f"{prefix}/{w.extra['urgent_award'].pk}")


def _new_award(w, a) -> dict:
    from caremarket.core import clock

    return {
        "organisation_code": w.buyer.code,
        "provider_code": w.supplier.code,
        "title": "Matrix urgent equipment",
        "value": "50,000",
        "starts_on": clock.today().isoformat(),
        "term_months": 3,
        "must_be_made_urgently": True,
        "urgency_unforeseeable_and_not_attributable": True,
        "delay_risks_patient_or_public_safety": True,
        "urgency_reason": "A flood closed the store",
    }


PAGES = [
    Case("GET /selection/urgent-awards", SIGNED_IN, at("/selection/urgent-awards")),
    Case("GET /selection/urgent-awards/new", MANAGERS, at("/selection/urgent-awards/new")),
    Case("GET /selection/urgent-awards/<int:pk>", VIEWERS, _award("/selection/urgent-awards")),
]

API = [
    Case("GET /api/v1/selection/urgent-awards", SIGNED_IN, at("/api/v1/selection/urgent-awards")),
    Case(
        "POST /api/v1/selection/urgent-awards",
        MANAGERS,
        lambda w, a: Request("/api/v1/selection/urgent-awards", _new_award(w, a)),
        ok=frozenset({201}),
    ),
    Case(
        "GET /api/v1/selection/urgent-awards/{award_id}",
        VIEWERS,
        _award("/api/v1/selection/urgent-awards"),
    ),
]

CASES: list[Case] = PAGES + API
