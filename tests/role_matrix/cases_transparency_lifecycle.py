"""Role-matrix cases for transparency (lifecycle): the notices a contract still owes. The world
is built by tests/role_matrix/world_transparency.py (MXKDUE: B's contract recorded with a
signature 40 days back, its UK7 overdue)."""

from tests.role_matrix.cases import Case, at
from tests.role_matrix.world import SIGNED_IN, actors

PUBLISHERS = actors("B:procurement_lead", "B:approver", "platform_admin")

CASES: list[Case] = [
    Case("GET /api/v1/notices/overdue", SIGNED_IN, at("/api/v1/notices/overdue")),
    Case(
        "POST /api/v1/notices/due/{code}/{contract_reference}",
        PUBLISHERS,
        at("/api/v1/notices/due/UK7/MXKDUE"),
    ),
    Case("GET /notices/due/<str:code>/<str:reference>", PUBLISHERS, at("/notices/due/UK7/MXKDUE")),
    Case("POST /notices/due/<str:code>/<str:reference>", PUBLISHERS, at("/notices/due/UK7/MXKDUE", {})),
]
