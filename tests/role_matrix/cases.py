"""What a role-matrix case is, and the cases for organisations, people, accounts and audit.

A case names one route exactly as the router spells it ("METHOD pattern"), the actors who
may use it, and how to build a request for it in the matrix world. Each domain adds a module
of cases (see CASE_MODULES in test_role_matrix.py).
"""

from collections.abc import Callable
from dataclasses import dataclass

from caremarket.core.admin_site import records
from tests.role_matrix.world import (
    ADMIN,
    B_MEMBERS,
    EVERYONE,
    PLATFORM,
    SIGNED_IN,
    World,
    actors,
)

OK = frozenset({200, 201, 204, 302})
NOBODY: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Request:
    path: str
    data: dict | None = None


@dataclass(frozen=True)
class Case:
    route: str
    allowed: frozenset[str]
    request: Callable[[World, str], Request]
    ok: frozenset[int] = OK
    # A public route answers everyone alike (signing in and out): no deny to look for.
    public: bool = False

    @property
    def method(self) -> str:
        return self.route.split(" ", 1)[0]

    @property
    def pattern(self) -> str:
        return self.route.split(" ", 1)[1]

    @property
    def is_api(self) -> bool:
        return self.pattern.startswith("/api/v1/") and self.pattern != "/api/v1/openapi.json"


def at(path: str, data: dict | None = None) -> Callable[[World, str], Request]:
    """A request whose path only needs the world's organisations: {buyer}, {supplier}."""
    return lambda w, actor: Request(
        path.format(buyer=w.buyer.code, supplier=w.supplier.code, other=w.other.code), data
    )


B_ORG_ADMIN = actors("B:org_admin", "platform_admin")
B_SITE_EDITORS = actors("B:buyer", "B:procurement_lead", "B:org_admin", "platform_admin")
S_CERT_EDITORS = actors("S:supplier_user", "S:org_admin", "platform_admin")
# The other organisation's member administers it too, so sees its own events.
ORG_ADMINS_AND_PLATFORM = actors("other_org", "B:org_admin", "S:org_admin", "auditor", "platform_admin")


def _own_token(w: World, actor: str) -> str:
    from caremarket.orgs.services import api_token_create

    if actor == "anonymous":
        return "1"
    token, _ = api_token_create(actor=w.actor(actor), name="to revoke")
    return str(token.pk)


def _own_org(w: World, actor: str) -> str:
    if actor == "anonymous":
        return str(w.buyer.pk)
    return str(w.people[actor].memberships.first().organisation_id)


def _buyer_person(w: World) -> int:
    return w.people["B:buyer"].pk


def _buyer_message(w: World, actor: str) -> str:
    """A message sent to the buyer: only its recipient may read it."""
    from caremarket.notifications.models import Message

    message, _ = Message.objects.get_or_create(
        recipient=w.people["B:buyer"], kind="account", subject="Matrix message", defaults={"body": "Hello"}
    )
    return str(message.pk)


