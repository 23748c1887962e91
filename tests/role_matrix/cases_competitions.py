"""Role-matrix cases for competitions, with the sealed-bid cases: every buyer-side role is
refused the bids, their contents, scores, ranking and award pages before the deadline (on the
competition open for bids) and allowed after it (on the competition in evaluation) only if it
may open bids. The world is built by tests/role_matrix/world_competitions.py."""

from django.core.files.uploadedfile import SimpleUploadedFile

from caremarket.core import clock
from tests.role_matrix.cases import NOBODY, OK, Case, Request
from tests.role_matrix.world import B_MEMBERS, PLATFORM, World, actors

LEADS = actors("B:procurement_lead", "platform_admin")
S_MEMBERS = actors("S:supplier_user", "S:org_admin")
BIDDER = actors("S:supplier_user")
EVALUATOR = actors("B:evaluator")
VIEWERS = B_MEMBERS | S_MEMBERS | PLATFORM
BUYER_SIDE = B_MEMBERS | PLATFORM
# After the deadline only: the lead, approvers, the evaluator on the panel, and oversight.
OPENERS = actors("B:procurement_lead", "B:approver", "B:evaluator", "auditor", "platform_admin")
# Contracts are created by the buyer's procurement leads and approvers (contracts.create_contract).
CONTRACTING = actors("B:procurement_lead", "B:approver", "platform_admin")
# A buying club's breakdown: the buyer running it and oversight see every member; O is a member.
CLUB_READERS = B_MEMBERS | PLATFORM | actors("other_org")
API = "/api/v1/competitions"


def c(stage: str, path: str = "", data=None, *, prefix: str = API):
    """A request about the world's competition at `stage`; {bid}, {question}, {document},
    {challenge}, {file} and {supplier} in `path` are filled from the world."""

    def build(w: World, a: str) -> Request:
        bid = {
            "open": w.extra["open_bid"],
            "evaluation": w.extra["evaluation_bid"],
            "moderation": w.extra["moderation_bid"],
        }.get(stage)
        values = {
            "bid": bid.pk if bid else 0,
            "file": bid.files.first().pk if bid else 0,
            "question": w.extra["question"].pk,
            "document": w.extra["document"].pk,
            "challenge": w.extra["challenge"].pk,
            "supplier": w.supplier.code,
            "evaluator_email": w.people["B:evaluator"].email,
        }
        body = data(w) if callable(data) else data
        if isinstance(body, dict):
            body = {k: (v.format(**values) if isinstance(v, str) else v) for k, v in body.items()}
        return Request(f"{prefix}/{w.extra['competitions'][stage]}{path.format(**values)}", body)

    return build


def upload(stage: str, path: str, fields: dict):
    def build(w: World, a: str) -> Request:
        data = {
            "file": SimpleUploadedFile("matrix.pdf", b"%PDF matrix", content_type="application/pdf"),
            **fields,
        }
        return Request(f"{API}/{w.extra['competitions'][stage]}{path}", data)

    return build


def direct_award_api(w: World, a: str) -> Request:
    return Request(
        "/api/v1/direct-awards",
        {
            "shortlist_id": w.extra["direct_shortlist"].pk,
            "listing_reference": w.extra["direct_listing"].reference,
            "justification": "Matrix: the only service that fits",
        },
    )


def club(path: str = "", *, prefix: str = API):
    return lambda w, a: Request(f"{prefix}/{w.extra['club_competition'].reference}{path}")


def direct_award_page(w: World, a: str) -> Request:
    return Request(f"/direct-awards/new?shortlist={w.extra['direct_shortlist'].pk}")


def direct_award_form(w: World, a: str) -> Request:
    shortlist = w.extra["direct_shortlist"]
    return Request(
        "/direct-awards/new",
        {
            "shortlist": shortlist.pk,
            "entry": shortlist.entries.get().pk,
            "justification": "Matrix: the only service that fits",
        },
    )


def _starts(w: World) -> dict:
    return {"starts_on": clock.today().isoformat()}


def _starts_page(w: World) -> dict:
    return {"starts_on": clock.today().strftime("%d/%m/%Y"), "title": "Matrix contract"}


SCORE = {"bid_id": "{bid}", "criterion": "delivery", "score": 3, "justification": "Good"}


def _score(w: World) -> dict:
    return {**SCORE, "bid_id": w.extra["evaluation_bid"].pk}


