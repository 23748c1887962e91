from datetime import date, timedelta
from decimal import Decimal as D

import pytest
import yaml

from caremarket.core.errors import ValidationFailed
from caremarket.rules import psr
from caremarket.rules.notices import notice_codes
from caremarket.rules.psr import (
    AnnualSummary,
    CriterionRecord,
    ModificationFacts,
    Process,
    ProcessFacts,
    PsrState,
    Representation,
    Review,
    ReviewDecision,
    Step,
    SummaryRow,
    UrgentFacts,
    after_representation,
    annual_summary,
    choose_process,
    considerable_change,
    contract_may_be_made_from,
    decision_record_locked,
    decision_record_problems,
    modification_permitted,
    next_step,
    psr_standstill,
    representation_allowed,
    standstill_ends_on,
    urgent_award_permitted,
)

ON = date(2026, 12, 1)
A, B, C = Process.DIRECT_AWARD_A, Process.DIRECT_AWARD_B, Process.DIRECT_AWARD_C
MSP, COMP = Process.MOST_SUITABLE_PROVIDER, Process.COMPETITIVE

# --- The data ------------------------------------------------------------------------------------


def test_the_table_loads_with_every_process_in_the_regulations_order():
    table = psr.psr_table()
    assert list(table.processes) == list(psr.PROCESS_ORDER)
    names = [psr.process_rule(p, ON).name for p in psr.PROCESS_ORDER]
    assert names == [
        "Direct Award Process A",
        "Direct Award Process B",
        "Direct Award Process C",
        "Most Suitable Provider Process",
        "Competitive Process",
    ]


@pytest.mark.parametrize(
    ("process", "notices", "standstill", "mandatory"),
    [
        (A, ("PSR_AWARD",), False, True),
        (B, ("PSR_AWARD",), False, True),
        (C, ("PSR_INTENTION", "PSR_AWARD"), True, False),
        (MSP, ("PSR_INTENTION", "PSR_AWARD"), True, False),
        (COMP, ("PSR_INTENTION", "PSR_AWARD"), True, False),
    ],
)
def test_each_process_publishes_known_notices(process, notices, standstill, mandatory):
    rule = psr.process_rule(process, ON)
    assert (rule.notices, rule.standstill, rule.mandatory) == (notices, standstill, mandatory)
    assert set(rule.notices) <= set(notice_codes())
    assert rule.citation.startswith("SI 2023/1348")


def test_every_condition_names_a_fact_the_chooser_knows():
    fields = set(ProcessFacts.__dataclass_fields__)
    for process in psr.PROCESS_ORDER:
        for condition in psr.process_rule(process, ON).conditions:
            assert condition.fact in fields
            assert condition.citation.startswith("regulation")


def test_urgent_and_modification_notices_are_known():
    assert {"PSR_URGENT", "PSR_MODIFICATION"} <= set(notice_codes())


def test_every_section_says_whether_it_was_confirmed_and_where_from():
    raw = yaml.safe_load(psr.PSR_PATH.read_text(encoding="utf-8"))
    for name, section in raw.items():
        if name == "schema_version":
            continue
        entries = section.values() if name == "processes" else [section]
        for entry in entries:
            for version in entry["versions"]:
                assert isinstance(version["confirmed"], bool), name
                assert version["source"], name


def test_the_regime_does_not_apply_before_2024():
    with pytest.raises(ValidationFailed, match="applies only from 1 January 2024"):
        psr.process_rule(A, date(2023, 12, 31))
    with pytest.raises(ValidationFailed, match="not a Provider Selection Regime process"):
        psr.process_rule("open_procedure", ON)


def test_two_versions_from_the_same_day_are_refused():
    raw = yaml.safe_load(psr.PSR_PATH.read_text(encoding="utf-8"))
    raw["processes"]["direct_award_a"]["versions"].append(
        dict(raw["processes"]["direct_award_a"]["versions"][0])
    )
    with pytest.raises(ValueError, match="two versions valid from the same day"):
        psr.parse_psr(raw)