API = [
    Case("GET /api/v1/messages", SIGNED_IN, at("/api/v1/messages")),
    Case(
        "GET /api/v1/messages/{message_id}",
        actors("B:buyer"),
        lambda w, a: Request(f"/api/v1/messages/{_buyer_message(w, a)}"),
    ),
    Case("GET /api/v1/organisations", SIGNED_IN, at("/api/v1/organisations?page=1")),
    Case(
        "POST /api/v1/organisations",
        ADMIN,
        at(
            "/api/v1/organisations", {"code": "NEW1", "name": "New ICB", "sector": "buyer", "org_type": "icb"}
        ),
    ),
    Case("GET /api/v1/organisations/{code}", SIGNED_IN, at("/api/v1/organisations/{buyer}")),
    Case(
        "PATCH /api/v1/organisations/{code}",
        B_ORG_ADMIN,
        at("/api/v1/organisations/{buyer}", {"website": "https://mx.example"}),
    ),
    Case("GET /api/v1/organisations/{code}/sites", SIGNED_IN, at("/api/v1/organisations/{buyer}/sites")),
    Case(
        "POST /api/v1/organisations/{code}/sites",
        B_SITE_EDITORS,
        lambda w, a: Request(
            f"/api/v1/organisations/{w.buyer.code}/sites", {"code": f"S-{a}", "name": "New site"}
        ),
    ),
    Case(
        "GET /api/v1/organisations/{code}/certifications",
        SIGNED_IN,
        at("/api/v1/organisations/{supplier}/certifications"),
    ),
    Case(
        "POST /api/v1/organisations/{code}/certifications",
        S_CERT_EDITORS,
        at(
            "/api/v1/organisations/{supplier}/certifications",
            {"scheme": "dspt", "valid_from": "2026-01-01", "expires_on": "2027-01-01"},
        ),
    ),
    Case(
        "GET /api/v1/organisations/{code}/members",
        B_MEMBERS | PLATFORM,
        at("/api/v1/organisations/{buyer}/members"),
    ),
    Case(
        "POST /api/v1/organisations/{code}/members",
        B_ORG_ADMIN,
        at(
            "/api/v1/organisations/{buyer}/members",
            {"email": "new@matrix.example", "full_name": "New", "role": "buyer"},
        ),
    ),
    Case(
        "DELETE /api/v1/organisations/{code}/members/{person_id}/roles/{role}",
        B_ORG_ADMIN,
        lambda w, a: Request(f"/api/v1/organisations/{w.buyer.code}/members/{_buyer_person(w)}/roles/buyer"),
    ),
    Case("GET /api/v1/people/me", SIGNED_IN, at("/api/v1/people/me")),
    Case(
        "GET /api/v1/people/{person_id}",
        B_MEMBERS | PLATFORM,
        lambda w, a: Request(f"/api/v1/people/{_buyer_person(w)}"),
    ),
    Case("GET /api/v1/tokens", SIGNED_IN, at("/api/v1/tokens")),
    Case("POST /api/v1/tokens", SIGNED_IN, at("/api/v1/tokens", {"name": "Another"})),
    Case(
        "DELETE /api/v1/tokens/{token_id}",
        SIGNED_IN,
        lambda w, a: Request(f"/api/v1/tokens/{_own_token(w, a)}"),
    ),
    Case("GET /api/v1/audit", ORG_ADMINS_AND_PLATFORM, at("/api/v1/audit?page=1")),
    Case("GET /api/v1/audit/verify", PLATFORM, at("/api/v1/audit/verify")),
    Case(
        "GET /api/v1/audit/{seq}",
        actors("B:org_admin", "auditor", "platform_admin"),
        lambda w, a: Request(f"/api/v1/audit/{w.event_about(w.buyer).seq}"),
    ),
    Case("GET /api/v1/openapi.json", EVERYONE, at("/api/v1/openapi.json")),
]

