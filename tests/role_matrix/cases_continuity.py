"""Role-matrix cases for continuity of supply: a lot's backstops (the agreement manager's),
calling on one from a contract (the buyer's contract managers), and the handovers list. The
world is built by tests/role_matrix/world_continuity.py (MX1 lot 1's backstop, with MXBK)."""

from tests.role_matrix.cases import Case, Request, at
from tests.role_matrix.world import PLATFORM, SIGNED_IN, actors

LOT_READERS = actors("B:agreement_manager") | PLATFORM
MANAGER = actors("B:agreement_manager", "platform_admin")
CONTRACTING = actors("B:procurement_lead", "B:approver", "platform_admin")
LOT = "/agreements/MX1/lots/1/backstops"


def _backstop(path: str, data=None):
    return lambda w, a: Request(path.format(id=w.extra["lot_backstop"].pk), data)


CALL = {"reason": "supplier_exit", "details": "Matrix supplier exits"}

CASES: list[Case] = [
    # Pages
    Case("GET /agreements/<str:reference>/lots/<int:number>/backstops", LOT_READERS, at(LOT)),
    Case(
        "POST /agreements/<str:reference>/lots/<int:number>/backstops",
        MANAGER,
        at(LOT, {"region": "london", "title": "Matrix London backstop", "rank_1": "MXBK"}),
    ),
    Case(
        "GET /agreements/<str:reference>/lots/<int:number>/backstops/<int:backstop_id>",
        LOT_READERS,
        _backstop(LOT + "/{id}"),
    ),
    Case(
        "POST /agreements/<str:reference>/lots/<int:number>/backstops/<int:backstop_id>",
        MANAGER,
        _backstop(LOT + "/{id}", {"rank_1": "MXBK"}),
    ),
    Case("GET /contracts/<str:reference>/backstop", CONTRACTING, at("/contracts/MXK1/backstop")),
    Case(
        "POST /contracts/<str:reference>/backstop",
        CONTRACTING,
        at("/contracts/MXK1/backstop", {**CALL, "confirm": "yes"}),
    ),
    Case("GET /contracts/handovers", SIGNED_IN, at("/contracts/handovers")),
    # API
    Case("GET /api/v1/agreements/{reference}/lots/{number}/backstops", LOT_READERS, at("/api/v1" + LOT)),
    Case(
        "POST /api/v1/agreements/{reference}/lots/{number}/backstops",
        MANAGER,
        at("/api/v1" + LOT, {"region": "london", "title": "Matrix London", "supplier_codes": ["MXBK"]}),
    ),
    Case(
        "PUT /api/v1/backstops/{backstop_id}/suppliers",
        MANAGER,
        _backstop("/api/v1/backstops/{id}/suppliers", {"supplier_codes": ["MXBK"]}),
    ),
    Case("GET /api/v1/contracts/{reference}/backstop", CONTRACTING, at("/api/v1/contracts/MXK1/backstop")),
    Case(
        "POST /api/v1/contracts/{reference}/backstop",
        CONTRACTING,
        at("/api/v1/contracts/MXK1/backstop", CALL),
    ),
    Case("GET /api/v1/handovers", SIGNED_IN, at("/api/v1/handovers")),
]