def test_a_later_version_applies_from_its_day():
    raw = yaml.safe_load(psr.PSR_PATH.read_text(encoding="utf-8"))
    later = dict(
        raw["considerable_change"]["versions"][0], version=2, valid_from=date(2027, 4, 1), amount="750000"
    )
    raw["considerable_change"]["versions"].append(later)
    table = psr.parse_psr(raw)
    args = (D("1000000"), D("1600000"), True)
    assert considerable_change(*args, on=date(2027, 3, 31), table=table).yes is True
    assert considerable_change(*args, on=date(2027, 4, 1), table=table).yes is False


def test_key_and_basic_selection_criteria_names():
    assert [c.name for c in psr.key_criteria(ON)] == [
        "Quality and innovation",
        "Value",
        "Integration, collaboration and service sustainability",
        "Improving access, reducing health inequalities and facilitating choice",
        "Social value",
    ]
    assert len(psr.basic_selection_criteria(ON)) == 3


# --- Considerable change -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "attributable", "considerable"),
    [
        ("2000000", "2500000", True, True),  # +£500,000 and +25%: both at the threshold
        ("2000000", "2499999.99", True, False),  # a penny under £500,000 (24.99...%)
        ("1000000", "1500000", True, True),  # +£500,000 and +50%
        ("1000000", "1499999.99", True, False),  # +50% but under £500,000
        ("4000000", "4999999.99", True, False),  # +£999,999.99 but under 25%
        ("4000000", "5000000", True, True),  # +£1,000,000 and exactly 25%
        ("100000", "400000", True, False),  # +300%, but only £300,000
        ("2000000", "2500000", False, False),  # not attributable to the authority
        ("2000000", "1500000", True, False),  # a fall is never a considerable change
        ("2000000", "2000000", True, False),  # no change
        ("0", "600000", True, True),  # a new value from nothing
    ],
)
def test_considerable_change_around_the_thresholds(old, new, attributable, considerable):
    decision = considerable_change(D(old), D(new), attributable)
    assert decision.yes is considerable
    assert bool(decision) is considerable
    assert "regulation 6" in decision.sentence
    assert decision.confirmed is False  # the regulation 6 paragraphs were not read


def test_materially_different_in_character_is_considerable_whatever_the_value():
    decision = considerable_change(D("100"), D("100"), False, materially_different_in_character=True)
    assert decision.yes and "materially different in character" in decision.sentence


def test_considerable_change_sentences_show_money_and_percentages():
    assert considerable_change(D("1000000"), D("1200000"), True).sentence == (
        "The lifetime value changes by £200,000.00 (20% of £1,000,000.00): less than £500,000.00 "
        "and less than 25%, so not a considerable change (SI 2023/1348, regulation 6)"
    )


@pytest.mark.parametrize("bad", [1000000.0, 1000000, "1000000"])
def test_money_must_be_decimal(bad):
    with pytest.raises(TypeError, match="Decimal"):
        considerable_change(bad, D("1"), True)


def test_negative_values_are_refused():
    with pytest.raises(ValueError, match="cannot be negative"):
        considerable_change(D("-1"), D("1"), True)


# --- The chooser -----------------------------------------------------------------------------------

ONLY_CAPABLE = ProcessFacts(existing_provider=True, only_existing_provider_capable=True)
CHOICE = ProcessFacts(
    patient_choice=True,
    providers_unrestricted=True,
    all_capable_providers_offered=True,
    expressions_of_interest_open=True,
)
RENEWAL = ProcessFacts(
    existing_provider=True,
    existing_contract_expiring=True,
    provider_satisfactory=True,
    old_lifetime_value=D("3000000"),
    new_lifetime_value=D("3300000"),
    change_attributable_to_authority=True,
)


def _replace(facts, **changes):
    return ProcessFacts(**{**facts.__dict__, **changes})