PAGES = [
    Case("GET /", EVERYONE, at("/")),
    Case("GET /sign-in", EVERYONE, at("/sign-in"), public=True),
    Case(
        "POST /sign-in",
        EVERYONE,
        at("/sign-in", {"email": "nobody@matrix.example", "password": "wrong"}),
        ok=frozenset({400}),
        public=True,
    ),
    Case("POST /sign-out", EVERYONE, at("/sign-out"), ok=frozenset({302}), public=True),
    Case(
        "GET /set-password/<str:uidb64>/<str:token>",
        EVERYONE,
        at("/set-password/MQ/bad-token"),
        ok=frozenset({400}),
        public=True,
    ),
    Case(
        "POST /set-password/<str:uidb64>/<str:token>",
        EVERYONE,
        at("/set-password/MQ/bad-token", {"password": "x"}),
        ok=frozenset({400}),
        public=True,
    ),
    Case("GET /account", SIGNED_IN, at("/account")),
    Case("GET /messages", SIGNED_IN, at("/messages")),
    Case(
        "GET /messages/<int:message_id>",
        actors("B:buyer"),
        lambda w, a: Request(f"/messages/{_buyer_message(w, a)}"),
    ),
    Case("POST /account/tokens", SIGNED_IN, at("/account/tokens", {"name": "From the page"})),
    Case(
        "POST /account/tokens/<int:token_id>/revoke",
        SIGNED_IN,
        lambda w, a: Request(f"/account/tokens/{_own_token(w, a)}/revoke", {}),
    ),
    Case("GET /acting-for", SIGNED_IN, at("/acting-for")),
    Case(
        "POST /acting-for", SIGNED_IN, lambda w, a: Request("/acting-for", {"organisation": _own_org(w, a)})
    ),
    Case("GET /organisations", SIGNED_IN, at("/organisations")),
    Case("GET /organisations/<str:code>", SIGNED_IN, at("/organisations/{buyer}")),
    Case("GET /organisations/<str:code>/edit", B_ORG_ADMIN, at("/organisations/{buyer}/edit")),
    Case(
        "POST /organisations/<str:code>/edit",
        B_ORG_ADMIN,
        at("/organisations/{buyer}/edit", {"name": "Matrix Buyer ICB", "postcode": "IP1 2BX"}),
    ),
    Case("GET /organisations/<str:code>/people", B_MEMBERS | PLATFORM, at("/organisations/{buyer}/people")),
    Case("GET /organisations/<str:code>/people/add", B_ORG_ADMIN, at("/organisations/{buyer}/people/add")),
    Case(
        "POST /organisations/<str:code>/people/add",
        B_ORG_ADMIN,
        at(
            "/organisations/{buyer}/people/add",
            {"email": "added@matrix.example", "full_name": "Added", "role": "evaluator"},
        ),
    ),
    Case(
        "POST /organisations/<str:code>/people/<int:person_id>/roles/<str:role>/remove",
        B_ORG_ADMIN,
        lambda w, a: Request(
            f"/organisations/{w.buyer.code}/people/{_buyer_person(w)}/roles/buyer/remove", {}
        ),
    ),
    Case("GET /organisations/<str:code>/sites/add", B_SITE_EDITORS, at("/organisations/{buyer}/sites/add")),
    Case(
        "POST /organisations/<str:code>/sites/add",
        B_SITE_EDITORS,
        lambda w, a: Request(
            f"/organisations/{w.buyer.code}/sites/add", {"code": f"P-{a}", "name": "Page site"}
        ),
    ),
    Case(
        "GET /organisations/<str:code>/certifications/add",
        S_CERT_EDITORS,
        at("/organisations/{supplier}/certifications/add"),
    ),
    Case(
        "POST /organisations/<str:code>/certifications/add",
        S_CERT_EDITORS,
        at(
            "/organisations/{supplier}/certifications/add",
            {"scheme": "iso_27001", "valid_from": "01/01/2026", "expires_on": "01/01/2028"},
        ),
    ),
    Case("GET /audit", ORG_ADMINS_AND_PLATFORM, at("/audit")),
    Case("GET /audit/verify", PLATFORM, at("/audit/verify")),
    Case(
        "GET /audit/<int:seq>",
        actors("B:org_admin", "auditor", "platform_admin"),
        lambda w, a: Request(f"/audit/{w.event_about(w.buyer).seq}"),
    ),
]


def _records_cases() -> list[Case]:
    """The read-only records pages: auditors and platform administrators only."""
    cases = [
        Case("GET /records/", PLATFORM, at("/records/")),
        Case("GET /records/<app_label>/", PLATFORM, at("/records/orgs/")),
        Case("POST /records/logout/", EVERYONE, at("/records/logout/"), ok=frozenset({302}), public=True),
        Case("GET /records/(?P<url>.*)$", NOBODY, at("/records/no-such-page/")),
        # The admin's own extras are switched off for everyone.
        Case("GET /records/password_change/", NOBODY, at("/records/password_change/")),
        Case("GET /records/password_change/done/", NOBODY, at("/records/password_change/done/")),
        Case("GET /records/jsi18n/", NOBODY, at("/records/jsi18n/")),
        Case("GET /records/autocomplete/", NOBODY, at("/records/autocomplete/")),
        Case("GET /records/r/<path:content_type_id>/<path:object_id>/", NOBODY, at("/records/r/1/1/")),
    ]
    for model in records._registry:
        meta = model._meta
        base = f"/records/{meta.app_label}/{meta.model_name}/"
        cases.append(Case(f"GET {base}", PLATFORM, at(base)))

        def change(w, a, model=model, base=base):
            return Request(f"{base}{model.objects.order_by('pk').first().pk}/change/")

        cases.append(Case(f"GET {base}<path:object_id>/change/", PLATFORM, change))
    return cases


CASES = API + PAGES + _records_cases()
