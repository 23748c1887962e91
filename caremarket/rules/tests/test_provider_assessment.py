from dataclasses import replace
from datetime import date

import pytest

from caremarket.core.errors import ValidationFailed
from caremarket.rules.provider_assessment import (
    STAGE_ORDER,
    DocumentState,
    DocumentStatus,
    DocumentVersion,
    DomainOutcome,
    Gateway1Decision,
    PanelRating,
    ProblemCode,
    Rating,
    Side,
    Stage,
    Stage2Document,
    StageFacts,
    Step,
    Visibility,
    alliance_problems,
    commissioner_steps,
    current_stage,
    document_state,
    domain_outcome,
    domain_outcomes,
    domain_rating,
    framework,
    framework_codes,
    gateway1_decision_problems,
    gateway1_outcome,
    gateway2_refusal,
    missing_submission_documents,
    moderate,
    moderation_problems,
    next_stage,
    overall_assurance,
    panel_problems,
    parse_frameworks,
    raters_finished,
    ratings_visible_to,
    stage_refusal,
    suffolk_case,
)

A, P, N = Rating.ASSURED, Rating.PARTIALLY_ASSURED, Rating.NOT_ASSURED
C, L = Side.COMMISSIONERS, Side.ALLIANCE_LEAD
FW = framework("suffolk_community_services", date(2016, 12, 1))
CASE = suffolk_case()


def codes(problems):
    return [p.code for p in problems]


def full_ratings(member, rating=P, comment="Evidence seen", only=None):
    return [
        PanelRating(member, s.id, rating, comment) for s in FW.sub_criteria if only is None or s.id in only
    ]


# --- The framework ------------------------------------------------------------------------------


def test_suffolk_framework_has_the_eight_domains_of_the_seed():
    assert framework_codes() == ["suffolk_community_services"]
    assert [(d.id, d.name, len(d.sub_criteria)) for d in FW.domains] == [
        ("ACI", "Alliance Commitment & Integration", 3),
        ("SM", "Service Management", 7),
        ("SD", "Service Delivery", 6),
        ("HR", "Human Resources", 5),
        ("GOV", "Governance", 7),
        ("IT", "IT", 3),
        ("MOB", "Mobilisation", 4),
        ("COST", "Cost", 3),
    ]
    assert len(FW.sub_criteria) == 38
    assert len({s.id for s in FW.sub_criteria}) == 38


@pytest.mark.parametrize(
    ("sub_id", "name"),
    [
        ("ACI.1", "Vision and innovation"),
        ("ACI.2", "Commitment to working as a system with partners and no blame ethos"),
        ("SM.7", "Development of outcomes framework"),
        ("SD.3", "Agreement to System Outcomes (OC's) and Process Performance Indicators (PPIs)"),
        ("SD.4", "Delivery operating models – children"),
        ("HR.5", "TUPE"),
        ("GOV.7", "Audit"),
        ("IT.1", "IM&T Operating Model"),
        ("MOB.1", "Regulators – NHSI and others"),
        ("COST.1", "Open book accounting and commitment to accounting openness"),
        ("COST.2", "Cost of delivery"),
        ("COST.3", "Risk share agreements"),
    ],
)
def test_sub_criteria_are_the_seeds_words_with_stable_ids(sub_id, name):
    assert FW.sub_criterion(sub_id).name == name
    assert FW.sub_criterion(sub_id).domain == sub_id.split(".")[0]


def test_framework_scale_stages_and_documents():
    assert [m.label for m in FW.scale] == ["Assured", "Partially assured", "Not assured"]
    assert FW.meaning(A).startswith("CCGs are assured")
    assert [r.label for r in Rating] == ["Assured", "Partially assured", "Not assured"]
    assert [s.id for s in FW.stages] == [
        "market_notice",
        "dialogue",
        "submission",
        "assessment",
        "moderation",
        "gateway1",
        "stage2",
        "gateway2",
        "contract",
    ]
    assert FW.dialogue_sessions == 5
    assert [d.kind for d in FW.submission_documents] == ["dialogue_slides", "narrative_pack", "evidence_log"]
    assert FW.stage2_documents == tuple(Stage2Document)
    assert [s.id for s in FW.stages if s.stakeholder_engagement] == ["stage2"]
    assert "SI 2013/500" in FW.citation and "Most Suitable Provider" in FW.today


@pytest.mark.parametrize(
    ("code", "on", "message"),
    [
        ("nope", date(2017, 1, 1), "'nope' is not an evaluation framework Caremarket knows"),
        (
            "suffolk_community_services",
            date(2016, 8, 31),
            "The Suffolk NHS community services Most Capable Provider evaluation framework applies only "
            "from 1 September 2016",
        ),
    ],
)
def test_framework_refusals(code, on, message):
    with pytest.raises(ValidationFailed) as caught:
        framework(code, on)
    assert caught.value.message == message


