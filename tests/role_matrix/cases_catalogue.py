"""Role-matrix cases for the catalogue: search, services and their versions, drafts and price
lists, approval, compare, shortlists, advisors and benchmarks. The world is built by
tests/role_matrix/world_catalogue.py: the matrix supplier (S) has two live services on lot 1
of MX1, run by the matrix buyer (B); B keeps an open shortlist; B's evaluator is an advisor."""

from django.core.files.uploadedfile import SimpleUploadedFile

from caremarket.catalogue.price_import import template_csv
from tests.role_matrix.cases import OK, Case, Request, at
from tests.role_matrix.world import B_MEMBERS, PLATFORM, SIGNED_IN, actors

SUPPLIER_EDITORS = actors("S:supplier_user", "platform_admin")
MANAGERS = actors("B:agreement_manager", "platform_admin")
WITHDRAWERS = actors("S:supplier_user", "B:agreement_manager", "platform_admin")
HISTORY = actors("S:supplier_user", "S:org_admin", "B:agreement_manager", "auditor", "platform_admin")
APPROVALS = actors("B:agreement_manager", "auditor", "platform_admin")
OWN_LISTINGS = actors("S:supplier_user", "S:org_admin", "auditor", "platform_admin")
# Whoever buys for the organisation they act for (the other organisation's buyer too) saves.
SAVERS = actors("other_org", "B:buyer", "B:procurement_lead", "platform_admin")
SHORTLIST_EDITORS = actors("B:buyer", "B:procurement_lead", "platform_admin")
SHORTLIST_READERS = B_MEMBERS | PLATFORM
ADVISOR = actors("B:evaluator", "platform_admin")
NOMINATORS = SIGNED_IN - {"auditor"}

CONTENT = {
    "name": "Matrix managed Wi-Fi",
    "summary": "Wi-Fi for practices",
    "category": "hscn_managed_lan",
    "regions": ["east"],
    "price_lines": [
        {
            "item": "Access point",
            "unit": "per_device",
            "charge": "monthly",
            "tiers": [{"unit_price": "12.00"}],
        }
    ],
}
PAGE_CONTENT = {"name": "Matrix Wi-Fi", "summary": "Wi-Fi", "category": "hscn_managed_lan", "regions": "east"}


def listing(key: str, path: str, data: dict | None = None):
    return lambda w, a: Request(path.format(id=w.extra[key].pk), data)


def submitted(path: str, data: dict | None = None):
    return listing("submitted_listing", path, data)


def drafted(path: str, data: dict | None = None):
    return listing("drafted_listing", path, data)


def shortlist(path: str, data: dict | None = None):
    return lambda w, a: Request(
        path.format(id=w.extra["shortlist"].pk, listing=w.extra["submitted_listing"].pk), data
    )


def advisor(path: str, data: dict | None = None):
    return lambda w, a: Request(path.format(id=w.extra["advisor"].pk), data)


def compare(w, a) -> Request:
    ids = "&".join(f"id={w.extra[k].pk}" for k in ("submitted_listing", "drafted_listing"))
    return Request(f"/catalogue/compare?{ids}&quantity=5")


def price_file(path: str):
    def request(w, a) -> Request:
        upload = SimpleUploadedFile("prices.csv", template_csv(), content_type="text/csv")
        return Request(path.format(id=w.extra["drafted_listing"].pk), {"file": upload})

    return request


def new_listing(w, a) -> Request:
    lot = w.extra["agreement"].lots.get(number=1)
    return Request("/catalogue/your-services/new", {**PAGE_CONTENT, "lot": str(lot.pk)})