def _consensus(w: World) -> dict:
    return {**SCORE, "bid_id": w.extra["moderation_bid"].pk}


def _gate(w: World) -> dict:
    return {
        "bid_id": w.extra["moderation_bid"].pk,
        "criterion": "eligibility",
        "passed": True,
        "rationale": "Held",
    }


def _award(w: World) -> dict:
    return {"bid_id": w.extra["moderation_bid"].pk, "reasons": "The only compliant bid"}


P = "/competitions"
API_CASES = [
    Case("GET /api/v1/competitions", actors(*VIEWERS, "other_org"), lambda w, a: Request(f"{API}?page=1")),
    # The platform administrator acts for any organisation.
    Case(
        "POST /api/v1/competitions",
        LEADS,
        lambda w, a: Request(
            API,
            {
                "buyer_code": w.buyer.code,
                "title": "New matrix competition",
                "procedure": "further_competition",
                "agreement": "MX1",
                "lot": 1,
            },
        ),
    ),
    Case("GET /api/v1/competitions/{reference}", VIEWERS, c("open")),
    Case("GET /api/v1/competitions/{reference}", BUYER_SIDE, c("draft")),
    Case("PATCH /api/v1/competitions/{reference}", LEADS, c("draft", "", {"title": "Renamed"})),
    Case("POST /api/v1/competitions/{reference}/status", LEADS, c("draft", "/status", {"to": "published"})),
    Case(
        "PUT /api/v1/competitions/{reference}/evaluation-model",
        LEADS,
        c("draft", "/evaluation-model", {"template": "open_procedure_70_30"}),
    ),
    Case("GET /api/v1/competitions/{reference}/documents", VIEWERS, c("open", "/documents")),
    Case(
        "POST /api/v1/competitions/{reference}/documents",
        LEADS,
        upload("open", "/documents", {"kind": "terms"}),
    ),
    Case(
        "GET /api/v1/competitions/{reference}/documents/{document_id}/content",
        VIEWERS,
        c("open", "/documents/{document}/content"),
    ),
    Case("GET /api/v1/competitions/{reference}/invitations", BUYER_SIDE, c("open", "/invitations")),
    Case("GET /api/v1/competitions/{reference}/questions", VIEWERS, c("open", "/questions")),
    Case(
        "POST /api/v1/competitions/{reference}/questions", BIDDER, c("open", "/questions", {"text": "Why?"})
    ),
    Case(
        "POST /api/v1/competitions/{reference}/questions/{question_id}/answer",
        LEADS,
        c("open", "/questions/{question}/answer", {"answer": "Because"}),
    ),
    Case(
        "POST /api/v1/competitions/{reference}/questions/{question_id}/answer",
        LEADS,
        c(
            "open",
            "/questions/{question}/answer",
            {"answer": "Because", "question": "Matrix question, reworded?"},
        ),
    ),
    Case("GET /api/v1/competitions/{reference}/my-bid", S_MEMBERS, c("open", "/my-bid")),
    Case(
        "PUT /api/v1/competitions/{reference}/my-bid", BIDDER, c("drafting", "/my-bid", {"price": "900.00"})
    ),
    Case(
        "POST /api/v1/competitions/{reference}/my-bid/files", BIDDER, upload("drafting", "/my-bid/files", {})
    ),
    Case("POST /api/v1/competitions/{reference}/my-bid/submit", BIDDER, c("drafting", "/my-bid/submit", {})),
    Case("POST /api/v1/competitions/{reference}/my-bid/withdraw", BIDDER, c("open", "/my-bid/withdraw", {})),
    Case(
        "POST /api/v1/competitions/{reference}/my-bid/resubmit",
        BIDDER,
        c("withdrawn", "/my-bid/resubmit", {}),
    ),
    # The seal: before the deadline nobody on the buyer side reads or counts bids...
    Case("GET /api/v1/competitions/{reference}/bids", NOBODY, c("open", "/bids")),
    Case("GET /api/v1/competitions/{reference}/bids/{bid_id}", NOBODY, c("open", "/bids/{bid}")),
    Case("GET /api/v1/competitions/{reference}/scores", NOBODY, c("open", "/scores")),
    Case("GET /api/v1/competitions/{reference}/ranking", NOBODY, c("open", "/ranking")),
    # ...and after it, only those who may open them.
    Case("GET /api/v1/competitions/{reference}/bids", OPENERS, c("evaluation", "/bids")),
    Case("GET /api/v1/competitions/{reference}/bids/{bid_id}", OPENERS, c("evaluation", "/bids/{bid}")),
    Case("GET /api/v1/competitions/{reference}/scores", OPENERS, c("evaluation", "/scores")),
    Case("GET /api/v1/competitions/{reference}/ranking", OPENERS, c("moderation", "/ranking")),
    Case("GET /api/v1/competitions/{reference}/panel", BUYER_SIDE, c("evaluation", "/panel")),
    Case(
        "POST /api/v1/competitions/{reference}/panel",
        LEADS,
        c("draft", "/panel", {"email": "{evaluator_email}"}),
    ),
    Case(
        "POST /api/v1/competitions/{reference}/declaration",
        EVALUATOR,
        c("open", "/declaration", {"declaration": "no_conflict"}),
    ),
    Case("PUT /api/v1/competitions/{reference}/scores", EVALUATOR, c("evaluation", "/scores", _score)),
    Case(
        "POST /api/v1/competitions/{reference}/scores/submit",
        EVALUATOR,
        c("evaluation", "/scores/submit", {}),
    ),
    Case("POST /api/v1/competitions/{reference}/consensus", LEADS, c("moderation", "/consensus", _consensus)),
    Case("POST /api/v1/competitions/{reference}/gates", LEADS, c("moderation", "/gates", _gate)),
    # The one bid raises no flag: the lead is let in and told there is no such flag (422).
    Case(
        "POST /api/v1/competitions/{reference}/flags",
        LEADS,
        c("moderation", "/flags", {"key": "tie:B1,B2", "decision": "Matrix"}),
        ok=OK | {422},
    ),
    Case("POST /api/v1/competitions/{reference}/award", LEADS, c("moderation", "/award", _award)),
    Case("GET /api/v1/competitions/{reference}/award", OPENERS, c("standstill", "/award")),
    Case("POST /api/v1/competitions/{reference}/award/confirm", LEADS, c("ended", "/award/confirm", {})),
    Case(
        "GET /api/v1/competitions/{reference}/award-letter",
        S_MEMBERS | OPENERS,
        c("standstill", "/award-letter?supplier={supplier}"),
    ),
    Case(
        "POST /api/v1/competitions/{reference}/challenges",
        BIDDER,
        c("standstill", "/challenges", {"grounds": "Matrix grounds"}),
    ),
    Case(
        "POST /api/v1/competitions/{reference}/challenges/{challenge_id}/outcome",
        LEADS,
        c("standstill", "/challenges/{challenge}/outcome", {"outcome": "dismissed", "reason": "No error"}),
    ),
    Case("POST /api/v1/competitions/{reference}/contract", CONTRACTING, c("ended", "/contract", _starts)),
    Case("GET /api/v1/competitions/{reference}/club-breakdown", CLUB_READERS, club("/club-breakdown")),
    Case("GET /api/v1/competitions/{reference}/price-template.{fmt}", VIEWERS, club("/price-template.xlsx")),
    # Allowed bidders pass the permission check, then are told the competition takes a total (422).
    Case(
        "POST /api/v1/competitions/{reference}/my-bid/price-list",
        BIDDER,
        upload("drafting", "/my-bid/price-list", {}),
        ok=frozenset({422}),
    ),
    Case("POST /api/v1/direct-awards", LEADS, direct_award_api),
    Case(
        "GET /api/v1/direct-awards/{reference}",
        B_MEMBERS | S_MEMBERS | PLATFORM,
        lambda w, a: Request(f"/api/v1/direct-awards/{w.extra['direct_award'].reference}"),
    ),
]