def _raw_version(version, valid_from, domains=None):
    return {
        "version": version,
        "valid_from": valid_from,
        "name": f"Framework v{version}",
        "source": "test",
        "citation": "test",
        "rating_scale": [{"rating": r.value, "label": r.label, "meaning": ""} for r in Rating],
        "domains": domains or [{"id": "X", "name": "X", "sub_criteria": [{"id": "X.1", "name": "One"}]}],
        "stages": [{"id": s.value, "name": s.value} for s in STAGE_ORDER],
        "gateway1": {
            "progress": {
                "allowed_overall": ["assured"],
                "partially_assured_needs_rationale": True,
                "partially_assured_min_themes": 1,
                "not_assured_domains": "refused",
            },
            "divert": {"needs_rationale": False, "ends_process": True, "opens": "open_market_competition"},
        },
    }


def test_versions_apply_from_their_day():
    table = parse_frameworks(
        {
            "frameworks": {
                "f": {"versions": [_raw_version(2, date(2024, 1, 1)), _raw_version(1, date(2016, 1, 1))]}
            }
        }
    )
    assert framework("f", date(2023, 12, 31), table).version == 1
    assert framework("f", date(2024, 1, 1), table).version == 2


@pytest.mark.parametrize(
    ("versions", "message"),
    [
        ([_raw_version(1, date(2016, 1, 1)), _raw_version(2, date(2016, 1, 1))], "two versions valid from"),
        (
            [
                _raw_version(
                    1,
                    date(2016, 1, 1),
                    [{"id": "X", "name": "X", "sub_criteria": [{"id": "Y.1", "name": "Wrong domain"}]}],
                )
            ],
            "is repeated or not in domain X",
        ),
    ],
)
def test_bad_framework_data_is_refused(versions, message):
    with pytest.raises(ValueError, match=message):
        parse_frameworks({"frameworks": {"f": {"versions": versions}}})


def test_missing_submission_documents():
    assert [d.label for d in missing_submission_documents(FW, {"narrative_pack"})] == [
        "Constructive dialogue session slides",
        "Evidence log",
    ]
    assert missing_submission_documents(FW, {"dialogue_slides", "narrative_pack", "evidence_log"}) == []


# --- The Suffolk case ---------------------------------------------------------------------------


def test_suffolk_case_facts():
    assert CASE.framework == "suffolk_community_services"
    assert CASE.commissioners == ("Ipswich & East Suffolk CCG", "West Suffolk CCG")
    assert len(CASE.providers) == 5
    assert [a.name for a in CASE.alliances] == ["East Suffolk alliance", "West Suffolk alliance"]
    for alliance in CASE.alliances:
        assert alliance_problems(alliance.members, alliance.lead) == []
        assert set(alliance.members) <= set(CASE.providers)
    assert set(CASE.providers) == {m for a in CASE.alliances for m in a.members}
    assert CASE.term_years == (8, 10)
    assert CASE.dialogue_sessions == FW.dialogue_sessions == 5
    assert CASE.submission_deadline == date(2016, 11, 30)
    assert CASE.moderation == date(2016, 12, 12)
    assert [k for k, _ in CASE.submission_documents] == [d.kind for d in FW.submission_documents]
    assert CASE.overall == P
    assert CASE.gateway1 == Gateway1Decision.PROGRESS
    assert len(CASE.stage2_themes) == 5
    assert [(n.domain, n.sub_criterion) for n in CASE.not_assured] == [("SD", "SD.4")]
    assert FW.sub_criterion(CASE.not_assured[0].sub_criterion) is not None


# --- Alliances ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("members", "lead", "messages"),
    [
        (["A", "B"], "A", []),
        ([], None, ["An alliance needs at least one member", "Choose the alliance's lead provider"]),
        (["A", "B"], "C", ["The lead, C, must be a member of the alliance"]),
        (["A", "A"], "A", ["A joined the alliance more than once"]),
    ],
)
def test_alliance_problems(members, lead, messages):
    assert [p.message for p in alliance_problems(members, lead)] == messages


# --- Panel ratings ------------------------------------------------------------------------------

