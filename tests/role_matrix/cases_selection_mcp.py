"""Role-matrix cases for provider selection (mcp): the Most Suitable Provider process. The world
(`build_msp_world`, called from tests/role_matrix/world_selection.py) has the matrix buyer (B) run
one process at each step, with B's evaluator on the panel and the matrix supplier (S) leading
"Matrix alliance"; a second alliance, led by a provider with no matrix people, stands for
"another alliance". An alliance's people see its ratings only after moderation; another
alliance's, never."""

from datetime import timedelta

from tests.role_matrix.cases import Case, Request, at
from tests.role_matrix.world import B_MEMBERS, PLATFORM, S_MEMBERS, SIGNED_IN, actors

MANAGERS = actors("B:procurement_lead", "B:approver", "platform_admin")
VIEWERS = B_MEMBERS | PLATFORM | S_MEMBERS
PANEL = actors("B:evaluator")
PROVIDERS = S_MEMBERS
LETTER = MANAGERS | S_MEMBERS
NEGOTIATORS = MANAGERS | S_MEMBERS
RATING_VIEWERS = B_MEMBERS | PLATFORM
OK_201 = frozenset({201})


def build_msp_world(world) -> None:
    """One Most Suitable Provider process at each step, in world.extra["msp_<step>"]."""
    from caremarket.core import clock
    from caremarket.orgs.factories import make_organisation, make_person
    from caremarket.rules.roles import Role, Sector
    from caremarket.selection import selectors_mcp as sel
    from caremarket.selection.factories_mcp import advance_to, build_case, make_process, pdf
    from caremarket.selection.models import MspSetup, Stage2Document, Stage2Version
    from caremarket.selection.services import mcp, mcp_assessment

    member_org = make_organisation(Sector.SUPPLIER, code="MXS2", name="Matrix Community Trust")
    other_lead = make_organisation(Sector.SUPPLIER, code="MXS3", name="Matrix Other Hospital")
    other_person = make_person(
        email="other.alliance@matrix.example", roles=[(other_lead, Role.SUPPLIER_USER)]
    )
    people = {"Matrix alliance": world.people["S:supplier_user"], "Second alliance": other_person}

    def case():
        return build_case(
            lead=world.buyer,
            commissioner=world.people["B:procurement_lead"],
            panel=[world.people["B:evaluator"]],
            alliances=[
                ("Matrix alliance", world.supplier, [member_org]),
                ("Second alliance", other_lead, [member_org]),
            ],
            providers=people,
        )

    def past_deadline(c):
        MspSetup.objects.filter(process=c.process).update(
            submission_deadline=clock.today() - timedelta(days=1)
        )
        c.process.msp.refresh_from_db()

    world.extra["msp_start"] = make_process(world.buyer, title="Matrix community services (not started)")
    steps = {
        "new": None,
        "dialogue": None,
        "submission": None,
        "rating": None,
        "moderation": "ratings",
        "gateway1": "moderation",
        "stage2": "gateway1",
        "gateway2": "stage2",
        # After gateway 2: the decision record, then the notice of intention, then the contract
        # once the standstill has run (the notice dated 20 days back).
        "decision": "gateway2",
        "intention": "decision",
        "contract": "standstill_over",
    }
    for name, step in steps.items():
        c = case()
        if name == "dialogue":
            advance_to(c, "market_notice")
        elif name == "submission":
            # Every document uploaded, the submission not yet made.
            advance_to(c, "dialogue")
            fw = sel.framework_of(c.process.msp)
            for a in c.alliances:
                for doc in fw.submission_documents:
                    mcp.submission_document_upload(
                        actor=c.actor(people[a.name]), alliance=a, kind=doc.kind, file=pdf()
                    )
        elif name != "new":
            advance_to(c, "submission")
            past_deadline(c)
            if name == "rating":
                mcp_assessment.panel_declare(
                    actor=c.actor(world.people["B:evaluator"]), process=c.process, declaration="no_conflict"
                )
            else:
                advance_to(c, step, after="submission", not_assured="")
        world.extra[f"msp_{name}"] = c.process
        world.extra[f"msp_{name}_alliance"] = c.alliances[0]
        world.extra[f"msp_{name}_other_alliance"] = c.alliances[1]
    # Stage 2: a delivery plan version neither side has agreed yet, for either side to agree.
    stage2 = world.extra["msp_stage2_alliance"]
    document = Stage2Document.objects.create(alliance=stage2, kind="delivery_plan")
    world.extra["msp_version"] = Stage2Version.objects.create(
        document=document,
        number=1,
        text="The delivery plan",
        sha256="0" * 64,
        drafted_by_side="commissioners",
    )
    world.extra["msp_panel_candidate"] = world.people["B:buyer"]