@pytest.mark.parametrize(
    ("facts", "open_"),
    [
        (ONLY_CAPABLE, (A,)),
        (_replace(ONLY_CAPABLE, framework_agreement=True), (COMP,)),
        (CHOICE, (B,)),
        (_replace(CHOICE, framework_agreement=True), (COMP,)),
        (_replace(CHOICE, providers_unrestricted=False), (COMP,)),
        (
            _replace(CHOICE, expressions_of_interest_open=False, able_to_identify_most_suitable=True),
            (MSP, COMP),
        ),
        (_replace(CHOICE, **ONLY_CAPABLE.__dict__ | {"patient_choice": True}), (A,)),  # A before B
        (RENEWAL, (C, COMP)),
        (_replace(RENEWAL, able_to_identify_most_suitable=True), (C, MSP, COMP)),
        (_replace(RENEWAL, new_lifetime_value=D("3750000")), (COMP,)),  # +£750,000 and +25%
        (
            _replace(RENEWAL, change_attributable_to_authority=False, new_lifetime_value=D("9000000")),
            (C, COMP),
        ),
        (_replace(RENEWAL, materially_different_in_character=True), (COMP,)),
        (_replace(RENEWAL, provider_satisfactory=False), (COMP,)),
        (_replace(RENEWAL, existing_contract_expiring=False), (COMP,)),
        (
            _replace(RENEWAL, old_lifetime_value=None, new_lifetime_value=None, considerable_change=False),
            (C, COMP),
        ),
        (
            _replace(RENEWAL, old_lifetime_value=None, new_lifetime_value=None, considerable_change=True),
            (COMP,),
        ),
        (_replace(RENEWAL, old_lifetime_value=None, new_lifetime_value=None), (COMP,)),  # change not known
        (ProcessFacts(able_to_identify_most_suitable=True), (MSP, COMP)),
        (ProcessFacts(able_to_identify_most_suitable=True, framework_agreement=True), (COMP,)),
        (ProcessFacts(), (COMP,)),
    ],
)
def test_which_processes_are_open(facts, open_):
    choice = choose_process(facts, ON)
    assert choice.open == open_
    assert [o.process for o in choice.options] == list(psr.PROCESS_ORDER)
    for option in choice.options:
        assert option.reasons, option.process  # every option says why (open or not)


def test_a_mandatory_process_closes_every_other_with_the_reason():
    choice = choose_process(ONLY_CAPABLE, ON)
    assert choice.mandatory == A
    assert choice.option(A).sentence.startswith(
        "Direct Award Process A must be followed: There is an existing provider"
    )
    for process in (B, C, MSP, COMP):
        assert choice.why_not(process)[0] == (
            "Direct Award Process A must be followed (SI 2023/1348, regulations 6(3) and 7)"
        )
    assert choice.why_not(A) == ()


def test_reasons_come_in_the_regulations_order():
    choice = choose_process(ProcessFacts(), ON)
    assert choice.why_not(A) == (
        "There is no existing provider of these services (regulation 6(3)(a))",
        "The services are not capable of being provided only by the existing provider (regulation 6(3)(b))",
    )
    assert [r.split(" (")[-1] for r in choice.why_not(B)] == [
        "regulation 6(4)(a))",
        "regulation 6(4)(b))",
        "regulation 6(4)(c))",
        "regulation 6(4)(d))",
    ]
    why_c = choice.why_not(C)
    assert why_c[0].endswith("(regulation 6(5)(b))")
    assert why_c[1].endswith("(regulation 6(5)(c))")
    assert why_c[2].endswith("(regulation 6(5)(d))")
    assert "not known" in why_c[3]
    assert choice.option(COMP).open and choice.mandatory is None


def test_direct_award_c_closed_by_a_considerable_change_says_why_in_money():
    choice = choose_process(_replace(RENEWAL, new_lifetime_value=D("3750000")), ON)
    assert choice.considerable.yes
    assert choice.why_not(C) == (
        "The proposed contracting arrangements are changing considerably (regulation 6(5)(c))",
        "The lifetime value changes by £750,000.00 (25% of £3,000,000.00): at least £500,000.00 and at "
        "least 25%, and attributable to a decision of the authority (SI 2023/1348, regulation 6)",
    )


