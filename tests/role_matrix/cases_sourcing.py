"""Role-matrix cases for sourcing: requirements and the template, buying clubs, the route
advisor, collaborations and individual procurements, intentions and phasing, the diagnostic.
The world is built by tests/role_matrix/world_sourcing.py: the matrix buyer (B) leads the
clubs MXC1 (open, B a member), MXC2 (launched) and MXC3 (forming), and owns the rest."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from caremarket.core import clock
from tests.role_matrix.cases import Case, Request, at
from tests.role_matrix.world import B_MEMBERS, PLATFORM, SIGNED_IN, World, actors

B_BUYERS = actors("B:buyer", "B:procurement_lead")
B_EDITORS = B_BUYERS | actors("platform_admin")
B_LEAD = actors("B:procurement_lead")
LEADS = actors("B:procurement_lead", "platform_admin")
B_AND_OVERSIGHT = B_MEMBERS | PLATFORM
# People acting for a buyer organisation in a buying role (the other trust's buyer too).
ANY_BUYER = B_BUYERS | actors("other_org")


def _ref(key: str, path: str, data: dict | None = None):
    return lambda w, a: Request(path.format(ref=w.extra[key].reference), data)


def _line(set_key: str, line_key: str, path: str, data: dict | None = None):
    return lambda w, a: Request(path.format(ref=w.extra[set_key].reference, id=w.extra[line_key].pk), data)


def _future(days: int = 365) -> str:
    return (clock.today() + timedelta(days=days)).isoformat()


def _csv(w: World, a: str) -> Request:
    content = (
        "Site code,Service type,Quantity,Unit,Bandwidth or size,Required-by date,Notes\r\n"
        f"MXB-1,Ethernet connection,2,per connection,100 Mbps,{_future()},\r\n"
    ).encode()
    return Request(
        f"/api/v1/sourcing/requirement-sets/{w.extra['club_set'].reference}/import",
        {"file": SimpleUploadedFile("matrix.csv", content, content_type="text/csv")},
    )


def _club_competition(w: World, a: str) -> Request:
    def moment(days: int) -> str:
        return clock.local(clock.now() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")

    return Request(
        "/sourcing/clubs/MXC2/competition/new",
        {
            "title": "Matrix club competition",
            "clarification_deadline": moment(7),
            "submission_deadline": moment(14),
            "estimated_value": "98,500",
        },
    )


def _new_club(w: World, a: str) -> Request:
    return Request(
        "/api/v1/sourcing/clubs",
        {
            "lead_organisation_code": w.buyer.code,
            "name": "Matrix new club",
            "agreement": "MX1",
            "lot": 1,
            "region": "east",
            "launch_date": _future(120),
        },
    )


def _intention(w: World, a: str) -> Request:
    return Request(
        "/api/v1/sourcing/intentions",
        {
            "organisation_code": w.buyer.code,
            "title": "Matrix API plan",
            "category": "hscn_connectivity",
            "region": "east",
            "value_band": "under_100k",
            "launch_on": _future(30),
        },
    )


NEW_LINE = {
    "site_code": "MXB-1",
    "service_type": "Ethernet connection",
    "quantity": 3,
    "unit": "per_connection",
    "size": "100 Mbps",
}
R = "/api/v1/sourcing/requirement-sets/{ref}"
CL = "/api/v1/sourcing/clubs"

API = [
    Case("GET /api/v1/sourcing/requirement-sets", SIGNED_IN, at("/api/v1/sourcing/requirement-sets")),
    Case(
        "POST /api/v1/sourcing/requirement-sets",
        B_EDITORS,
        lambda w, a: Request(
            "/api/v1/sourcing/requirement-sets",
            {"organisation_code": w.buyer.code, "title": "Matrix API set"},
        ),
    ),
    Case("GET /api/v1/sourcing/requirement-sets/{reference}", B_AND_OVERSIGHT, _ref("club_set", R)),
    Case(
        "POST /api/v1/sourcing/requirement-sets/{reference}/lines",
        B_EDITORS,
        lambda w, a: Request(
            f"/api/v1/sourcing/requirement-sets/{w.extra['club_set'].reference}/lines",
            {**NEW_LINE, "required_by": _future()},
        ),
    ),
    Case(
        "PATCH /api/v1/sourcing/requirement-sets/{reference}/lines/{line_id}",
        B_EDITORS,
        _line("club_set", "club_line", R + "/lines/{id}", {"quantity": 5}),
    ),
    Case(
        "DELETE /api/v1/sourcing/requirement-sets/{reference}/lines/{line_id}",
        B_EDITORS,
        _line("own_set", "own_line", R + "/lines/{id}"),
    ),
    Case("POST /api/v1/sourcing/requirement-sets/{reference}/import", B_EDITORS, _csv),
    Case(
        "POST /api/v1/sourcing/requirement-sets/{reference}/submit",
        B_EDITORS,
        _ref("club_set", R + "/submit", {}),
    ),
    Case("GET /api/v1/sourcing/clubs", SIGNED_IN, at(CL)),
    Case("POST /api/v1/sourcing/clubs", LEADS, _new_club),
    Case("GET /api/v1/sourcing/clubs/{reference}", SIGNED_IN, at(CL + "/MXC1")),
    Case(
        "PATCH /api/v1/sourcing/clubs/{reference}",
        LEADS,
        lambda w, a: Request(CL + "/MXC1", {"launch_date": _future(200)}),
    ),
    Case(
        "POST /api/v1/sourcing/clubs/{reference}/status",
        LEADS,
        at(CL + "/MXC3/status", {"to": "open_to_members"}),
    ),
    Case("GET /api/v1/sourcing/clubs/{reference}/members", SIGNED_IN, at(CL + "/MXC1/members")),
    Case(
        "POST /api/v1/sourcing/clubs/{reference}/members",
        actors("other_org", "platform_admin"),
        lambda w, a: Request(CL + "/MXC1/members", {"organisation_code": w.other.code}),
    ),
    Case(
        "DELETE /api/v1/sourcing/clubs/{reference}/members/{code}",
        B_EDITORS,
        at(CL + "/MXC1/members/{buyer}"),
    ),
    Case(
        "POST /api/v1/sourcing/clubs/{reference}/members/{code}/legal-entities",
        B_EDITORS,
        at(CL + "/MXC1/members/{buyer}/legal-entities", {"name": "Matrix Hospital Trust", "code": "MXH"}),
    ),
    Case(
        "POST /api/v1/sourcing/clubs/{reference}/members/{code}/sites",
        B_EDITORS,
        at(CL + "/MXC1/members/{buyer}/sites", {"site_code": "MXB-1"}),
    ),
    Case("GET /api/v1/sourcing/clubs/{reference}/baseline", B_AND_OVERSIGHT, at(CL + "/MXC2/baseline")),
    Case(
        "POST /api/v1/sourcing/route-advice",
        SIGNED_IN,
        at("/api/v1/sourcing/route-advice", {"region": "east", "sites": 4}),
    ),
    Case("GET /api/v1/sourcing/collaborations", SIGNED_IN, at("/api/v1/sourcing/collaborations")),
    Case(
        "POST /api/v1/sourcing/collaborations",
        LEADS,
        lambda w, a: Request(
            "/api/v1/sourcing/collaborations",
            {"lead_organisation_code": w.buyer.code, "name": "Matrix API partners"},
        ),
    ),
    Case(
        "GET /api/v1/sourcing/collaborations/{reference}",
        B_AND_OVERSIGHT,
        _ref("collaboration", "/api/v1/sourcing/collaborations/{ref}"),
    ),
    Case(
        "POST /api/v1/sourcing/collaborations/{reference}/partners",
        LEADS,
        _ref("collaboration", "/api/v1/sourcing/collaborations/{ref}/partners", {"organisation_code": "MXO"}),
    ),
    Case(
        "POST /api/v1/sourcing/collaborations/{reference}/milestones/{key}/done",
        LEADS,
        _ref("collaboration", "/api/v1/sourcing/collaborations/{ref}/milestones/readiness_check_1/done", {}),
    ),
    Case(
        "GET /api/v1/sourcing/individual-procurements",
        SIGNED_IN,
        at("/api/v1/sourcing/individual-procurements"),
    ),
    Case(
        "POST /api/v1/sourcing/individual-procurements",
        B_EDITORS,
        lambda w, a: Request(
            "/api/v1/sourcing/individual-procurements",
            {"organisation_code": w.buyer.code, "title": "Matrix API own"},
        ),
    ),
    Case(
        "GET /api/v1/sourcing/individual-procurements/{reference}",
        B_AND_OVERSIGHT,
        _ref("individual", "/api/v1/sourcing/individual-procurements/{ref}"),
    ),
    Case(
        "POST /api/v1/sourcing/individual-procurements/{reference}/milestones/{key}/done",
        B_EDITORS,
        _ref(
            "individual",
            "/api/v1/sourcing/individual-procurements/{ref}/milestones/connections_list/done",
            {},
        ),
    ),
    Case("GET /api/v1/sourcing/intentions", SIGNED_IN, at("/api/v1/sourcing/intentions?mine=true")),
    Case("POST /api/v1/sourcing/intentions", B_EDITORS, _intention),
    Case(
        "GET /api/v1/sourcing/intentions/{reference}",
        B_AND_OVERSIGHT,
        _ref("draft_intention", "/api/v1/sourcing/intentions/{ref}"),
    ),
    Case(
        "POST /api/v1/sourcing/intentions/{reference}/publish",
        B_EDITORS,
        _ref("draft_intention", "/api/v1/sourcing/intentions/{ref}/publish", {}),
    ),
    Case(
        "POST /api/v1/sourcing/intentions/{reference}/withdraw",
        B_EDITORS,
        _ref("draft_intention", "/api/v1/sourcing/intentions/{ref}/withdraw", {}),
    ),
    Case("GET /api/v1/sourcing/phasing", SIGNED_IN, at("/api/v1/sourcing/phasing")),
    Case(
        "GET /api/v1/sourcing/diagnostic/{code}",
        B_BUYERS | PLATFORM,
        at("/api/v1/sourcing/diagnostic/{buyer}"),
    ),
    Case(
        "PUT /api/v1/sourcing/diagnostic/{code}",
        B_EDITORS,
        at(
            "/api/v1/sourcing/diagnostic/{buyer}",
            {"figures": [{"service_line": "business_intelligence", "option": "buy", "yearly_cost": "95000"}]},
        ),
    ),
]

PR = "/sourcing/requirements/{ref}"
PAGES = [
    Case("GET /sourcing/requirements", SIGNED_IN, at("/sourcing/requirements")),
    Case("GET /sourcing/requirements/new", ANY_BUYER, at("/sourcing/requirements/new")),
    Case("GET /sourcing/requirements/<str:reference>", B_AND_OVERSIGHT, _ref("club_set", PR)),
    Case(
        "GET /sourcing/requirements/<str:reference>/template.xlsx",
        B_AND_OVERSIGHT,
        _ref("club_set", PR + "/template.xlsx"),
    ),
    Case(
        "GET /sourcing/requirements/<str:reference>/template.csv",
        B_AND_OVERSIGHT,
        _ref("club_set", PR + "/template.csv"),
    ),
    Case("GET /sourcing/requirements/<str:reference>/upload", B_EDITORS, _ref("club_set", PR + "/upload")),
    Case(
        "GET /sourcing/requirements/<str:reference>/lines/add", B_EDITORS, _ref("club_set", PR + "/lines/add")
    ),
    Case(
        "POST /sourcing/requirements/<str:reference>/lines/<int:line_id>/remove",
        B_EDITORS,
        _line("own_set", "own_line", PR + "/lines/{id}/remove", {}),
    ),
    Case(
        "POST /sourcing/requirements/<str:reference>/submit", B_EDITORS, _ref("club_set", PR + "/submit", {})
    ),
    Case("GET /sourcing/clubs", SIGNED_IN, at("/sourcing/clubs")),
    Case("GET /sourcing/clubs/new", B_LEAD, at("/sourcing/clubs/new")),
    Case("GET /sourcing/clubs/<str:reference>", SIGNED_IN, at("/sourcing/clubs/MXC1")),
    Case("POST /sourcing/clubs/<str:reference>/join", ANY_BUYER, at("/sourcing/clubs/MXC1/join", {})),
    Case("POST /sourcing/clubs/<str:reference>/open", LEADS, at("/sourcing/clubs/MXC3/open", {})),
    Case("POST /sourcing/clubs/<str:reference>/launch", LEADS, at("/sourcing/clubs/MXC1/launch", {})),
    Case("GET /sourcing/clubs/<str:reference>/launch-date", LEADS, at("/sourcing/clubs/MXC1/launch-date")),
    Case(
        "GET /sourcing/clubs/<str:reference>/baseline", B_AND_OVERSIGHT, at("/sourcing/clubs/MXC2/baseline")
    ),
    Case(
        "GET /sourcing/clubs/<str:reference>/competition/new",
        LEADS,
        at("/sourcing/clubs/MXC2/competition/new"),
    ),
    Case("POST /sourcing/clubs/<str:reference>/competition/new", LEADS, _club_competition),
    Case("GET /sourcing/route-advisor", SIGNED_IN, at("/sourcing/route-advisor")),
    Case("GET /sourcing/route-advisor/check", SIGNED_IN, at("/sourcing/route-advisor/check")),
    Case("GET /sourcing/route-advisor/result", SIGNED_IN, at("/sourcing/route-advisor/result")),
    Case(
        "GET /sourcing/route-advisor/questions/<str:key>",
        SIGNED_IN,
        at("/sourcing/route-advisor/questions/sites"),
    ),
    Case("GET /sourcing/procurements", SIGNED_IN, at("/sourcing/procurements")),
    Case("GET /sourcing/collaborations/new", B_LEAD, at("/sourcing/collaborations/new")),
    Case(
        "GET /sourcing/collaborations/<str:reference>",
        B_AND_OVERSIGHT,
        _ref("collaboration", "/sourcing/collaborations/{ref}"),
    ),
    Case(
        "POST /sourcing/collaborations/<str:reference>/milestones/<str:key>/done",
        LEADS,
        _ref("collaboration", "/sourcing/collaborations/{ref}/milestones/launch/done", {}),
    ),
    Case("GET /sourcing/individual/new", ANY_BUYER, at("/sourcing/individual/new")),
    Case(
        "GET /sourcing/individual/<str:reference>",
        B_AND_OVERSIGHT,
        _ref("individual", "/sourcing/individual/{ref}"),
    ),
    Case(
        "POST /sourcing/individual/<str:reference>/milestones/<str:key>/done",
        B_EDITORS,
        _ref("individual", "/sourcing/individual/{ref}/milestones/launch/done", {}),
    ),
    Case("GET /sourcing/pipeline", SIGNED_IN, at("/sourcing/pipeline")),
    Case("GET /sourcing/intentions/new", ANY_BUYER, at("/sourcing/intentions/new")),
    Case(
        "GET /sourcing/intentions/<str:reference>",
        B_AND_OVERSIGHT,
        _ref("draft_intention", "/sourcing/intentions/{ref}"),
    ),
    Case(
        "POST /sourcing/intentions/<str:reference>/publish",
        B_EDITORS,
        _ref("draft_intention", "/sourcing/intentions/{ref}/publish", {}),
    ),
    Case(
        "POST /sourcing/intentions/<str:reference>/withdraw",
        B_EDITORS,
        _ref("draft_intention", "/sourcing/intentions/{ref}/withdraw", {}),
    ),
    Case("GET /sourcing/phasing", SIGNED_IN, at("/sourcing/phasing")),
    Case("GET /sourcing/diagnostic", ANY_BUYER, at("/sourcing/diagnostic")),
]

CASES = API + PAGES