def _p(name: str, tail: str = "", data=None):
    return lambda w, a: Request(f"/selection/msp/{w.extra[f'msp_{name}'].reference}{tail}", data)


def _a(name: str, tail: str = "", data=None, other: bool = False):
    key = f"msp_{name}_other_alliance" if other else f"msp_{name}_alliance"
    return lambda w, a: Request(
        f"/selection/msp/{w.extra[f'msp_{name}'].reference}/alliances/{w.extra[key].pk}{tail}",
        data() if callable(data) else data,
    )


def _api(name: str, tail: str = "", data=None):
    return lambda w, a: Request(
        f"/api/v1/selection/msp/{w.extra[f'msp_{name}'].reference}{tail}", data() if callable(data) else data
    )


def _api_a(name: str, tail: str = "", data=None, other: bool = False):
    key = f"msp_{name}_other_alliance" if other else f"msp_{name}_alliance"
    return lambda w, a: Request(
        f"/api/v1/selection/msp/{w.extra[f'msp_{name}'].reference}/alliances/{w.extra[key].pk}{tail}",
        data() if callable(data) else data,
    )


def _pdf():
    from caremarket.selection.factories_mcp import pdf

    return pdf("matrix.pdf")


def _today(days: int = 0) -> str:
    from caremarket.core import clock

    return (clock.today() + timedelta(days=days)).strftime("%d/%m/%Y")


def _iso(days: int = 0) -> str:
    from caremarket.core import clock

    return (clock.today() + timedelta(days=days)).isoformat()


def _subs() -> list[str]:
    from caremarket.rules import provider_assessment as pa

    return [s.id for s in pa.framework("suffolk_community_services", _today_date()).sub_criteria]


def _today_date():
    from caremarket.core import clock

    return clock.today()


def _domain_ratings(domain: str = "ACI") -> dict:
    from caremarket.rules import provider_assessment as pa

    fw = pa.framework("suffolk_community_services", _today_date())
    out = {}
    for s in fw.domain(domain).sub_criteria:
        out[f"rating_{s.id}"] = "assured"
        out[f"comment_{s.id}"] = "Clear"
    return out


def _moderation_form() -> dict:
    return {f"rating_{s}": "partially_assured" for s in _subs()}


def _letter_form() -> dict:
    return {"signed_on": _today(), "signed_by": "The chief executives", "file": _pdf()}


def _upload_form() -> dict:
    return {"kind": "narrative_pack", "file": _pdf(), "action": "upload"}


def _contract_form() -> dict:
    return {"starts_on": _today(30), "term_months": "120"}


def _criteria() -> list[dict]:
    from caremarket.selection.factories_mcp import msp_criteria

    return msp_criteria()


def _decision_form() -> dict:
    form = {"provider": "MXS", "contract_value": "1,000,000"}
    for row in _criteria():
        form[f"{row['criterion']}_weight"] = row["weight"]
        form[f"{row['criterion']}_rationale"] = row["rationale"]
    return form


def _decision_json(w, a) -> Request:
    return Request(
        f"/api/v1/selection/msp/{w.extra['msp_decision'].reference}/decision",
        {
            "alliance_id": w.extra["msp_decision_alliance"].pk,
            "contract_value": "1,000,000",
            "criteria": _criteria(),
        },
    )