# --- The decision record -----------------------------------------------------------------------------

CODES = [c.code for c in psr.key_criteria(ON)]


def _weighted(*weights, rationale="Because the evidence shows it"):
    return [CriterionRecord(code, rationale, weight=D(w)) for code, w in zip(CODES, weights, strict=False)]


def _ranked(*levels):
    return [
        CriterionRecord(code, "Because", importance=level) for code, level in zip(CODES, levels, strict=True)
    ]


@pytest.mark.parametrize(
    ("records", "problems"),
    [
        (_weighted("30", "20", "20", "20", "10"), []),
        (_weighted("30", "20", "20", "20", "20"), ["The weights add up to 110%, not 100%"]),
        (_weighted("30", "20", "20", "20", "9.5"), ["The weights add up to 99.5%, not 100%"]),
        (_ranked("most important", "important", "important", "less important", "very important"), []),
        (
            _weighted("30", "20", "20", "20", "10")[:4],
            [
                "Social value has no record: every decision is recorded against all five key criteria "
                "(SI 2023/1348, regulation 5)"
            ],
        ),
        (
            _weighted("30", "20", "20", "20", "10", rationale="  "),
            [f"{c.name} has no rationale" for c in psr.key_criteria(ON)],
        ),
        (
            [
                *_weighted("30", "20", "20", "20"),
                CriterionRecord("social_value", "Because", importance="important"),
            ],
            ["Give every key criterion a weight, or every one an importance, not a mix of both"],
        ),
        (
            _ranked("important", "important", "important", "important", "vital"),
            [
                "'vital' is not an importance (choose from most important, very important, important, "
                "less important)"
            ],
        ),
        (
            [*_weighted("30", "20", "20", "20"), CriterionRecord("social_value", "Because")],
            ["Social value has neither a weight nor an importance"],
        ),
        (
            [
                *_weighted("30", "20", "20", "20"),
                CriterionRecord("social_value", "Because", D("10"), "important"),
            ],
            ["Social value has both a weight and an importance: give one"],
        ),
        (
            _weighted("130", "-40", "0", "0", "10"),
            [
                "Quality and innovation's weight must be between 0% and 100%",
                "Value's weight must be between 0% and 100%",
            ],
        ),
        (
            [*_weighted("30", "20", "20", "20", "10"), CriterionRecord("price", "Cheap", D("0"))],
            ["'price' is not one of the key criteria (SI 2023/1348, regulation 5)"],
        ),
        (
            [*_weighted("30", "20", "20", "20", "10"), CriterionRecord("value", "Again", D("0"))],
            ["Value is recorded more than once"],
        ),
    ],
)
def test_decision_record_problems(records, problems):
    assert decision_record_problems(records, ON) == problems


@pytest.mark.parametrize(
    ("published", "today", "locked"),
    [
        (None, ON, False),
        (date(2026, 12, 2), ON, False),
        (ON, ON, True),
        (date(2026, 11, 20), ON, True),
    ],
)
def test_the_decision_record_locks_when_the_intention_is_published(published, today, locked):
    refusal = decision_record_locked(published, today)
    assert (refusal is not None) is locked
    if locked:
        assert "locked when the notice of intention was published" in refusal.message


# --- Standstill -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("published", "ends"),
    [
        (date(2026, 11, 23), date(2026, 12, 3)),  # Monday to Thursday of the next week
        (date(2026, 11, 27), date(2026, 12, 9)),  # published on a Friday
        (date(2026, 11, 28), date(2026, 12, 9)),  # published on a Saturday
        # Christmas: 25 December (Friday), Boxing Day substitute Monday 28 December, New Year's Day
        (date(2026, 12, 22), date(2027, 1, 6)),
        (date(2026, 12, 24), date(2027, 1, 8)),
        # Easter 2027: Good Friday 26 March, Easter Monday 29 March
        (date(2027, 3, 23), date(2027, 4, 6)),
        (date(2027, 3, 25), date(2027, 4, 8)),
        (date(2027, 3, 26), date(2027, 4, 8)),  # published on Good Friday itself
    ],
)
def test_standstill_is_8_working_days(published, ends):
    assert standstill_ends_on(published) == ends


