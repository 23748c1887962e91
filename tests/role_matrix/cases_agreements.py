"""Role-matrix cases for commercial agreements: browsing, setting up, admission, evidence,
standing on a lot and reviews. The world is built by tests/role_matrix/world_agreements.py:
the matrix buyer (B) runs MX1 and the draft MX2; the matrix supplier (S) is on lot 1 of MX1."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from caremarket.agreements.factories import PDF
from caremarket.core import clock
from tests.role_matrix.cases import Case, Request, at
from tests.role_matrix.world import PLATFORM, SIGNED_IN, World, actors

MANAGERS = actors("B:agreement_manager", "platform_admin")
READ_REVIEWS = actors("B:agreement_manager", "auditor", "platform_admin")
APPLIERS = actors("S:supplier_user", "platform_admin")
SUPPLIER_MEMBERS = actors("S:supplier_user", "S:org_admin")
# Who sees an application, its evidence or a supplier's standing: the supplier, the manager,
# auditors and platform administrators.
SUPPLIER_AND_MANAGER = SUPPLIER_MEMBERS | READ_REVIEWS
SUPPLIER_AND_OVERSIGHT = SUPPLIER_MEMBERS | PLATFORM
ANSWERS = {"experience": "Matrix experience", "insurance": True, "bankrupt": False}
FORM_ANSWERS = {"q-experience": "Matrix experience", "q-insurance": "yes", "q-bankrupt": "no"}


def _dates() -> dict:
    today = clock.today()
    return {
        "valid_from": (today - timedelta(days=1)).isoformat(),
        "expires_on": (today + timedelta(days=365)).isoformat(),
    }


def _page_dates() -> dict:
    today = clock.today()
    return {
        "valid_from": (today - timedelta(days=1)).strftime("%d/%m/%Y"),
        "expires_on": (today + timedelta(days=365)).strftime("%d/%m/%Y"),
    }


def application(path: str, data: dict | None = None):
    return lambda w, a: Request(path.format(id=w.extra["application"].pk), data)


def evidence(path: str):
    return lambda w, a: Request(path.format(id=w.extra["evidence"].pk))


def review(path: str, data: dict | None = None):
    return lambda w, a: Request(path.format(year=w.extra["review_year"], supplier=w.supplier.code), data)


def upload(w: World, a: str) -> Request:
    return Request(
        f"/api/v1/suppliers/{w.supplier.code}/evidence",
        {
            "file": SimpleUploadedFile("matrix.pdf", PDF, content_type="application/pdf"),
            "description": "Policy",
        },
    )


def renew_api(w: World, a: str) -> Request:
    return Request(
        f"/api/v1/suppliers/{w.supplier.code}/certifications/renewals", {"scheme": "dspt", **_dates()}
    )


def renew_page(w: World, a: str) -> Request:
    return Request(
        f"/agreements/compliance/renew?supplier={w.supplier.code}", {"scheme": "dspt", **_page_dates()}
    )


def new_agreement(w: World, a: str) -> Request:
    today = clock.today()
    return Request(
        "/api/v1/agreements",
        {
            "owner_code": w.buyer.code,
            "reference": "MXNEW",
            "title": "New matrix agreement",
            "kind": "framework",
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=1000)).isoformat(),
        },
    )


def new_agreement_page(w: World, a: str) -> Request:
    today = clock.today()
    return Request(
        "/agreements/new",
        {
            "reference": "MXPAGE",
            "title": "New matrix agreement",
            "kind": "dps",
            "owner": w.buyer.code,
            "starts_on": today.strftime("%d/%m/%Y"),
            "ends_on": (today + timedelta(days=1000)).strftime("%d/%m/%Y"),
            "fee_percent": "1",
            "review_interval_months": "12",
        },
    )


def edit_page(w: World, a: str) -> Request:
    return Request(
        "/agreements/MX1/edit",
        {
            "title": "Matrix agreement, renamed",
            "ends_on": (clock.today() + timedelta(days=700)).strftime("%d/%m/%Y"),
            "fee_percent": "1",
            "required_standards": "dspt",
            "review_interval_months": "12",
        },
    )


LOT_RULES = {"procedures": ["further_competition"], "takes_new_suppliers": True, "price_units": ["per_user"]}
PAGE_RULES = {"procedures": "further_competition", "takes_new_suppliers": "yes", "price_units": "per_user"}
S = "{supplier}"

API = [
    Case("GET /api/v1/agreements", SIGNED_IN, at("/api/v1/agreements?page=1")),
    Case("POST /api/v1/agreements", MANAGERS, new_agreement),
    Case("GET /api/v1/agreements/{reference}", SIGNED_IN, at("/api/v1/agreements/MX1")),
    Case(
        "PATCH /api/v1/agreements/{reference}", MANAGERS, at("/api/v1/agreements/MX1", {"title": "Renamed"})
    ),
    Case(
        "POST /api/v1/agreements/{reference}/status",
        MANAGERS,
        at("/api/v1/agreements/MX2/status", {"to": "open_for_applications"}),
    ),
    Case("GET /api/v1/agreements/{reference}/lots", SIGNED_IN, at("/api/v1/agreements/MX1/lots")),
    Case(
        "POST /api/v1/agreements/{reference}/lots",
        MANAGERS,
        at("/api/v1/agreements/MX1/lots", {"title": "Matrix lot four", **LOT_RULES}),
    ),
    Case("GET /api/v1/agreements/{reference}/lots/{number}", SIGNED_IN, at("/api/v1/agreements/MX1/lots/1")),
    Case(
        "GET /api/v1/agreements/{reference}/lots/{number}/rules",
        SIGNED_IN,
        at("/api/v1/agreements/MX1/lots/1/rules"),
    ),
    Case(
        "PUT /api/v1/agreements/{reference}/lots/{number}/rules",
        MANAGERS,
        at("/api/v1/agreements/MX1/lots/1/rules", LOT_RULES),
    ),
    Case(
        "GET /api/v1/agreements/{reference}/lots/{number}/suppliers",
        SIGNED_IN,
        at("/api/v1/agreements/MX1/lots/1/suppliers"),
    ),
    Case(
        "GET /api/v1/agreements/{reference}/lots/{number}/invitable",
        SIGNED_IN,
        at("/api/v1/agreements/MX1/lots/1/invitable"),
    ),
    Case(
        "GET /api/v1/agreements/{reference}/lots/{number}/routes",
        SIGNED_IN,
        at("/api/v1/agreements/MX1/lots/1/routes"),
    ),
    Case(
        "GET /api/v1/agreements/{reference}/lots/{number}/suppliers/{code}",
        SUPPLIER_AND_MANAGER,
        at("/api/v1/agreements/MX1/lots/1/suppliers/{supplier}"),
    ),
    Case(
        "POST /api/v1/agreements/{reference}/lots/{number}/suppliers/{code}/suspend",
        MANAGERS,
        at(
            "/api/v1/agreements/MX1/lots/1/suppliers/{supplier}/suspend",
            {"ground": "other", "reason": "Matrix"},
        ),
    ),
    Case(
        "POST /api/v1/agreements/{reference}/lots/{number}/suppliers/{code}/reinstate",
        MANAGERS,
        at("/api/v1/agreements/MX1/lots/1/suppliers/MXT/reinstate", {"reason": "Fees paid"}),
    ),
    Case(
        "POST /api/v1/agreements/{reference}/lots/{number}/suppliers/{code}/remove",
        MANAGERS,
        at(
            "/api/v1/agreements/MX1/lots/1/suppliers/{supplier}/remove",
            {"ground": "other", "reason": "Matrix"},
        ),
    ),
    Case("GET /api/v1/agreements/{reference}/reviews", READ_REVIEWS, at("/api/v1/agreements/MX1/reviews")),
    Case(
        "POST /api/v1/agreements/{reference}/reviews",
        MANAGERS,
        lambda w, a: Request("/api/v1/agreements/MX1/reviews", {"year": clock.today().year}),
    ),
    Case(
        "GET /api/v1/agreements/{reference}/reviews/{year}",
        READ_REVIEWS,
        review("/api/v1/agreements/MX1/reviews/{year}"),
    ),
    Case(
        "PUT /api/v1/agreements/{reference}/reviews/{year}/suppliers/{code}",
        MANAGERS,
        review(
            "/api/v1/agreements/MX1/reviews/{year}/suppliers/{supplier}",
            {"performance": "good", "data_handling": "no_concerns", "interoperability": "meets"},
        ),
    ),
    Case(
        "POST /api/v1/agreements/{reference}/reviews/{year}/suppliers/{code}/remove",
        MANAGERS,
        review(
            "/api/v1/agreements/MX1/reviews/{year}/suppliers/{supplier}/remove",
            {"ground": "unpaid_management_fees", "reason": "Matrix"},
        ),
    ),
    Case(
        "POST /api/v1/agreements/{reference}/reviews/{year}/complete",
        MANAGERS,
        review("/api/v1/agreements/MX1/reviews/{year}/complete", {"summary": "Done"}),
    ),
    Case("GET /api/v1/applications", SIGNED_IN, at("/api/v1/applications?page=1")),
    Case(
        "POST /api/v1/agreements/{reference}/applications",
        APPLIERS,
        at("/api/v1/agreements/MX1/applications", {"supplier_code": "MXS", "lots": [3], "answers": ANSWERS}),
    ),
    Case(
        "GET /api/v1/applications/{application_id}",
        SUPPLIER_AND_MANAGER,
        application("/api/v1/applications/{id}"),
    ),
    Case(
        "POST /api/v1/applications/{application_id}/assessments",
        MANAGERS,
        application("/api/v1/applications/{id}/assessments", {"outcome": "pass", "reasons": "Fine"}),
    ),
    Case(
        "POST /api/v1/applications/{application_id}/admit",
        MANAGERS,
        application("/api/v1/applications/{id}/admit", {"reason": ""}),
    ),
    Case(
        "POST /api/v1/applications/{application_id}/reject",
        MANAGERS,
        application("/api/v1/applications/{id}/reject", {"reason": "Not enough evidence"}),
    ),
    Case(
        "POST /api/v1/applications/{application_id}/withdraw",
        APPLIERS,
        application("/api/v1/applications/{id}/withdraw"),
    ),
    Case(
        "GET /api/v1/suppliers/{code}/evidence",
        SUPPLIER_AND_OVERSIGHT,
        at("/api/v1/suppliers/{supplier}/evidence"),
    ),
    Case("POST /api/v1/suppliers/{code}/evidence", APPLIERS, upload),
    Case("GET /api/v1/evidence/{evidence_id}", SUPPLIER_AND_MANAGER, evidence("/api/v1/evidence/{id}")),
    Case(
        "GET /api/v1/evidence/{evidence_id}/content",
        SUPPLIER_AND_MANAGER,
        evidence("/api/v1/evidence/{id}/content"),
    ),
    Case(
        "GET /api/v1/suppliers/{code}/compliance",
        SUPPLIER_AND_OVERSIGHT,
        at("/api/v1/suppliers/{supplier}/compliance"),
    ),
    Case("POST /api/v1/suppliers/{code}/certifications/renewals", APPLIERS, renew_api),
]

PAGES = [
    Case("GET /agreements", SIGNED_IN, at("/agreements")),
    Case("GET /agreements/new", MANAGERS, at("/agreements/new")),
    Case("POST /agreements/new", MANAGERS, new_agreement_page),
    Case("GET /agreements/applications", SIGNED_IN, at("/agreements/applications?status=all")),
    Case(
        "GET /agreements/applications/<int:application_id>",
        SUPPLIER_AND_MANAGER,
        application("/agreements/applications/{id}"),
    ),
    Case(
        "POST /agreements/applications/<int:application_id>/assess",
        MANAGERS,
        application("/agreements/applications/{id}/assess", {"outcome": "pass", "reasons": "Fine"}),
    ),
    Case(
        "POST /agreements/applications/<int:application_id>/decide",
        MANAGERS,
        application("/agreements/applications/{id}/decide", {"decision": "admit", "reason": ""}),
    ),
    Case(
        "POST /agreements/applications/<int:application_id>/withdraw",
        APPLIERS,
        application("/agreements/applications/{id}/withdraw", {}),
    ),
    Case(
        "GET /agreements/evidence/<int:evidence_id>",
        SUPPLIER_AND_MANAGER,
        evidence("/agreements/evidence/{id}"),
    ),
    Case(
        "GET /agreements/compliance", SUPPLIER_AND_OVERSIGHT, at("/agreements/compliance?supplier={supplier}")
    ),
    Case(
        "GET /agreements/compliance/renew", APPLIERS, at("/agreements/compliance/renew?supplier={supplier}")
    ),
    Case("POST /agreements/compliance/renew", APPLIERS, renew_page),
    Case("GET /agreements/<str:reference>", SIGNED_IN, at("/agreements/MX1")),
    Case("GET /agreements/<str:reference>/edit", MANAGERS, at("/agreements/MX1/edit")),
    Case("POST /agreements/<str:reference>/edit", MANAGERS, edit_page),
    Case("GET /agreements/<str:reference>/status", MANAGERS, at("/agreements/MX2/status")),
    Case(
        "POST /agreements/<str:reference>/status",
        MANAGERS,
        at("/agreements/MX2/status", {"to": "open_for_applications"}),
    ),
    Case("GET /agreements/<str:reference>/lots/add", MANAGERS, at("/agreements/MX1/lots/add")),
    Case(
        "POST /agreements/<str:reference>/lots/add",
        MANAGERS,
        at("/agreements/MX1/lots/add", {"title": "Matrix page lot", **PAGE_RULES}),
    ),
    Case(
        "GET /agreements/<str:reference>/apply", actors("S:supplier_user"), at("/agreements/MX1/apply?lots=3")
    ),
    Case(
        "POST /agreements/<str:reference>/apply",
        actors("S:supplier_user"),
        at("/agreements/MX1/apply", {"lots": "3", **FORM_ANSWERS}),
    ),
    Case("GET /agreements/<str:reference>/lots/<int:number>", SIGNED_IN, at("/agreements/MX1/lots/1")),
    Case(
        "GET /agreements/<str:reference>/lots/<int:number>/rules",
        MANAGERS,
        at("/agreements/MX1/lots/1/rules"),
    ),
    Case(
        "POST /agreements/<str:reference>/lots/<int:number>/rules",
        MANAGERS,
        at("/agreements/MX1/lots/1/rules", {**PAGE_RULES, "note": "Matrix"}),
    ),
    Case(
        "GET /agreements/<str:reference>/lots/<int:number>/suppliers/<str:code>",
        SUPPLIER_AND_MANAGER,
        at("/agreements/MX1/lots/1/suppliers/{supplier}"),
    ),
    Case(
        "POST /agreements/<str:reference>/lots/<int:number>/suppliers/<str:code>",
        MANAGERS,
        at(
            "/agreements/MX1/lots/1/suppliers/{supplier}",
            {"change": "suspend", "ground": "other", "reason": "x"},
        ),
    ),
    Case("GET /agreements/<str:reference>/reviews", READ_REVIEWS, at("/agreements/MX1/reviews")),
    Case("POST /agreements/<str:reference>/reviews", MANAGERS, at("/agreements/MX1/reviews", {})),
    Case(
        "GET /agreements/<str:reference>/reviews/<int:year>",
        READ_REVIEWS,
        review("/agreements/MX1/reviews/{year}"),
    ),
    Case(
        "GET /agreements/<str:reference>/reviews/<int:year>/suppliers/<str:code>",
        MANAGERS,
        review("/agreements/MX1/reviews/{year}/suppliers/{supplier}"),
    ),
    Case(
        "POST /agreements/<str:reference>/reviews/<int:year>/suppliers/<str:code>",
        MANAGERS,
        review(
            "/agreements/MX1/reviews/{year}/suppliers/{supplier}",
            {"performance": "good", "data_handling": "no_concerns", "interoperability": "meets"},
        ),
    ),
    Case(
        "GET /agreements/<str:reference>/reviews/<int:year>/suppliers/<str:code>/remove",
        MANAGERS,
        review("/agreements/MX1/reviews/{year}/suppliers/{supplier}/remove"),
    ),
    Case(
        "POST /agreements/<str:reference>/reviews/<int:year>/suppliers/<str:code>/remove",
        MANAGERS,
        review(
            "/agreements/MX1/reviews/{year}/suppliers/{supplier}/remove",
            {"ground": "unpaid_management_fees", "reason": "Matrix"},
        ),
    ),
    Case(
        "POST /agreements/<str:reference>/reviews/<int:year>/complete",
        MANAGERS,
        review("/agreements/MX1/reviews/{year}/complete", {"summary": "Done"}),
    ),
]

CASES = API + PAGES