DECLARED = {"Ann": "no_conflict", "Bob": "no_conflict", "Cat": "conflict"}


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [
        (full_ratings("Ann") + full_ratings("Bob"), []),
        (
            full_ratings("Ann") + full_ratings("Bob") + [PanelRating("Cat", "ACI.1", A, "x")],
            [ProblemCode.RATER_CONFLICTED],
        ),
        (
            full_ratings("Ann") + full_ratings("Bob") + [PanelRating("Dan", "ACI.1", A, "x")],
            [ProblemCode.CONFLICT_NOT_DECLARED],
        ),
        (
            full_ratings("Ann") + full_ratings("Bob") + [PanelRating("Ann", "ZZ.1", A, "x")],
            [ProblemCode.CRITERION_UNKNOWN],
        ),
        (
            full_ratings("Ann") + full_ratings("Bob") + [PanelRating("Ann", "ACI.1", A, "again")],
            [ProblemCode.RATED_TWICE],
        ),
        (
            full_ratings("Ann", comment="  ")[:1] + full_ratings("Ann")[1:] + full_ratings("Bob"),
            [ProblemCode.COMMENT_MISSING],
        ),
        (
            [PanelRating("Ann", "ACI.1", "brilliant", "x"), *full_ratings("Ann")[1:], *full_ratings("Bob")],
            [ProblemCode.RATING_INVALID],
        ),
        (full_ratings("Ann"), [ProblemCode.RATING_MISSING]),
    ],
)
def test_panel_problems(ratings, expected):
    assert codes(panel_problems(ratings, FW, DECLARED)) == expected


def test_missing_ratings_are_named_per_member_and_partial_check_skips_them():
    ratings = full_ratings("Ann") + full_ratings("Bob", only={"ACI.1"})
    problems = panel_problems(ratings, FW, DECLARED)
    assert [p.message for p in problems] == [
        "Bob has not rated 37 sub-criteria: ACI.2, ACI.3, SM.1, SM.2, SM.3 …"
    ]
    assert panel_problems(ratings, FW, DECLARED, complete=False) == []
    assert raters_finished(ratings, FW, DECLARED) == 1
    assert raters_finished(ratings + full_ratings("Bob"), FW, DECLARED) == 2


def test_panel_with_nobody_free_to_rate():
    assert codes(panel_problems([], FW, {"Cat": "conflict"})) == [ProblemCode.PANEL_EMPTY]
    problems = panel_problems([PanelRating("Cat", "ACI.1", A, "x")], FW, {"Cat": "conflict"})
    assert [p.message for p in problems] == [
        "Cat declared a conflict of interest and may not rate",
        "No panel member free of conflicts has declared: nobody can rate",
    ]


# --- Moderation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ratings", "suggestion"),
    [
        ([A], A),
        ([A, A, A], A),
        ([A, P], P),
        ([P, P], P),
        ([A, P, N], N),
        ([N], N),
        (["assured", "not_assured"], N),
    ],
)
def test_domain_rating_is_the_cautious_suggestion(ratings, suggestion):
    assert domain_rating(ratings) == suggestion


def test_domain_rating_needs_a_rating():
    with pytest.raises(ValueError):
        domain_rating([])


PANEL = [
    PanelRating("Ann", "ACI.1", A, "Clear vision"),
    PanelRating("Bob", "ACI.1", P, "Vision but little innovation"),
    PanelRating("Ann", "ACI.2", P, "Some evidence"),
    PanelRating("Bob", "ACI.2", P, "Some evidence"),
]


@pytest.mark.parametrize(
    ("agreed", "rationale", "needs", "suggested"),
    [
        (P, "", False, P),  # unanimous and agreed as given: no rationale needed
        (A, "", True, P),  # unanimous but agreed otherwise
        (A, "Strong at dialogue", True, P),
    ],
)
def test_moderated_rating_needs_a_rationale_unless_unanimous(agreed, rationale, needs, suggested):
    m = moderate(PANEL, "ACI.2", agreed, rationale)
    assert m.needs_rationale is needs
    assert m.suggested == suggested
    assert m.originals == tuple(PANEL[2:])


def test_moderation_keeps_every_original_rating():
    m = moderate(PANEL, "ACI.1", P, "Agreed on discussion")
    assert m.originals == tuple(PANEL[:2])
    assert not m.unanimous and m.needs_rationale