def test_the_holidays_the_christmas_and_easter_cases_rely_on():
    from caremarket.rules.dates import is_working_day

    assert not any(is_working_day(d) for d in (date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1)))
    assert is_working_day(date(2026, 12, 29))
    assert not any(is_working_day(d) for d in (date(2027, 3, 26), date(2027, 3, 29)))
    assert is_working_day(date(2027, 3, 25)) and is_working_day(date(2027, 3, 30))


XMAS = psr_standstill(date(2026, 12, 22))  # ends Wednesday 6 January 2027


@pytest.mark.parametrize(
    ("received", "in_writing", "allowed", "words"),
    [
        (date(2026, 12, 21), True, False, "cannot be received before the standstill begins"),
        (date(2026, 12, 22), True, True, "runs to the end of 6 January 2027"),
        (date(2026, 12, 25), True, True, "runs to the end"),  # Christmas Day is inside
        (date(2027, 1, 6), True, True, "runs to the end"),
        (date(2027, 1, 7), True, False, "ended at midnight at the end of 6 January 2027"),
        (date(2026, 12, 23), False, False, "in writing"),
    ],
)
def test_representation_inside_and_outside_the_standstill(received, in_writing, allowed, words):
    decision = representation_allowed(received, XMAS, in_writing)
    assert decision.yes is allowed
    assert words in decision.sentence


@pytest.mark.parametrize(
    ("published", "representations", "review", "from_"),
    [
        (date(2026, 12, 22), (), None, date(2027, 1, 7)),
        # late representation: ignored, the standstill ends as normal
        (date(2026, 12, 22), (Representation("Acme Health", date(2027, 1, 8)),), None, date(2027, 1, 7)),
        (date(2026, 12, 22), (Representation("Acme Health", date(2026, 12, 30)),), None, None),
        # proceed on 4 January 2027: 5 working days to Monday 11 January; contract from the 12th
        (
            date(2026, 12, 22),
            (Representation("Acme Health", date(2026, 12, 30)),),
            Review(ReviewDecision.PROCEED, date(2027, 1, 4)),
            date(2027, 1, 12),
        ),
        # proceed on 23 December: the 5 days end on 4 January, but standstill runs to 6 January
        (
            date(2026, 12, 22),
            (Representation("Acme Health", date(2026, 12, 23)),),
            Review(ReviewDecision.PROCEED, date(2026, 12, 23)),
            date(2027, 1, 7),
        ),
        # Easter: proceed on Wednesday 24 March 2027: 25, 30, 31 March, 1, 2 April; from 3 April
        (
            date(2027, 3, 15),
            (Representation("Acme Health", date(2027, 3, 17)),),
            Review(ReviewDecision.PROCEED, date(2027, 3, 24)),
            date(2027, 4, 3),
        ),
        (
            date(2026, 12, 22),
            (Representation("Acme Health", date(2026, 12, 30)),),
            Review(ReviewDecision.REPEAT, date(2027, 1, 4), "evaluation"),
            None,
        ),
        (
            date(2026, 12, 22),
            (Representation("Acme Health", date(2026, 12, 30)),),
            Review(ReviewDecision.ABANDON, date(2027, 1, 4)),
            None,
        ),
    ],
)
def test_contract_may_be_made_from(published, representations, review, from_):
    assert contract_may_be_made_from(psr_standstill(published, representations, review)) == from_


@pytest.mark.parametrize(
    ("decision", "may_follow", "new_intention", "ends", "words"),
    [
        (
            ReviewDecision.PROCEED,
            True,
            False,
            False,
            "a further 5 working days have passed, after 11 January 2027",
        ),
        (ReviewDecision.REPEAT, False, True, False, "go back to an earlier step (evaluation): a new notice"),
        (ReviewDecision.ABANDON, False, False, True, "abandon the process"),
    ],
)
def test_after_representation(decision, may_follow, new_intention, ends, words):
    after = after_representation(Review(decision, date(2027, 1, 4), "evaluation"))
    assert (after.contract_may_follow, after.new_intention_needed, after.process_ends) == (
        may_follow,
        new_intention,
        ends,
    )
    assert words in after.sentence
    assert after.label