def _version(w, a, tail: str, api: bool = False):
    prefix = "/api/v1" if api else ""
    return Request(
        f"{prefix}/selection/msp/{w.extra['msp_stage2'].reference}/stage2/versions/{w.extra['msp_version'].pk}{tail}"
    )


PAGES = [
    Case("GET /selection/msp", SIGNED_IN, at("/selection/msp")),
    Case("GET /selection/msp/<str:reference>", VIEWERS, _p("gateway1")),
    Case("GET /selection/msp/<str:reference>/start", MANAGERS, _p("start", "/start")),
    Case(
        "POST /selection/msp/<str:reference>/start",
        MANAGERS,
        _p("start", "/start", {"framework": "suffolk_community_services"}),
    ),
    Case("GET /selection/msp/<str:reference>/deadline", MANAGERS, _p("new", "/deadline")),
    Case(
        "POST /selection/msp/<str:reference>/deadline",
        MANAGERS,
        lambda w, a: _p("new", "/deadline", {"deadline": _today(20)})(w, a),
    ),
    Case("GET /selection/msp/<str:reference>/alliances/new", MANAGERS, _p("new", "/alliances/new")),
    Case(
        "POST /selection/msp/<str:reference>/alliances/new",
        MANAGERS,
        _p("new", "/alliances/new", {"name": "Third alliance", "lead": "MXS", "members": ["MXS", "MXS2"]}),
    ),
    Case("GET /selection/msp/<str:reference>/market-notice", MANAGERS, _p("new", "/market-notice")),
    Case("POST /selection/msp/<str:reference>/market-notice", MANAGERS, _p("new", "/market-notice", {})),
    Case("GET /selection/msp/<str:reference>/dialogue/new", MANAGERS, _p("dialogue", "/dialogue/new")),
    Case(
        "POST /selection/msp/<str:reference>/dialogue/new",
        MANAGERS,
        lambda w, a: _p("dialogue", "/dialogue/new", {"held_on": _today(), "subjects": "ACI"})(w, a),
    ),
    Case("GET /selection/msp/<str:reference>/panel", MANAGERS, _p("new", "/panel")),
    Case(
        "POST /selection/msp/<str:reference>/panel",
        MANAGERS,
        lambda w, a: _p("new", "/panel", {"person": str(w.extra["msp_panel_candidate"].pk)})(w, a),
    ),
    Case("GET /selection/msp/<str:reference>/declare", PANEL, _p("new", "/declare")),
    Case(
        "POST /selection/msp/<str:reference>/declare",
        PANEL,
        _p("new", "/declare", {"declaration": "no_conflict"}),
    ),
    Case("GET /selection/msp/<str:reference>/gateway1", MANAGERS, _p("gateway1", "/gateway1")),
    Case(
        "POST /selection/msp/<str:reference>/gateway1",
        MANAGERS,
        _p(
            "gateway1",
            "/gateway1",
            {"decision": "progress", "rationale": "Partly assured", "themes": "Identity"},
        ),
    ),
    Case("GET /selection/msp/<str:reference>/engagement", NEGOTIATORS, _p("stage2", "/engagement")),
    Case(
        "POST /selection/msp/<str:reference>/engagement",
        NEGOTIATORS,
        lambda w, a: _p(
            "stage2", "/engagement", {"held_on": _today(), "who": "Patients", "summary": "Heard"}
        )(w, a),
    ),
    Case("GET /selection/msp/<str:reference>/gateway2", MANAGERS, _p("gateway2", "/gateway2")),
    Case("POST /selection/msp/<str:reference>/gateway2", MANAGERS, _p("gateway2", "/gateway2", {})),
    Case("GET /selection/msp/<str:reference>/decision", MANAGERS, _p("decision", "/decision")),
    Case(
        "POST /selection/msp/<str:reference>/decision",
        MANAGERS,
        lambda w, a: _p("decision", "/decision", _decision_form())(w, a),
    ),
    Case("POST /selection/msp/<str:reference>/intention", MANAGERS, _p("intention", "/intention", {})),
    Case(
        "POST /selection/msp/<str:reference>/stage2/versions/<int:version_id>/agree",
        NEGOTIATORS,
        lambda w, a: _version(w, a, "/agree"),
    ),
    Case("GET /selection/msp/<str:reference>/alliances/<int:alliance_id>", VIEWERS, _a("gateway1")),
    # Another alliance's page (its submission and documents) is not for this alliance's people.
    Case(
        "GET /selection/msp/<str:reference>/alliances/<int:alliance_id>",
        RATING_VIEWERS,
        _a("gateway1", other=True),
    ),
    Case(
        "GET /selection/msp/<str:reference>/alliances/<int:alliance_id>/letter", LETTER, _a("new", "/letter")
    ),
    Case(
        "POST /selection/msp/<str:reference>/alliances/<int:alliance_id>/letter",
        LETTER,
        _a("new", "/letter", _letter_form),
    ),
    Case(
        "GET /selection/msp/<str:reference>/alliances/<int:alliance_id>/submission",
        PROVIDERS,
        _a("submission", "/submission"),
    ),
    Case(
        "POST /selection/msp/<str:reference>/alliances/<int:alliance_id>/submission",
        PROVIDERS,
        _a("submission", "/submission", _upload_form),
    ),
    Case(
        "GET /selection/msp/<str:reference>/alliances/<int:alliance_id>/rate/<str:domain>",
        PANEL,
        _a("rating", "/rate/ACI"),
    ),
    Case(
        "POST /selection/msp/<str:reference>/alliances/<int:alliance_id>/rate/<str:domain>",
        PANEL,
        _a("rating", "/rate/ACI", _domain_ratings),
    ),
    Case(
        "GET /selection/msp/<str:reference>/alliances/<int:alliance_id>/moderate",
        MANAGERS,
        _a("moderation", "/moderate"),
    ),
    Case(
        "POST /selection/msp/<str:reference>/alliances/<int:alliance_id>/moderate",
        MANAGERS,
        _a("moderation", "/moderate", _moderation_form),
    ),
    # Before moderation the alliance's people see none of its ratings...
    Case(
        "GET /selection/msp/<str:reference>/alliances/<int:alliance_id>/ratings",
        RATING_VIEWERS,
        _a("rating", "/ratings"),
    ),
    # ... after it, its moderated ratings ...
    Case(
        "GET /selection/msp/<str:reference>/alliances/<int:alliance_id>/ratings",
        RATING_VIEWERS | S_MEMBERS,
        _a("gateway1", "/ratings"),
    ),
    # ... and never another alliance's.
    Case(
        "GET /selection/msp/<str:reference>/alliances/<int:alliance_id>/ratings",
        RATING_VIEWERS,
        _a("gateway1", "/ratings", other=True),
    ),
    Case(
        "GET /selection/msp/<str:reference>/alliances/<int:alliance_id>/stage2/<str:kind>",
        VIEWERS,
        _a("stage2", "/stage2/delivery_plan"),
    ),
    Case(
        "POST /selection/msp/<str:reference>/alliances/<int:alliance_id>/stage2/<str:kind>",
        NEGOTIATORS,
        _a("stage2", "/stage2/innovation_plan", {"text": "The innovation plan"}),
    ),
    Case(
        "GET /selection/msp/<str:reference>/alliances/<int:alliance_id>/contract",
        MANAGERS,
        _a("contract", "/contract"),
    ),
    Case(
        "POST /selection/msp/<str:reference>/alliances/<int:alliance_id>/contract",
        MANAGERS,
        _a("contract", "/contract", _contract_form),
    ),
]