def _moderated_all(panel, agreed=None, rationale="Agreed on discussion"):
    agreed = agreed or {}
    return [moderate(panel, s.id, agreed.get(s.id, P), rationale) for s in FW.sub_criteria]


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("complete", []),
        ("missing", [ProblemCode.MODERATION_MISSING]),
        ("twice", [ProblemCode.MODERATED_TWICE]),
        ("no rationale", [ProblemCode.RATIONALE_MISSING]),
        ("dropped", [ProblemCode.ORIGINALS_DROPPED]),
        ("unrated", [ProblemCode.MODERATION_WITHOUT_RATINGS]),
        ("unknown", [ProblemCode.CRITERION_UNKNOWN, ProblemCode.MODERATION_WITHOUT_RATINGS]),
    ],
)
def test_moderation_problems(case, expected):
    panel = (
        full_ratings("Ann", P)
        + full_ratings("Bob", A, only={"ACI.1"})
        + full_ratings("Bob", P, only=None)[1:]
    )
    moderated = _moderated_all(panel)
    if case == "missing":
        moderated = moderated[1:]
    elif case == "twice":
        moderated = moderated + moderated[:1]
    elif case == "no rationale":
        moderated[0] = moderate(panel, "ACI.1", P, "")
    elif case == "dropped":
        moderated[0] = replace(moderated[0], originals=moderated[0].originals[:1])
    elif case == "unrated":
        panel = [r for r in panel if r.sub_criterion != "COST.3"]
        moderated[-1] = replace(moderated[-1], originals=())
    elif case == "unknown":
        moderated.append(moderate(panel, "ZZ.1", P, "x"))
    assert codes(moderation_problems(panel, moderated, fw=FW)) == expected


def test_moderation_without_a_framework_expects_what_the_panel_rated():
    assert codes(moderation_problems(PANEL, [moderate(PANEL, "ACI.2", P)])) == [
        ProblemCode.MODERATION_MISSING
    ]
    assert moderation_problems(PANEL, [moderate(PANEL, "ACI.1", P, "why"), moderate(PANEL, "ACI.2", P)]) == []


def _suffolk_moderation():
    """Suffolk: every sub-criterion partially assured, children's operating models not assured."""
    panel = full_ratings("Ann", P) + full_ratings("Bob", P)
    panel = [replace(r, rating=N) if r.sub_criterion == "SD.4" else r for r in panel]
    moderated = [moderate(panel, s.id, N if s.id == "SD.4" else P) for s in FW.sub_criteria]
    return panel, moderated


def test_domain_outcomes_suggest_and_the_panel_agrees():
    panel, moderated = _suffolk_moderation()
    outcomes = domain_outcomes(FW, moderated)
    assert [(o.domain, o.suggested, o.agreed, o.needs_rationale) for o in outcomes] == [
        (d.id, N if d.id == "SD" else P, N if d.id == "SD" else P, False) for d in FW.domains
    ]
    assert moderation_problems(panel, moderated, fw=FW, domains=outcomes) == []
    # The panel may agree a domain otherwise, with a rationale
    differing = domain_outcomes(FW, moderated, {"SD": (P, "")})
    sd = next(o for o in differing if o.domain == "SD")
    assert (sd.suggested, sd.agreed, sd.needs_rationale) == (N, P, True)
    assert [p.message for p in moderation_problems(panel, moderated, fw=FW, domains=differing)] == [
        "Service Delivery: the agreed rating (partially assured) differs from the suggested one "
        "(not assured): record the rationale"
    ]
    explained = domain_outcomes(FW, moderated, {"SD": (P, "Adults strong")})
    assert moderation_problems(panel, moderated, fw=FW, domains=explained) == []
    assert codes(moderation_problems(panel, moderated, fw=FW, domains=outcomes[1:])) == [
        ProblemCode.DOMAIN_MISSING
    ]


@pytest.mark.parametrize(
    ("domains", "agreed", "rationale", "suggested", "final", "problem"),
    [
        ({"ACI": A, "SM": A}, None, "", A, A, False),
        ({"ACI": A, "SM": P}, None, "", P, P, False),
        ({"ACI": P, "SD": N}, None, "", N, N, False),
        ({"ACI": P, "SD": N}, P, "", N, P, True),
        ({"ACI": P, "SD": N}, P, "Partly assured overall", N, P, False),
    ],
)
def test_overall_assurance(domains, agreed, rationale, suggested, final, problem):
    overall = overall_assurance(domains, agreed, rationale)
    assert (overall.suggested, overall.agreed) == (suggested, final)
    assert (overall.problem is not None) is problem
    assert overall.not_assured_domains == tuple(k for k, v in domains.items() if v == N)


def test_overall_from_domain_outcomes():
    outcomes = [DomainOutcome("ACI", P, P), DomainOutcome("SD", N, N)]
    assert overall_assurance(outcomes).suggested == N
    assert domain_outcome("ACI", [moderate(PANEL, "ACI.2", P)]).agreed == P


# --- Gateway 1 ----------------------------------------------------------------------------------

THEMES = list(CASE.stage2_themes)
SD_NOTE = {"SD": CASE.not_assured[0].note}
SUFFOLK_DOMAINS = {d.id: (N if d.id == "SD" else P) for d in FW.domains}