# --- The state machine -------------------------------------------------------------------------------


def _state(**kw):
    return PsrState(process=kw.pop("process", C), **kw)


REP = (Representation("Acme Health", date(2026, 12, 30)),)


@pytest.mark.parametrize(
    ("state", "today", "allowed", "refused"),
    [
        (_state(), ON, (Step.RECORD_DECISION,), {Step.PUBLISH_INTENTION: "not complete"}),
        (
            _state(decision_record_complete=True),
            ON,
            (Step.RECORD_DECISION, Step.PUBLISH_INTENTION),
            {Step.AWARD_CONTRACT: "has not been published", Step.PUBLISH_CONFIRMATION: "follows the award"},
        ),
        (
            _state(decision_record_complete=True, intention_published_on=date(2026, 12, 22)),
            date(2026, 12, 23),
            (Step.RECEIVE_REPRESENTATION,),
            {
                Step.RECORD_DECISION: "locked",
                Step.AWARD_CONTRACT: "runs until the end of 6 January 2027: "
                "the contract may be awarded from 7 January 2027",
                Step.RECORD_REVIEW: "No representation",
            },
        ),
        (
            _state(decision_record_complete=True, intention_published_on=date(2026, 12, 22)),
            date(2027, 1, 7),
            (Step.AWARD_CONTRACT,),
            {
                Step.RECEIVE_REPRESENTATION: "ended at midnight",
                Step.PUBLISH_CONFIRMATION: "follows the award",
            },
        ),
        (
            _state(
                decision_record_complete=True, intention_published_on=date(2026, 12, 22), representations=REP
            ),
            date(2027, 1, 7),
            (Step.RECORD_REVIEW,),
            {Step.AWARD_CONTRACT: "paused: the representation by Acme Health waits"},
        ),
        (
            _state(
                decision_record_complete=True,
                intention_published_on=date(2026, 12, 22),
                representations=REP,
                review=Review(ReviewDecision.PROCEED, date(2027, 1, 4)),
            ),
            date(2027, 1, 11),
            (),
            {
                Step.AWARD_CONTRACT: "A further 5 working days run after the decision to proceed "
                "on 4 January 2027: "
                "the contract may be awarded from 12 January 2027",
                Step.RECORD_REVIEW: "was recorded on 4 January 2027",
            },
        ),
        (
            _state(
                decision_record_complete=True,
                intention_published_on=date(2026, 12, 22),
                representations=REP,
                review=Review(ReviewDecision.PROCEED, date(2027, 1, 4)),
            ),
            date(2027, 1, 12),
            (Step.AWARD_CONTRACT,),
            {},
        ),
        (
            _state(
                decision_record_complete=True,
                intention_published_on=date(2026, 12, 22),
                representations=REP,
                review=Review(ReviewDecision.REPEAT, date(2027, 1, 4)),
            ),
            date(2027, 2, 1),
            (),
            {Step.AWARD_CONTRACT: "go back to an earlier step"},
        ),
        (
            _state(
                decision_record_complete=True,
                intention_published_on=date(2026, 12, 22),
                contract_awarded_on=date(2027, 1, 7),
            ),
            date(2027, 1, 8),
            (Step.PUBLISH_CONFIRMATION,),
            {Step.AWARD_CONTRACT: "was awarded on 7 January 2027"},
        ),
        (_state(abandoned=True), ON, (), {Step.AWARD_CONTRACT: "abandoned"}),
        (
            _state(confirmation_published_on=ON, contract_awarded_on=ON, decision_record_complete=True),
            ON,
            (),
            {Step.PUBLISH_CONFIRMATION: "confirmed on 1 December 2026"},
        ),
        # Direct Award A: no intention, no standstill: award, then the award notice
        (
            _state(process=A, decision_record_complete=True),
            ON,
            (Step.RECORD_DECISION, Step.AWARD_CONTRACT),
            {Step.PUBLISH_INTENTION: "has no notice of intention and no standstill"},
        ),
        (_state(process=B), ON, (Step.RECORD_DECISION,), {Step.AWARD_CONTRACT: "not complete"}),
        (
            _state(process=B, decision_record_complete=True, contract_awarded_on=ON),
            ON,
            (Step.PUBLISH_CONFIRMATION,),
            {Step.RECORD_DECISION: "was awarded on 1 December 2026"},
        ),
    ],
)
def test_next_step(state, today, allowed, refused):
    steps = next_step(state, today)
    assert steps.allowed == allowed
    for step, words in refused.items():
        assert words in steps.why_not(step), (step, steps.refused)
    for step in allowed:
        assert steps.may(step) and steps.why_not(step) is None