API = [
    Case("GET /api/v1/catalogue/search", SIGNED_IN, at("/api/v1/catalogue/search?q=matrix&region=east")),
    Case(
        "POST /api/v1/catalogue/listings",
        SUPPLIER_EDITORS,
        at("/api/v1/catalogue/listings", {**CONTENT, "supplier_code": "MXS", "agreement": "MX1", "lot": 1}),
    ),
    Case(
        "GET /api/v1/catalogue/listings/{listing_id}", SIGNED_IN, drafted("/api/v1/catalogue/listings/{id}")
    ),
    Case(
        "GET /api/v1/catalogue/listings/{listing_id}/versions",
        HISTORY,
        submitted("/api/v1/catalogue/listings/{id}/versions"),
    ),
    Case(
        "PUT /api/v1/catalogue/listings/{listing_id}/draft",
        SUPPLIER_EDITORS,
        drafted("/api/v1/catalogue/listings/{id}/draft", {"capacity": "Twenty sites a month"}),
    ),
    Case(
        "POST /api/v1/catalogue/listings/{listing_id}/prices",
        SUPPLIER_EDITORS,
        price_file("/api/v1/catalogue/listings/{id}/prices"),
    ),
    Case(
        "POST /api/v1/catalogue/listings/{listing_id}/submit",
        SUPPLIER_EDITORS,
        drafted("/api/v1/catalogue/listings/{id}/submit", {}),
    ),
    Case(
        "POST /api/v1/catalogue/listings/{listing_id}/recall",
        SUPPLIER_EDITORS,
        submitted("/api/v1/catalogue/listings/{id}/recall", {}),
    ),
    Case(
        "POST /api/v1/catalogue/listings/{listing_id}/approve",
        MANAGERS,
        submitted("/api/v1/catalogue/listings/{id}/approve", {}),
    ),
    Case(
        "POST /api/v1/catalogue/listings/{listing_id}/reject",
        MANAGERS,
        submitted("/api/v1/catalogue/listings/{id}/reject", {"reason": "Say more"}),
    ),
    Case(
        "POST /api/v1/catalogue/listings/{listing_id}/withdraw",
        WITHDRAWERS,
        drafted("/api/v1/catalogue/listings/{id}/withdraw", {"reason": "No longer offered"}),
    ),
    Case("GET /api/v1/catalogue/approvals", APPROVALS, at("/api/v1/catalogue/approvals")),
    Case(
        "GET /api/v1/catalogue/suppliers/{code}/listings",
        OWN_LISTINGS,
        at("/api/v1/catalogue/suppliers/{supplier}/listings"),
    ),
    Case(
        "GET /api/v1/catalogue/compare",
        SIGNED_IN,
        lambda w, a: Request(f"/api/v1/catalogue/compare?id={w.extra['drafted_listing'].pk}&quantity=3"),
    ),
    Case("GET /api/v1/catalogue/shortlists", SIGNED_IN, at("/api/v1/catalogue/shortlists")),
    Case(
        "POST /api/v1/catalogue/shortlists",
        SAVERS,
        at("/api/v1/catalogue/shortlists", {"name": "From the API", "q": "matrix", "quantity": 2}),
    ),
    Case(
        "GET /api/v1/catalogue/shortlists/{shortlist_id}",
        SHORTLIST_READERS,
        shortlist("/api/v1/catalogue/shortlists/{id}"),
    ),
    Case(
        "POST /api/v1/catalogue/shortlists/{shortlist_id}/lock",
        SHORTLIST_EDITORS,
        shortlist("/api/v1/catalogue/shortlists/{id}/lock", {}),
    ),
    Case(
        "DELETE /api/v1/catalogue/shortlists/{shortlist_id}/entries/{listing_id}",
        SHORTLIST_EDITORS,
        shortlist("/api/v1/catalogue/shortlists/{id}/entries/{listing}"),
    ),
    Case(
        "GET /api/v1/catalogue/shortlists/{shortlist_id}/export",
        SHORTLIST_READERS,
        shortlist("/api/v1/catalogue/shortlists/{id}/export?format=xlsx"),
    ),
    Case(
        "GET /api/v1/catalogue/advisors", SIGNED_IN, at("/api/v1/catalogue/advisors?specialism=procurement")
    ),
    Case(
        "POST /api/v1/catalogue/advisors",
        NOMINATORS,
        at(
            "/api/v1/catalogue/advisors",
            {
                "headline": "Mentor",
                "specialisms": ["finance"],
                "regions": ["london"],
                "contact_email": "m@x.example",
            },
        ),
        ok=OK | {409},  # the evaluator is in the directory already
    ),
    Case(
        "PATCH /api/v1/catalogue/advisors/{advisor_id}",
        ADVISOR,
        advisor("/api/v1/catalogue/advisors/{id}", {"regions": ["east", "london"]}),
    ),
    Case(
        "POST /api/v1/catalogue/advisors/{advisor_id}/withdraw",
        ADVISOR,
        advisor("/api/v1/catalogue/advisors/{id}/withdraw", {}),
    ),
    Case(
        "GET /api/v1/catalogue/benchmarks", SIGNED_IN, at("/api/v1/catalogue/benchmarks?unit=per_connection")
    ),
]