@pytest.mark.parametrize(
    ("decision", "overall", "domains", "rationale", "themes", "notes", "expected"),
    [
        # Suffolk: progress, partially assured overall, children's services not assured
        ("progress", P, SUFFOLK_DOMAINS, CASE.overall_rationale, THEMES, SD_NOTE, []),
        (
            "progress",
            P,
            SUFFOLK_DOMAINS,
            CASE.overall_rationale,
            THEMES,
            {},
            [ProblemCode.NOT_ASSURED_NOTE_MISSING],
        ),
        ("progress", P, {"ACI": P}, "", THEMES, {}, [ProblemCode.RATIONALE_MISSING]),
        ("progress", P, {"ACI": P}, "Reason", [], {}, [ProblemCode.THEMES_MISSING]),
        ("progress", P, {"ACI": P}, "Reason", ["  "], {}, [ProblemCode.THEMES_MISSING]),
        ("progress", P, {"ACI": P}, "", [], {}, [ProblemCode.RATIONALE_MISSING, ProblemCode.THEMES_MISSING]),
        ("progress", A, {"ACI": A}, "", [], {}, []),  # fully assured: nothing more needed
        ("progress", N, {"ACI": N}, "Reason", THEMES, {"ACI": "x"}, [ProblemCode.OVERALL_NOT_ENOUGH]),
        ("divert", N, {"ACI": N}, "Not assured", [], {}, []),
        ("divert", P, {"ACI": P}, "Open market instead", [], {}, []),
        ("divert", N, {"ACI": N}, "", [], {}, [ProblemCode.RATIONALE_MISSING]),
        ("maybe", P, {"ACI": P}, "x", THEMES, {}, [ProblemCode.DECISION_INVALID]),
    ],
)
def test_gateway1_decision_problems(decision, overall, domains, rationale, themes, notes, expected):
    problems = gateway1_decision_problems(
        decision, overall, domains, rationale, themes, fw=FW, not_assured_notes=notes
    )
    assert codes(problems) == expected


def test_gateway1_messages():
    [problem] = gateway1_decision_problems("progress", N, {"ACI": N}, "x", THEMES, fw=FW)
    assert problem.message == (
        "The panel is not assured overall: the process can progress only when it is assured or partially "
        "assured; divert to an open-market competition instead"
    )
    [problem] = gateway1_decision_problems("progress", P, SUFFOLK_DOMAINS, "x", THEMES, fw=FW)
    assert problem.message == (
        "The panel is not assured on Service Delivery: say why the process progresses and how stage 2 will "
        "address it"
    )


def test_gateway1_with_a_policy_refusing_not_assured_domains():
    strict = replace(FW, gateway1=replace(FW.gateway1, not_assured_domains="refused"))
    problems = gateway1_decision_problems(
        "progress", P, SUFFOLK_DOMAINS, "x", THEMES, fw=strict, not_assured_notes=SD_NOTE
    )
    assert codes(problems) == [ProblemCode.NOT_ASSURED_DOMAIN]


def test_gateway1_uses_the_agreed_overall_rating():
    overall = overall_assurance(SUFFOLK_DOMAINS, P, CASE.overall_rationale)
    assert overall.suggested == N and overall.problem is None
    assert (
        gateway1_decision_problems(
            "progress", overall, SUFFOLK_DOMAINS, "x", THEMES, fw=FW, not_assured_notes=SD_NOTE
        )
        == []
    )


@pytest.mark.parametrize(
    ("decision", "ends", "opens", "stage"),
    [("progress", False, False, Stage.STAGE2), ("divert", True, True, Stage.DIVERTED)],
)
def test_gateway1_outcome(decision, ends, opens, stage):
    outcome = gateway1_outcome(decision, FW)
    assert (outcome.ends_process, outcome.opens_competition, outcome.next_stage) == (ends, opens, stage)


# --- Stage 2 documents and gateway 2 ------------------------------------------------------------


@pytest.mark.parametrize(
    ("versions", "status", "version", "awaiting", "reopened"),
    [
        ([], DocumentStatus.NOT_STARTED, None, (C, L), False),
        ([DocumentVersion(1, C)], DocumentStatus.DRAFTED, 1, (C, L), False),
        ([DocumentVersion(1, L, frozenset({L}))], DocumentStatus.DRAFTED, 1, (C,), False),
        ([DocumentVersion(1, C, frozenset({C, L}))], DocumentStatus.AGREED, 1, (), False),
        (
            [DocumentVersion(1, C, frozenset({C})), DocumentVersion(2, L)],
            DocumentStatus.REVISED,
            2,
            (C, L),
            False,
        ),
        (
            [
                DocumentVersion(1, C, frozenset({C})),
                DocumentVersion(2, L, frozenset({"commissioners", "alliance_lead"})),
            ],
            DocumentStatus.AGREED,
            2,
            (),
            False,
        ),
        # agreed, then revised: reopened
        (
            [DocumentVersion(1, C, frozenset({C, L})), DocumentVersion(2, L, frozenset({L}))],
            DocumentStatus.REVISED,
            2,
            (C,),
            True,
        ),
        # only the latest version counts, whatever order the versions come in
        (
            [DocumentVersion(2, L), DocumentVersion(1, C, frozenset({C, L}))],
            DocumentStatus.REVISED,
            2,
            (C, L),
            True,
        ),
    ],
)
def test_document_state(versions, status, version, awaiting, reopened):
    state = document_state(versions)
    assert (state.status, state.version, state.awaiting, state.reopened) == (
        status,
        version,
        awaiting,
        reopened,
    )