def test_next_step_says_when_the_wait_ends():
    state = _state(decision_record_complete=True, intention_published_on=date(2027, 3, 23))
    assert next_step(state, date(2027, 3, 29)).waiting_until == date(2027, 4, 7)


# --- Urgent award and modification -----------------------------------------------------------------

URGENT = UrgentFacts(True, True, True)


@pytest.mark.parametrize(
    ("facts", "permitted", "words"),
    [
        (URGENT, True, "must be made urgently"),
        (UrgentFacts(False, True, True), False, "is not urgent"),
        (UrgentFacts(True, False, True), False, "poor planning is not a reason"),
        (UrgentFacts(True, True, False), False, "would not put patients or the public at risk"),
    ],
)
def test_urgent_award(facts, permitted, words):
    decision = urgent_award_permitted(facts, ON)
    assert decision.permitted is permitted
    assert any(words in r for r in decision.reasons)
    assert decision.standstill is False
    assert decision.notices == ("PSR_URGENT",)


def test_urgent_award_advises_a_short_term():
    assert urgent_award_permitted(UrgentFacts(True, True, True, term_months=12), ON).advice == ()
    long = urgent_award_permitted(UrgentFacts(True, True, True, term_months=24), ON)
    assert long.permitted and "longer than the 12 months advised" in long.advice[0]


@pytest.mark.parametrize(
    ("facts", "permitted", "notice", "words"),
    [
        (ModificationFacts("provided_for", D("1000000"), D("900000")), True, False, "provided for"),
        (ModificationFacts("provider_succession", D("1000000"), D("0")), True, False, "takeover"),
        (
            ModificationFacts(
                "provider_succession", D("1000000"), D("0"), successor_meets_basic_selection_criteria=False
            ),
            False,
            False,
            "does not meet the basic selection criteria",
        ),
        (ModificationFacts("external_factors", D("4000000"), D("600000")), True, True, "external factors"),
        (
            ModificationFacts("external_factors", D("4000000"), D("100000"), True),
            False,
            False,
            "materially different",
        ),
        # ground (d): below £500,000 OR below 25% is enough
        (
            ModificationFacts("authority_decision", D("1000000"), D("499999.99")),
            True,
            False,
            "below £500,000.00",
        ),
        (ModificationFacts("authority_decision", D("4000000"), D("999999.99")), True, True, "less than 25%"),
        (
            ModificationFacts("authority_decision", D("2000000"), D("500000")),
            False,
            False,
            "a new process is needed",
        ),
        (
            ModificationFacts("authority_decision", D("1000000"), D("-600000")),
            False,
            False,
            "at least £500,000.00",
        ),
        (
            ModificationFacts("authority_decision", D("1000000"), D("100000"), True),
            False,
            False,
            "materially different",
        ),
        (
            ModificationFacts("extension", D("1000000"), D("1")),
            False,
            False,
            "is not a ground of regulation 13(1)",
        ),
    ],
)
def test_modification_permitted(facts, permitted, notice, words):
    decision = modification_permitted(facts, ON)
    assert decision.permitted is permitted
    assert decision.notice_required is notice
    assert decision.notices == (("PSR_MODIFICATION",) if notice else ())
    assert any(words in r for r in decision.reasons), decision.reasons