R = "/api/v1/selection/msp/{reference}"
RA = R + "/alliances/{alliance_id}"

API = [
    Case("GET /api/v1/selection/msp", SIGNED_IN, at("/api/v1/selection/msp")),
    Case(
        f"POST {R}/start",
        MANAGERS,
        _api("start", "/start", {"framework": "suffolk_community_services"}),
        ok=OK_201,
    ),
    Case(f"GET {R}", VIEWERS, _api("gateway1")),
    Case(f"PUT {R}/deadline", MANAGERS, _api("new", "/deadline", lambda: {"deadline": _iso(20)})),
    Case(
        f"POST {R}/alliances",
        MANAGERS,
        _api("new", "/alliances", {"name": "Third alliance", "lead_code": "MXS", "member_codes": ["MXS2"]}),
        ok=OK_201,
    ),
    Case(
        f"POST {RA}/letter",
        LETTER,
        _api_a(
            "new",
            "/letter",
            lambda: {"signed_on": _iso(), "signed_by": "The chief executives", "file": _pdf()},
        ),
    ),
    Case(f"POST {R}/market-notice", MANAGERS, _api("new", "/market-notice", {}), ok=OK_201),
    Case(
        f"POST {R}/dialogue-sessions",
        MANAGERS,
        _api("dialogue", "/dialogue-sessions", lambda: {"held_on": _iso(), "subjects": ["ACI"]}),
        ok=OK_201,
    ),
    Case(
        f"POST {RA}/submission/documents",
        PROVIDERS,
        _api_a("submission", "/submission/documents", lambda: {"kind": "evidence_log", "file": _pdf()}),
        ok=OK_201,
    ),
    Case(f"POST {RA}/submission/submit", PROVIDERS, _api_a("submission", "/submission/submit", {})),
    Case(
        f"POST {R}/panel",
        MANAGERS,
        _api("new", "/panel", {"person_email": "B.buyer@matrix.example"}),
        ok=OK_201,
    ),
    Case(
        f"POST {R}/panel/declaration",
        PANEL,
        _api("new", "/panel/declaration", {"declaration": "no_conflict"}),
    ),
    Case(
        f"PUT {RA}/ratings",
        PANEL,
        _api_a(
            "rating",
            "/ratings",
            {"ratings": [{"sub_criterion": "ACI.1", "rating": "assured", "comment": "Clear"}]},
        ),
    ),
    Case(f"GET {RA}/ratings", RATING_VIEWERS, _api_a("rating", "/ratings")),
    Case(f"GET {RA}/ratings", RATING_VIEWERS | S_MEMBERS, _api_a("gateway1", "/ratings")),
    Case(f"GET {RA}/ratings", RATING_VIEWERS, _api_a("gateway1", "/ratings", other=True)),
    Case(
        f"POST {RA}/moderation",
        MANAGERS,
        _api_a(
            "moderation",
            "/moderation",
            lambda: {"sub_criteria": [{"sub_criterion": s, "rating": "partially_assured"} for s in _subs()]},
        ),
        ok=OK_201,
    ),
    Case(
        f"POST {R}/gateway1",
        MANAGERS,
        _api(
            "gateway1",
            "/gateway1",
            {"decision": "progress", "rationale": "Partly assured", "themes": ["Identity"]},
        ),
        ok=OK_201,
    ),
    Case(
        f"POST {RA}/stage2/{{kind}}/versions",
        NEGOTIATORS,
        _api_a("stage2", "/stage2/innovation_plan/versions", lambda: {"text": "The plan", "file": _pdf()}),
        ok=OK_201,
    ),
    Case(
        f"POST {R}/stage2/versions/{{version_id}}/agree",
        NEGOTIATORS,
        lambda w, a: _version(w, a, "/agree", True),
    ),
    Case(
        f"POST {R}/engagement",
        NEGOTIATORS,
        _api("stage2", "/engagement", lambda: {"held_on": _iso(), "who": "Patients", "summary": "Heard"}),
        ok=OK_201,
    ),
    Case(f"POST {R}/gateway2", MANAGERS, _api("gateway2", "/gateway2", {}), ok=OK_201),
    Case(f"PUT {R}/decision", MANAGERS, _decision_json),
    Case(f"POST {R}/intention", MANAGERS, _api("intention", "/intention", {})),
    Case(
        f"POST {RA}/contract",
        MANAGERS,
        _api_a("contract", "/contract", lambda: {"starts_on": _iso(30), "term_months": 120}),
        ok=OK_201,
    ),
]

CASES: list[Case] = [*PAGES, *API]