def test_document_state_refuses_bad_versions():
    with pytest.raises(ValueError):
        document_state([DocumentVersion(1, C), DocumentVersion(1, L)])
    with pytest.raises(ValueError):
        document_state([DocumentVersion(1, "someone")])


AGREED = [DocumentVersion(1, C, frozenset({C, L}))]


@pytest.mark.parametrize(
    ("documents", "engagement", "message"),
    [
        (
            {},
            1,
            "Gateway 2 needs the delivery plan, the innovation plan and the service contract agreed by the "
            "commissioners and the alliance lead: not yet agreed: the delivery plan (not yet drafted), the "
            "innovation plan (not yet drafted) and the service contract (not yet drafted)",
        ),
        (
            {"delivery_plan": AGREED, "innovation_plan": AGREED},
            1,
            "Gateway 2 needs the delivery plan, the innovation plan and the service contract agreed by the "
            "commissioners and the alliance lead: not yet agreed: the service contract (not yet drafted)",
        ),
        (
            {
                Stage2Document.DELIVERY_PLAN: AGREED,
                Stage2Document.INNOVATION_PLAN: [DocumentVersion(1, L, frozenset({L}))],
                Stage2Document.SERVICE_CONTRACT: [*AGREED, DocumentVersion(2, C)],
            },
            1,
            "Gateway 2 needs the delivery plan, the innovation plan and the service contract agreed by the "
            "commissioners and the alliance lead: not yet agreed: the innovation plan (version 1, "
            "awaiting the commissioners) and the service contract (version 2, reopened after agreement, "
            "awaiting the commissioners and the alliance lead)",
        ),
        (
            {k: AGREED for k in Stage2Document},
            0,
            "Record the patient and public engagement stage 2 requires before gateway 2",
        ),
        ({k: AGREED for k in Stage2Document}, 1, None),
        ({k: document_state(AGREED) for k in Stage2Document}, 1, None),
    ],
)
def test_gateway2_refusal(documents, engagement, message):
    assert gateway2_refusal(documents, engagement_required=True, engagement_records=engagement) == message


def test_gateway2_without_an_engagement_requirement():
    assert gateway2_refusal({k: AGREED for k in Stage2Document}) is None


# --- Who sees the ratings -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "alliance", "rated", "moderated", "conflicted", "visibility"),
    [
        ("commissioner", None, "East", False, False, Visibility.ALL),
        ("commissioner", None, "East", True, False, Visibility.ALL),
        ("panel_member", None, "East", False, False, Visibility.OWN),
        ("panel_member", None, "East", True, False, Visibility.ALL),
        ("panel_member", None, "East", True, True, Visibility.NONE),
        ("panel_member", None, "East", False, True, Visibility.NONE),
        ("alliance_member", "East", "East", False, False, Visibility.NONE),
        ("alliance_member", "East", "East", True, False, Visibility.MODERATED),
        ("alliance_member", "West", "East", True, False, Visibility.NONE),
        ("alliance_member", "West", "East", False, False, Visibility.NONE),
        ("alliance_member", "West", ("East", "West"), True, False, Visibility.MODERATED),  # joint submission
        ("alliance_member", None, "East", True, False, Visibility.NONE),
        ("other", None, "East", True, False, Visibility.NONE),
        ("supplier", "East", "East", True, False, Visibility.NONE),  # an unknown role sees nothing
    ],
)
def test_ratings_visible_to(role, alliance, rated, moderated, conflicted, visibility):
    seen = ratings_visible_to(role, alliance, rated, moderated, conflicted=conflicted)
    assert seen == visibility
    assert seen.sees_others_ratings is (visibility == Visibility.ALL)


# --- The order of the stages --------------------------------------------------------------------