PAGES = [
    Case("GET /catalogue", SIGNED_IN, at("/catalogue?q=matrix&region=east&sort=price")),
    Case("GET /catalogue/compare", SIGNED_IN, compare),
    Case("GET /catalogue/services/<int:listing_id>", SIGNED_IN, drafted("/catalogue/services/{id}")),
    Case(
        "GET /catalogue/services/<int:listing_id>/versions",
        HISTORY,
        submitted("/catalogue/services/{id}/versions"),
    ),
    Case(
        "GET /catalogue/services/<int:listing_id>/edit",
        SUPPLIER_EDITORS,
        drafted("/catalogue/services/{id}/edit"),
    ),
    Case(
        "POST /catalogue/services/<int:listing_id>/edit",
        SUPPLIER_EDITORS,
        drafted("/catalogue/services/{id}/edit", PAGE_CONTENT),
    ),
    Case(
        "GET /catalogue/services/<int:listing_id>/prices",
        SUPPLIER_EDITORS,
        drafted("/catalogue/services/{id}/prices"),
    ),
    Case(
        "POST /catalogue/services/<int:listing_id>/prices",
        SUPPLIER_EDITORS,
        price_file("/catalogue/services/{id}/prices"),
    ),
    Case(
        "POST /catalogue/services/<int:listing_id>/submit",
        SUPPLIER_EDITORS,
        drafted("/catalogue/services/{id}/submit", {}),
    ),
    Case(
        "GET /catalogue/services/<int:listing_id>/withdraw",
        WITHDRAWERS,
        drafted("/catalogue/services/{id}/withdraw"),
    ),
    Case(
        "POST /catalogue/services/<int:listing_id>/withdraw",
        WITHDRAWERS,
        drafted("/catalogue/services/{id}/withdraw", {"reason": "No longer offered"}),
    ),
    Case(
        "GET /catalogue/services/<int:listing_id>/review",
        MANAGERS,
        submitted("/catalogue/services/{id}/review"),
    ),
    Case(
        "POST /catalogue/services/<int:listing_id>/review",
        MANAGERS,
        submitted("/catalogue/services/{id}/review", {"decision": "approve"}),
    ),
    Case("GET /catalogue/your-services", OWN_LISTINGS, at("/catalogue/your-services")),
    Case("GET /catalogue/your-services/new", SUPPLIER_EDITORS, at("/catalogue/your-services/new")),
    # The platform administrator acts for the platform, which is on no lot: its form comes back.
    Case("POST /catalogue/your-services/new", SUPPLIER_EDITORS, new_listing, ok=OK | {400}),
    Case("GET /catalogue/approvals", APPROVALS, at("/catalogue/approvals")),
    Case("GET /catalogue/price-list-template.csv", SIGNED_IN, at("/catalogue/price-list-template.csv")),
    Case("GET /catalogue/shortlists", SIGNED_IN, at("/catalogue/shortlists")),
    Case(
        "POST /catalogue/shortlists",
        SAVERS,
        at("/catalogue/shortlists", {"name": "From the page", "q": "matrix"}),
    ),
    Case(
        "GET /catalogue/shortlists/<int:shortlist_id>",
        SHORTLIST_READERS,
        shortlist("/catalogue/shortlists/{id}"),
    ),
    Case(
        "POST /catalogue/shortlists/<int:shortlist_id>/lock",
        SHORTLIST_EDITORS,
        shortlist("/catalogue/shortlists/{id}/lock", {}),
    ),
    Case(
        "POST /catalogue/shortlists/<int:shortlist_id>/remove/<int:listing_id>",
        SHORTLIST_EDITORS,
        shortlist("/catalogue/shortlists/{id}/remove/{listing}", {}),
    ),
    Case(
        "GET /catalogue/shortlists/<int:shortlist_id>/download.<str:extension>",
        SHORTLIST_READERS,
        shortlist("/catalogue/shortlists/{id}/download.csv"),
    ),
    Case("GET /catalogue/advisors", SIGNED_IN, at("/catalogue/advisors?region=east")),
    Case("GET /catalogue/advisors/your-entry", NOMINATORS, at("/catalogue/advisors/your-entry")),
    Case(
        "POST /catalogue/advisors/your-entry",
        NOMINATORS,
        at(
            "/catalogue/advisors/your-entry",
            {"headline": "Mentor", "specialisms": "legal", "regions": "east", "contact_email": "m@x.example"},
        ),
    ),
    Case("GET /catalogue/benchmarks", SIGNED_IN, at("/catalogue/benchmarks")),
]

CASES = API + PAGES
