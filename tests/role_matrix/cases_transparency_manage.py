"""Role-matrix cases for managing notices (drafting, publishing, correcting). The world is built
by tests/role_matrix/world_transparency.py: the matrix buyer (B) has published a UK4 and a UK6
for MXT-1 and holds a draft UK7."""

from tests.role_matrix.cases import Case, Request, at
from tests.role_matrix.world import B_MEMBERS, PLATFORM, actors

# Publishing and correcting: the buyer's procurement leads and approvers, platform admins.
PUBLISHERS = actors("B:procurement_lead", "B:approver", "platform_admin")
# The pages act for the person's buyer organisation: a platform admin acts for the platform.
PAGE_PUBLISHERS = actors("B:procurement_lead", "B:approver")
# "Your organisation's notices": anyone acting for a buyer sees their own organisation's.
BUYER_MEMBERS = B_MEMBERS | actors("other_org")
UK2 = {"title": "Matrix engagement", "description": "Tell us what you offer"}


def _notice(name: str, tail: str = "", data=None):
    return lambda w, a: Request(f"/notices/{w.extra[name].pk}{tail}", data)


def _managed(name: str, tail: str = "", data=None):
    return lambda w, a: Request(f"/notices/manage/{w.extra[name].pk}{tail}", data)


def _api(name: str, tail: str, data=None):
    return lambda w, a: Request(f"/api/v1/notices/{w.extra[name].pk}{tail}", data)


# The correction page's form comes filled in with the notice's fields: a field sent empty is
# cleared, so the whole form is sent.
CORRECTION = {
    "title": "Matrix home care, corrected",
    "description": "Domiciliary care for adults across the care system, in four lots by locality.",
    "value": "985,000",
    "date_0": "11/01/2027",
    "reason": "The title was wrong",
}

API = [
    Case(
        "GET /api/v1/organisations/{code}/notices",
        B_MEMBERS | PLATFORM,
        at("/api/v1/organisations/{buyer}/notices"),
    ),
    Case(
        "POST /api/v1/notices",
        PUBLISHERS,
        at("/api/v1/notices", {"organisation_code": "MXB", "notice_type": "UK2", "fields": UK2}),
        ok=frozenset({201}),
    ),
    Case(
        "PUT /api/v1/notices/{notice_id}/draft",
        PUBLISHERS,
        _api("draft_notice", "/draft", {"fields": {"title": "Matrix contract details"}}),
    ),
    Case("POST /api/v1/notices/{notice_id}/publish", PUBLISHERS, _api("draft_notice", "/publish", {})),
    Case(
        "POST /api/v1/notices/{notice_id}/corrections",
        PUBLISHERS,
        _api(
            "notice",
            "/corrections",
            {"fields": {"title": "Matrix home care, corrected"}, "reason": "The title was wrong"},
        ),
        ok=frozenset({201}),
    ),
]

PAGES = [
    Case("GET /notices/manage", BUYER_MEMBERS, at("/notices/manage")),
    Case("GET /notices/new", PAGE_PUBLISHERS, at("/notices/new")),
    Case("POST /notices/new", PAGE_PUBLISHERS, at("/notices/new", {"notice_type": "UK2"})),
    Case("GET /notices/new/<str:code>", PAGE_PUBLISHERS, at("/notices/new/UK2")),
    Case(
        "POST /notices/new/<str:code>", PAGE_PUBLISHERS, at("/notices/new/UK2", {**UK2, "action": "publish"})
    ),
    Case("GET /notices/manage/<int:notice_id>", B_MEMBERS | PLATFORM, _managed("draft_notice")),
    Case(
        "POST /notices/manage/<int:notice_id>/publish", PUBLISHERS, _managed("draft_notice", "/publish", {})
    ),
    Case("GET /notices/manage/<int:notice_id>/edit", PUBLISHERS, _managed("draft_notice", "/edit")),
    Case(
        "POST /notices/manage/<int:notice_id>/edit",
        PUBLISHERS,
        _managed("draft_notice", "/edit", {"title": "Matrix contract details"}),
    ),
    Case("GET /notices/<int:notice_id>/correct", PUBLISHERS, _notice("notice", "/correct")),
    Case("POST /notices/<int:notice_id>/correct", PUBLISHERS, _notice("notice", "/correct", CORRECTION)),
]

CASES: list[Case] = API + PAGES