DOCS = ("dialogue_slides", "narrative_pack", "evidence_log")
START = StageFacts(today=date(2016, 9, 15))
NOTICE = replace(START, alliances=2)
DIALOGUE = replace(NOTICE, market_notice_published=True, sessions_held=3)
SUBMISSION = replace(
    DIALOGUE, sessions_held=5, submission_deadline=CASE.submission_deadline, today=date(2016, 11, 30)
)
ASSESSMENT = replace(
    SUBMISSION,
    today=date(2016, 12, 1),
    submitted_documents=frozenset(DOCS),
    letters_of_commitment=2,
    panel_raters=3,
    panel_raters_finished=1,
)
MODERATION = replace(ASSESSMENT, panel_raters_finished=3)
GATEWAY1 = replace(MODERATION, moderated=True, today=CASE.moderation)
STAGE2 = replace(GATEWAY1, gateway1=Gateway1Decision.PROGRESS)
AGREED_STATE = document_state(AGREED)
GATEWAY2 = replace(STAGE2, documents={k.value: AGREED_STATE for k in Stage2Document}, engagement_records=2)
CONTRACT = replace(GATEWAY2, gateway2_passed=True)
DIVERTED = replace(GATEWAY1, gateway1=Gateway1Decision.DIVERT)


@pytest.mark.parametrize(
    ("facts", "stage", "following"),
    [
        (START, Stage.MARKET_NOTICE, None),
        (NOTICE, Stage.MARKET_NOTICE, None),
        (replace(NOTICE, market_notice_published=True), Stage.DIALOGUE, None),
        (DIALOGUE, Stage.DIALOGUE, None),
        (SUBMISSION, Stage.SUBMISSION, None),
        (ASSESSMENT, Stage.ASSESSMENT, None),
        (MODERATION, Stage.MODERATION, None),
        (GATEWAY1, Stage.GATEWAY1, None),
        (STAGE2, Stage.STAGE2, None),
        (GATEWAY2, Stage.GATEWAY2, None),
        (CONTRACT, Stage.CONTRACT, None),
        (DIVERTED, Stage.DIVERTED, None),
    ],
)
def test_current_and_next_stage(facts, stage, following):
    assert current_stage(facts, FW) == stage
    assert next_stage(stage, facts, FW) == following


@pytest.mark.parametrize(
    ("current", "facts", "following"),
    [
        (Stage.MARKET_NOTICE, replace(NOTICE, market_notice_published=True), Stage.DIALOGUE),
        (Stage.DIALOGUE, replace(DIALOGUE, sessions_held=5), Stage.SUBMISSION),
        (Stage.SUBMISSION, ASSESSMENT, Stage.ASSESSMENT),
        (Stage.ASSESSMENT, MODERATION, Stage.MODERATION),
        (Stage.GATEWAY1, STAGE2, Stage.STAGE2),
        (Stage.GATEWAY1, DIVERTED, Stage.DIVERTED),
        (Stage.STAGE2, GATEWAY2, Stage.GATEWAY2),
        (Stage.STAGE2, STAGE2, None),
    ],
)
def test_next_stage_moves_when_the_conditions_hold(current, facts, following):
    assert next_stage(current, facts, FW) == following