# --- The annual summary ------------------------------------------------------------------------------

ROWS = [
    SummaryRow("Acme Health", date(2026, 4, 1), A),
    SummaryRow("Bay Clinics", date(2026, 6, 1), B),
    SummaryRow("Cove Care", date(2026, 7, 1), B),
    SummaryRow(
        "Acme Health",
        date(2026, 9, 1),
        C,
        standstill_ended_on=date(2026, 8, 20),
        representation_outcomes=(ReviewDecision.PROCEED,),
    ),
    SummaryRow(
        "Dale Trust",
        date(2027, 3, 31),
        MSP,
        standstill_ended_on=date(2027, 3, 1),
        representation_outcomes=(ReviewDecision.REPEAT, ReviewDecision.PROCEED),
    ),
    SummaryRow("Eden Alliance", date(2026, 10, 1), COMP, framework_based=True),
    SummaryRow("Eden Alliance", date(2026, 11, 1), COMP, framework_concluded=True),
    SummaryRow("Fern Health", date(2026, 12, 1), None, urgent=True),
    SummaryRow("Acme Health", date(2027, 1, 5), C, modification=True, urgent=True),
    SummaryRow("Gale Care", date(2026, 3, 31), COMP),  # the year before
    SummaryRow("Hill Care", date(2027, 4, 1), COMP),  # the year after
    SummaryRow(
        "",
        None,
        None,
        standstill_ended_on=date(2027, 2, 1),
        representation_outcomes=(ReviewDecision.ABANDON,),
    ),
]


def test_annual_summary_counts_what_regulation_25_asks():
    s = annual_summary(ROWS, 2026, held_previous_year={"Acme Health", "Gale Care", "Old Provider"})
    assert isinstance(s, AnnualSummary)
    assert (s.period_start, s.period_end) == (date(2026, 4, 1), date(2027, 3, 31))
    assert s.counts == {
        "direct_awards": 4,
        "most_suitable_provider": 1,
        "competitive": 1,
        "frameworks_concluded": 1,
        "framework_contracts": 1,
        "urgent": 2,
        "new_providers": 4,  # Bay Clinics, Cove Care, Dale Trust, Eden Alliance
        "providers_lost": 2,  # Gale Care, Old Provider
        "representations": 4,
    }
    assert s.by_process[B] == 2
    assert s.representation_outcomes == {
        ReviewDecision.PROCEED: 2,
        ReviewDecision.REPEAT: 1,
        ReviewDecision.ABANDON: 1,
    }
    rows = s.rows()
    assert rows[0] == (
        "Contracts awarded where Direct Award Process A, B or C was followed",
        "regulation 25(2)(a)",
        4,
    )
    assert [r[1] for r in rows] == [f"regulation 25(2)({x})" for x in "abcdefghi"]


def test_annual_summary_without_provider_history_does_not_report_g_and_h():
    s = annual_summary(ROWS, 2026)
    assert s.counts["new_providers"] is None and s.counts["providers_lost"] is None


def test_annual_summary_over_a_given_period():
    s = annual_summary(ROWS, 2025, period=(date(2024, 1, 1), date(2026, 3, 31)))
    assert s.counts["competitive"] == 1 and s.counts["direct_awards"] == 0
    assert s.period_end - s.period_start > timedelta(days=365)


def test_empty_summary():
    s = annual_summary([], 2026)
    assert s.counts["direct_awards"] == 0 and s.counts["representations"] == 0


def test_a_fall_in_value_says_only_a_rise_can_be_considerable():
    decision = considerable_change(D("2000000"), D("1500000"), True)
    assert decision.yes is False
    assert decision.sentence == (
        "The lifetime value does not rise (£2,000,000.00 to £1,500,000.00): only a rise can be a "
        "considerable change (SI 2023/1348, regulation 6)"
    )