def page(stage: str, path: str = "", data=None):
    return c(stage, path, data, prefix=P)


R = "/competitions/<str:reference>"
PAGES = [
    Case("GET /competitions", actors(*VIEWERS, "other_org"), lambda w, a: Request(P)),
    Case("GET /competitions/new", LEADS, lambda w, a: Request(f"{P}/new")),
    Case(f"GET {R}", VIEWERS, page("open")),
    Case(f"GET {R}/edit", LEADS, page("draft", "/edit")),
    Case(f"POST {R}/edit", LEADS, page("draft", "/edit", {"title": "Renamed", "requirement": "Matrix"})),
    Case(f"GET {R}/status", LEADS, page("draft", "/status")),
    Case(f"POST {R}/status", LEADS, page("draft", "/status", {"to": "published"})),
    Case(f"GET {R}/documents", LEADS, page("draft", "/documents")),
    Case(f"GET {R}/documents/<int:document_id>", VIEWERS, page("open", "/documents/{document}")),
    Case(f"GET {R}/questions", VIEWERS, page("open", "/questions")),
    Case(f"POST {R}/questions", BIDDER, page("open", "/questions", {"text": "Why?"})),
    Case(f"GET {R}/questions/<int:question_id>/answer", LEADS, page("open", "/questions/{question}/answer")),
    Case(
        f"POST {R}/questions/<int:question_id>/answer",
        LEADS,
        page(
            "open",
            "/questions/{question}/answer",
            {"answer": "Because", "published_text": "Matrix question, reworded?"},
        ),
    ),
    Case(f"GET {R}/panel", LEADS, page("draft", "/panel")),
    Case(f"GET {R}/bid", BIDDER, page("open", "/bid")),
    Case(f"POST {R}/bid", BIDDER, page("drafting", "/bid", {"action": "save", "price": "800"})),
    Case(f"GET {R}/bids", NOBODY, page("open", "/bids")),
    Case(f"GET {R}/bids", OPENERS, page("evaluation", "/bids")),
    Case(f"GET {R}/bids/<int:bid_id>", NOBODY, page("open", "/bids/{bid}")),
    Case(f"GET {R}/bids/<int:bid_id>", OPENERS, page("evaluation", "/bids/{bid}")),
    Case(f"GET {R}/bids/<int:bid_id>/files/<int:file_id>", NOBODY, page("open", "/bids/{bid}/files/{file}")),
    Case(
        f"GET {R}/bids/<int:bid_id>/files/<int:file_id>",
        OPENERS,
        page("evaluation", "/bids/{bid}/files/{file}"),
    ),
    Case(f"GET {R}/evaluate", EVALUATOR, page("evaluation", "/evaluate")),
    Case(f"GET {R}/moderation", NOBODY, page("open", "/moderation")),
    Case(f"GET {R}/moderation", LEADS, page("moderation", "/moderation")),
    Case(f"GET {R}/award", NOBODY, page("open", "/award")),
    Case(f"GET {R}/award", OPENERS, page("moderation", "/award")),
    Case(
        f"GET {R}/award-letter", S_MEMBERS | OPENERS, page("standstill", "/award-letter?supplier={supplier}")
    ),
    Case(
        f"GET {R}/award-letter.pdf",
        S_MEMBERS | OPENERS,
        page("standstill", "/award-letter.pdf?supplier={supplier}"),
    ),
    Case(f"GET {R}/challenge", BIDDER, page("standstill", "/challenge")),
    Case(f"GET {R}/contract", CONTRACTING, page("ended", "/contract")),
    Case(f"POST {R}/contract", CONTRACTING, page("ended", "/contract", _starts_page)),
    Case(f"GET {R}/club-breakdown", CLUB_READERS, club("/club-breakdown", prefix=P)),
    Case(f"GET {R}/bid/price-template.csv", VIEWERS, club("/bid/price-template.csv", prefix=P)),
    Case(f"GET {R}/bid/price-template.xlsx", VIEWERS, club("/bid/price-template.xlsx", prefix=P)),
    Case("GET /direct-awards/new", LEADS, direct_award_page),
    Case("POST /direct-awards/new", LEADS, direct_award_form),
    Case(
        "GET /direct-awards/<str:reference>",
        B_MEMBERS | S_MEMBERS | PLATFORM,
        lambda w, a: Request(f"/direct-awards/{w.extra['direct_award'].reference}"),
    ),
]


def sealed_stream(prefix: str):
    """The bid events of the competition in evaluation: its seal has opened."""
    return lambda w, a: Request(
        f"{prefix}/competitions.competition/{w.extra['competition_objects']['evaluation'].pk}"
    )


# The log's readers; each organisation administrator sees only its own organisation's events.
SEALED_STREAM_READERS = actors("other_org", "B:org_admin", "S:org_admin", "auditor", "platform_admin")
AUDIT_CASES = [
    Case(
        "GET /api/v1/audit/sealed/{scope_type}/{scope_id}",
        SEALED_STREAM_READERS,
        sealed_stream("/api/v1/audit/sealed"),
    ),
    Case(
        "GET /audit/sealed/<str:scope_type>/<str:scope_id>",
        SEALED_STREAM_READERS,
        sealed_stream("/audit/sealed"),
    ),
]

CASES = API_CASES + PAGES + AUDIT_CASES
