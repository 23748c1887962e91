"""Role-matrix cases for provider selection (psr). The world is built by
tests/role_matrix/world_selection.py: the matrix buyer (B) runs Direct Award C processes for the
matrix supplier (S): one decided (psr_decided), one in standstill (psr_standstill), one paused by
S's representation (psr_paused)."""

from tests.role_matrix.cases import Case, Request, at
from tests.role_matrix.world import B_MEMBERS, PLATFORM, S_MEMBERS, SIGNED_IN, actors

# The lead commissioner's procurement leads and approvers run the process.
MANAGERS = actors("B:procurement_lead", "B:approver")
# The commissioner's members and oversight see it.
VIEWERS = B_MEMBERS | PLATFORM
# A provider's people make representations; the commissioner records one received by email.
REPRESENTERS = MANAGERS | S_MEMBERS


def _process(name: str, tail: str = "", data=None):
    return lambda w, a: Request(f"/selection/{w.extra[name].reference}{tail}", data)


def _clarify(data=None):
    return lambda w, a: Request(
        f"/selection/{w.extra['psr_paused'].reference}/representations/{w.extra['psr_representation'].pk}/clarify",
        data,
    )


PAGES = [
    Case("GET /selection", SIGNED_IN, at("/selection")),
    Case("GET /selection/new", MANAGERS, at("/selection/new")),
    Case(
        "GET /selection/annual-summary",
        VIEWERS,
        at("/selection/annual-summary?organisation={buyer}&year=2025"),
    ),
    Case(
        "GET /selection/annual-summary.<str:extension>",
        VIEWERS,
        at("/selection/annual-summary.csv?organisation={buyer}&year=2025"),
    ),
    Case("GET /selection/<str:reference>", VIEWERS, _process("psr_standstill")),
    Case("GET /selection/<str:reference>/choose", MANAGERS, _process("psr_decided", "/choose")),
    Case("GET /selection/<str:reference>/decision", MANAGERS, _process("psr_decided", "/decision")),
    Case("POST /selection/<str:reference>/intention", MANAGERS, _process("psr_decided", "/intention", {})),
    Case(
        "POST /selection/<str:reference>/representations/new",
        REPRESENTERS,
        lambda w, a: Request(
            f"/selection/{w.extra['psr_standstill'].reference}/representations/new",
            {"summary": "Please reconsider", "provider": w.supplier.code},
        ),
    ),
    Case(
        "POST /selection/<str:reference>/representations/<int:representation_id>/clarify",
        MANAGERS,
        _clarify({"clarification": "Explained by telephone"}),
    ),
    Case(
        "POST /selection/<str:reference>/review",
        MANAGERS,
        _process("psr_paused", "/review", {"decision": "proceed", "reasons": "Considered"}),
    ),
    Case("GET /selection/<str:reference>/award", MANAGERS, _process("psr_standstill", "/award")),
]


def _api(name: str, tail: str = "", data=None):
    return lambda w, a: Request(f"/api/v1/selection/processes/{w.extra[name].reference}{tail}", data)


def _criteria():
    from caremarket.core import clock
    from caremarket.selection.demo_psr import criteria_rows

    return criteria_rows(clock.today())


DA_C_FACTS = {
    "existing_provider": True,
    "existing_contract_expiring": True,
    "provider_satisfactory": True,
    "change_attributable_to_authority": True,
    "old_lifetime_value": "2,400,000",
    "new_lifetime_value": "2,460,000",
}

API = [
    Case("GET /api/v1/selection/processes", SIGNED_IN, at("/api/v1/selection/processes")),
    Case(
        "POST /api/v1/selection/processes",
        MANAGERS,
        at("/api/v1/selection/processes", {"organisation_code": "MXB", "title": "Matrix wheelchairs"}),
        ok=frozenset({201}),
    ),
    Case("GET /api/v1/selection/processes/{reference}", VIEWERS, _api("psr_standstill")),
    Case(
        "POST /api/v1/selection/processes/{reference}/choose",
        MANAGERS,
        _api("psr_decided", "/choose", {"facts": DA_C_FACTS, "process": "direct_award_c"}),
    ),
    Case(
        "PUT /api/v1/selection/processes/{reference}/decision",
        MANAGERS,
        lambda w, a: Request(
            f"/api/v1/selection/processes/{w.extra['psr_decided'].reference}/decision",
            {"provider_code": w.supplier.code, "contract_value": "2,460,000", "criteria": _criteria()},
        ),
    ),
    Case(
        "POST /api/v1/selection/processes/{reference}/intention", MANAGERS, _api("psr_decided", "/intention")
    ),
    Case(
        "POST /api/v1/selection/processes/{reference}/representations",
        REPRESENTERS,
        lambda w, a: Request(
            f"/api/v1/selection/processes/{w.extra['psr_standstill'].reference}/representations",
            {"provider_code": w.supplier.code, "summary": "Please reconsider"},
        ),
        ok=frozenset({201}),
    ),
    Case(
        "POST /api/v1/selection/processes/{reference}/representations/{representation_id}/clarification",
        MANAGERS,
        lambda w, a: Request(
            f"/api/v1/selection/processes/{w.extra['psr_paused'].reference}/representations/"
            f"{w.extra['psr_representation'].pk}/clarification",
            {"clarification": "Explained by telephone"},
        ),
    ),
    Case(
        "POST /api/v1/selection/processes/{reference}/review",
        MANAGERS,
        _api("psr_paused", "/review", {"decision": "proceed", "reasons": "Considered"}),
    ),
    # Direct Award A awards at once: the matrix has none ready, so the refusal (409) is the
    # allowed answer; others are denied before the rules are asked.
    Case(
        "POST /api/v1/selection/processes/{reference}/award",
        MANAGERS,
        _api("psr_standstill", "/award", {}),
        ok=frozenset({409}),
    ),
    Case(
        "GET /api/v1/selection/annual-summary/{code}",
        VIEWERS,
        at("/api/v1/selection/annual-summary/{buyer}?year=2025"),
    ),
]

CASES: list[Case] = PAGES + API