@pytest.mark.parametrize(
    ("target", "facts", "refusal"),
    [
        (
            Stage.MARKET_NOTICE,
            START,
            "An alliance of providers, with its lead, must be formed before the notice to the market",
        ),
        (Stage.MARKET_NOTICE, NOTICE, None),
        (Stage.MARKET_NOTICE, DIALOGUE, "The notice to the market has been published"),
        (Stage.DIALOGUE, NOTICE, "Publish the notice to the market before the constructive dialogue"),
        (Stage.DIALOGUE, DIALOGUE, None),
        (Stage.DIALOGUE, SUBMISSION, "All 5 dialogue sessions have been held"),
        (
            Stage.SUBMISSION,
            DIALOGUE,
            "3 of 5 dialogue sessions held: the written submission follows the last session",
        ),
        (Stage.SUBMISSION, SUBMISSION, None),
        (Stage.SUBMISSION, ASSESSMENT, "The written submission deadline, 30 November 2016, has passed"),
        # cannot rate before the deadline has passed
        (
            Stage.ASSESSMENT,
            replace(ASSESSMENT, today=date(2016, 11, 30)),
            "The panel rates only after the submission deadline, 30 November 2016, has passed",
        ),
        (
            Stage.ASSESSMENT,
            replace(ASSESSMENT, submission_deadline=None),
            "Set the written submission deadline first",
        ),
        # ... nor before the submission is in
        (
            Stage.ASSESSMENT,
            replace(ASSESSMENT, submitted_documents=frozenset({"narrative_pack"})),
            "The written submission is not in: missing constructive dialogue session slides and evidence log",
        ),
        (
            Stage.ASSESSMENT,
            replace(ASSESSMENT, letters_of_commitment=1),
            "Every alliance's signed letter of commitment must be in before the assessment",
        ),
        (Stage.ASSESSMENT, ASSESSMENT, None),
        (Stage.ASSESSMENT, MODERATION, None),  # a member may still revise until moderation
        (Stage.ASSESSMENT, GATEWAY1, "The ratings have been moderated: they can no longer change"),
        # cannot moderate before every panel member has rated
        (
            Stage.MODERATION,
            ASSESSMENT,
            "Waiting for 2 panel members to rate every sub-criterion before moderation",
        ),
        (
            Stage.MODERATION,
            replace(ASSESSMENT, panel_raters=0, panel_raters_finished=0),
            "No panel member free of conflicts has declared: nobody can rate",
        ),
        (Stage.MODERATION, MODERATION, None),
        # gateway 1 only after moderation
        (
            Stage.GATEWAY1,
            MODERATION,
            "Gateway 1 follows moderation: agree the collective rating of every sub-criterion and domain",
        ),
        (Stage.GATEWAY1, GATEWAY1, None),
        (Stage.DIVERTED, GATEWAY1, None),
        (Stage.GATEWAY1, STAGE2, "Gateway 1 has decided: progress to stage 2"),
        (Stage.STAGE2, GATEWAY1, "Stage 2 follows a gateway 1 decision to progress"),
        (Stage.STAGE2, STAGE2, None),
        (Stage.STAGE2, GATEWAY2, None),  # a revision may still reopen a document before gateway 2
        (Stage.STAGE2, CONTRACT, "Gateway 2 has passed"),
        (
            Stage.GATEWAY2,
            STAGE2,
            "Gateway 2 needs the delivery plan, the innovation plan and the service contract agreed by the "
            "commissioners and the alliance lead: not yet agreed: the delivery plan (not yet drafted), the "
            "innovation plan (not yet drafted) and the service contract (not yet drafted). Record the "
            "patient and public engagement stage 2 requires before gateway 2",
        ),
        (
            Stage.GATEWAY2,
            replace(GATEWAY2, engagement_records=0),
            "Record the patient and public engagement stage 2 requires before gateway 2",
        ),
        (Stage.GATEWAY2, GATEWAY2, None),
        (Stage.CONTRACT, GATEWAY2, "The contract follows gateway 2"),
        (Stage.CONTRACT, CONTRACT, None),
        (Stage.CONTRACT, replace(CONTRACT, contract_created=True), "The contract has been created"),
        # a diverted process has ended
        (
            Stage.STAGE2,
            DIVERTED,
            "The process was diverted to an open-market competition at gateway 1: it has ended",
        ),
        (
            Stage.GATEWAY1,
            DIVERTED,
            "The process was diverted to an open-market competition at gateway 1: it has ended",
        ),
    ],
)
def test_stage_refusal(target, facts, refusal):
    assert stage_refusal(target, facts, FW) == refusal


def test_planned_sessions_may_differ_from_the_framework():
    facts = replace(DIALOGUE, sessions_planned=3)
    assert stage_refusal(Stage.SUBMISSION, facts, FW) is None
    assert stage_refusal(Stage.DIALOGUE, facts, FW) == "All 3 dialogue sessions have been held"


def test_document_state_sentence():
    assert isinstance(AGREED_STATE, DocumentState)
    assert AGREED_STATE.sentence == "version 1, agreed by both sides"
    assert DocumentStatus.REVISED.label == "Revised"


S = Step
STAGE1_SETUP = {S.RECORD_ALLIANCE, S.SET_DEADLINE, S.ADD_PANEL_MEMBER, S.DECIDE_GATEWAY1}


@pytest.mark.parametrize(
    ("facts", "steps"),
    [
        (START, STAGE1_SETUP | {S.PUBLISH_MARKET_NOTICE}),
        (DIALOGUE, STAGE1_SETUP | {S.RECORD_SESSION}),
        # Five of five sessions held: no sixth is offered.
        (SUBMISSION, STAGE1_SETUP),
        # After the submission deadline no alliance joins and the deadline is not moved.
        (ASSESSMENT, {S.ADD_PANEL_MEMBER, S.MODERATE, S.DECIDE_GATEWAY1}),
        (GATEWAY1, {S.MODERATE, S.DECIDE_GATEWAY1}),
        # Once gateway 1 has decided, nothing of stage 1 is offered.
        (STAGE2, {S.RECORD_ENGAGEMENT, S.TRY_GATEWAY2}),
        (GATEWAY2, {S.RECORD_ENGAGEMENT, S.TRY_GATEWAY2}),
        (CONTRACT, set()),
        (DIVERTED, set()),
        (replace(CONTRACT, contract_created=True), set()),
    ],
)
def test_commissioner_steps(facts, steps):
    assert commissioner_steps(facts, FW) == steps
