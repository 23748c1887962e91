from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caremarket.rules.agreements import AgreementFacts, LotFacts, Threshold
from caremarket.rules.club_timetable import default_timetable
from caremarket.rules.milestones import HSCN_PROGRAMME
from caremarket.rules.route_facts import facts_problems
from caremarket.rules.routes import (
    AdvisorSettings,
    AgreementOffer,
    OrganisationFacts,
    advise_routes,
)
from caremarket.rules.sourcing import BuyingProcedure, Route

AGG, COL, IND = Route.AGGREGATED, Route.COLLABORATIVE, Route.INDIVIDUAL
OPEN, FC, MC, DA = (
    BuyingProcedure.OPEN,
    BuyingProcedure.DPS_FURTHER_COMPETITION,
    BuyingProcedure.MINI_COMPETITION,
    BuyingProcedure.DIRECT_AWARD,
)
TODAY = date(2017, 8, 1)  # when the customer journey was published: before any deadline

# The HSCN DPS was open for supplier applications before it went live in November 2017.
RM3825 = AgreementFacts(
    "RM3825", "dps", "open_for_applications", date(2017, 11, 1), date(2021, 11, 30), lot_count=1
)
RM1045 = AgreementFacts(
    "RM1045", "framework", "closed_to_new_suppliers", date(2015, 8, 1), date(2019, 7, 31), lot_count=1
)
FC_ONLY = frozenset({"further_competition"})
BOTH = frozenset({"further_competition", "direct_award"})
OFFERS = (
    AgreementOffer(RM3825, (LotFacts(1, FC_ONLY),)),
    AgreementOffer(RM1045, (LotFacts(1, BOTH),)),
)
# An organisation for which every option the seed offers is open: in a collaboration with a
# lead, with expertise, complex needs, and a significant number of sites.
SEED_FACTS = OrganisationFacts(
    "Devon CCG",
    region="south_west",
    sites=40,
    complex_needs=True,
    needs_dialogue=True,
    procurement_expertise=True,
    collaboration="Devon CoIN",
    lead_organisation="Devon County Council",
    estimated_value=Decimal("500000"),
    earliest_start=date(2018, 4, 1),
    latest_start=date(2018, 9, 30),
)

AGG_ONLY = (
    "An aggregated procurement runs only as a further competition on a dynamic purchasing system, "
    "led centrally"
)
DA_ON_DPS = (
    "Direct award is not allowed on RM3825: a dynamic purchasing system awards call-offs only by further "
    "competition"
)
RM1045_CLOSED = "RM1045 does not accept new suppliers: it may not include every compliant supplier"
RM1045_ENDS = (
    "Factor in the end date of RM1045: it ends in July 2019, and call-offs must be awarded before then"
)
NO_COMPETITION = (
    "No competition: use it only where appropriate, with a saved, dated shortlist as the audit trail"
)


def advise(facts=SEED_FACTS, offers=OFFERS, today=TODAY, **kwargs):
    kwargs.setdefault("timetable", default_timetable())
    kwargs.setdefault("programme", HSCN_PROGRAMME)
    return advise_routes(facts, offers, today, **kwargs)


# --- The seed's options table: routes by OJEU, RM3825 and RM1045, every cell ------------------------


@pytest.mark.parametrize(
    ("route", "procedure", "agreement", "refusals", "says"),
    [
        # Aggregated: "N/A" | "All aggregated procurements will be run on RM3825 as a further
        # competition and will be led by NHS Digital." | "N/A"
        (AGG, OPEN, None, [f"{AGG_ONLY}: not as an open procedure"], []),
        (
            AGG,
            FC,
            "RM3825",
            [],
            ["Aggregated procurements are run on RM3825 as a further competition, led centrally"],
        ),
        (AGG, DA, "RM3825", [f"{AGG_ONLY}: not as a direct award", DA_ON_DPS], []),
        (AGG, MC, "RM1045", [f"{AGG_ONLY}: RM1045 is a framework"], []),
        (AGG, DA, "RM1045", [f"{AGG_ONLY}: RM1045 is a framework"], []),
        # Collaborative: an OJEU for complex requirements, dialogue or negotiation, with a lead
        # organisation to publish it | the DPS, quicker and simpler but less flexible | RM1045,
        # without every supplier and ending in July 2019.
        (
            COL,
            OPEN,
            None,
            [],
            [
                "Suits complex requirements",
                "Allows dialogue and negotiation with suppliers",
                "Procurement expertise in house to run an open procedure",
                "Devon County Council can publish the notice as lead organisation",
                "Costly and slower than a call-off from an agreement",
            ],
        ),
        (
            COL,
            FC,
            "RM3825",
            [],
            [
                "Quicker and simpler than an open procedure",
                "Less flexible than an open procedure: no dialogue or negotiation",
            ],
        ),
        (COL, DA, "RM3825", [DA_ON_DPS], []),
        (COL, MC, "RM1045", [], [RM1045_CLOSED, RM1045_ENDS]),
        (COL, DA, "RM1045", [], [RM1045_CLOSED, RM1045_ENDS, NO_COMPETITION]),
        # Individual: an OJEU only with a significant number of sites | a competition on the DPS;
        # "Direct Awards are not supported." | RM1045 mini-competition or direct award, if appropriate.
        (IND, OPEN, None, [], ["A significant number of sites (40) justifies the effort"]),
        (IND, FC, "RM3825", [], ["Quicker and simpler than an open procedure"]),
        (IND, DA, "RM3825", [DA_ON_DPS], []),
        (IND, MC, "RM1045", [], [RM1045_CLOSED, RM1045_ENDS]),
        (
            IND,
            DA,
            "RM1045",
            [],
            ["The quickest route: no competition", NO_COMPETITION, RM1045_CLOSED, RM1045_ENDS],
        ),
    ],
)
def test_every_cell_of_the_seed_options_table(route, procedure, agreement, refusals, says):
    option = advise().option(route, procedure, agreement)
    assert option.refusal_messages == tuple(refusals)
    assert option.eligible is (not refusals)
    assert (option.rank is None) is bool(refusals)
    for text in says:
        assert text in option.reasons + option.cautions


def test_the_table_has_one_column_per_agreement_and_fifteen_options():
    advice = advise()
    assert advice.columns == ("open_procedure", "RM3825", "RM1045")
    assert len(advice.options) == 15
    assert [o.procedure for o in advice.cell(AGG, "open_procedure")] == [OPEN]
    assert [o.procedure for o in advice.cell(IND, "RM1045")] == [MC, DA]
    assert advice.option(IND, FC, "RM3825").lot == 1


def test_an_agreement_is_offered_once():
    with pytest.raises(ValueError, match="must appear once"):
        advise(offers=(*OFFERS, OFFERS[0]))


def test_an_individual_open_procedure_needs_a_significant_number_of_sites():
    option = advise(replace(SEED_FACTS, sites=5)).option(IND, OPEN)
    assert option.refusal_messages == (
        "An open procedure takes a lot of effort: on its own it only suits an organisation with a "
        "significant number of sites (20 or more; Devon CCG has 5)",
    )
    settings_ = AdvisorSettings(significant_sites=5)
    assert advise(replace(SEED_FACTS, sites=5), settings=settings_).option(IND, OPEN).eligible


# --- Recommendations --------------------------------------------------------------------------------------

GP = OrganisationFacts("Riverside Surgery", region="south_west", sites=1)


@pytest.mark.parametrize(
    ("facts", "today", "route", "procedure", "agreement"),
    [
        # A small practice with no collaboration or expertise: the buying club does it for it.
        (GP, TODAY, AGG, FC, "RM3825"),
        # A mature collaboration with simple needs: the DPS, quicker and simpler.
        (replace(SEED_FACTS, complex_needs=False, needs_dialogue=False), TODAY, COL, FC, "RM3825"),
        # Complex needs and dialogue: an open procedure run by the collaboration.
        (SEED_FACTS, TODAY, COL, OPEN, None),
        # Needs broader than the agreements cover: an open procedure even when simple.
        (
            replace(SEED_FACTS, complex_needs=False, needs_dialogue=False, beyond_agreements=True),
            TODAY,
            COL,
            OPEN,
            None,
        ),
        # One organisation with clear plans and expertise: its own competition on the DPS.
        (replace(GP, sites=8, clear_plans=True, procurement_expertise=True), TODAY, IND, FC, "RM3825"),
        # The self-serve deadlines have passed with nothing done: join an aggregated procurement.
        (SEED_FACTS, date(2017, 10, 1), AGG, FC, "RM3825"),
        # Only the collaborative deadline has passed: an individual open procedure still fits.
        (SEED_FACTS, date(2017, 9, 16), IND, OPEN, None),
    ],
)
def test_recommendation(facts, today, route, procedure, agreement):
    recommended = advise(facts, today=today).recommended
    assert (recommended.route, recommended.procedure, recommended.agreement) == (route, procedure, agreement)
    assert recommended.rank == 1 and recommended.reasons


def test_missing_a_milestone_closes_the_self_serve_routes():
    advice = advise(today=date(2017, 10, 1))
    assert advice.option(COL, FC, "RM3825").refusal_messages == (
        "Readiness check 1 was due by 15 September 2017 and is not done: join an aggregated procurement",
    )
    assert advice.option(IND, FC, "RM3825").refusal_messages == (
        "List of planned connections was due by 30 September 2017 and is not "
        "done: join an aggregated procurement",
    )
    done = frozenset({"readiness_check_1", "connections_list"})
    advice = advise(replace(SEED_FACTS, milestones_done=done), today=date(2017, 10, 1))
    option = advice.option(COL, FC, "RM3825")
    assert option.eligible and "Readiness check 2 is due by 31 October 2017" in option.cautions


def test_with_every_milestone_done_nothing_is_due():
    done = frozenset({"readiness_check_1", "readiness_check_2", "launch", "complete"})
    option = advise(replace(SEED_FACTS, milestones_done=done), today=date(2018, 10, 1)).option(
        COL, FC, "RM3825"
    )
    assert option.eligible
    assert not [c for c in option.cautions if " is due by " in c]


def test_without_a_programme_no_milestones_apply():
    advice = advise(today=date(2017, 10, 1), programme=None)
    assert advice.option(COL, FC, "RM3825").eligible


def test_nothing_open_is_explained():
    lonely = OrganisationFacts("Hilltop Practice", region="south_west", sites=1)
    advice = advise(lonely, offers=(), today=date(2019, 1, 1))
    assert advice.recommended is None
    assert "No option is open to this organisation: see why each is ruled out" in advice.notes


# --- What rules an option out, with its code ------------------------------------------------------------


def refusals_of(option):
    return [(r.code, r.message) for r in option.refusals]


@pytest.mark.parametrize(
    ("facts", "timetable", "today", "expected"),
    [
        (
            replace(GP, region="wales"),
            True,
            TODAY,
            ("route.no_buying_club", "No buying club is planned for the region 'wales'"),
        ),
        (
            replace(GP, buying_club="Nowhere"),
            True,
            TODAY,
            ("route.no_buying_club", "There is no buying club called Nowhere"),
        ),
        (
            replace(GP, region=""),
            True,
            TODAY,
            ("route.no_buying_club", "Give the organisation's region to find its buying club"),
        ),
        (GP, False, TODAY, ("route.no_buying_club", "No buying club is planned for the region 'south_west'")),
        (
            GP,
            True,
            date(2017, 10, 21),
            (
                "buying_club.join_deadline_passed",
                "The deadline to join the South West buying club was 20 October 2017 "
                "(6 weeks before its launch in December 2017)",
            ),
        ),
        (GP, True, date(2017, 10, 20), None),  # the deadline day itself is on time
        (replace(GP, region="", buying_club="alb nhs england"), True, TODAY, None),
    ],
)
def test_aggregated_needs_an_open_buying_club(facts, timetable, today, expected):
    advice = advise(facts, today=today, timetable=default_timetable() if timetable else None)
    option = advice.option(AGG, FC, "RM3825")
    assert refusals_of(option) == ([expected] if expected else [])


def test_a_club_to_be_confirmed_and_a_late_club_are_cautions():
    alb = advise(replace(GP, region="", buying_club="ALB NHS England")).option(AGG, FC, "RM3825")
    assert "The ALB NHS England buying club's launch date is to be confirmed" in alb.cautions
    late = advise(replace(GP, latest_start=date(2018, 3, 31))).option(AGG, FC, "RM3825")
    assert (
        "Contracts from the South West procurement would start around 2 May 2018, "
        "after you need them (by 31 March 2018)" in late.cautions
    )
    on_time = advise(GP).option(AGG, FC, "RM3825")
    assert (
        "The South West buying club launches in December 2017: join by 20 October 2017 "
        "(provisional until the launch day is set)" in on_time.reasons
    )


def test_a_club_runs_only_on_its_own_agreement():
    other = AgreementFacts("RM9999", "dps", "live", date(2017, 1, 1), date(2027, 1, 1), lot_count=1)
    advice = advise(GP, offers=(*OFFERS, AgreementOffer(other, (LotFacts(1, FC_ONLY),))))
    assert refusals_of(advice.option(AGG, FC, "RM9999")) == [
        ("route.not_available", "The South West buying club competes on RM3825, not RM9999")
    ]


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (
            GP,
            (
                "route.no_collaboration",
                "Riverside Surgery has no existing collaboration: a collaborative procurement needs partners "
                "with joint governance in place",
            ),
        ),
        (
            replace(GP, collaboration="Devon CoIN"),
            (
                "route.no_lead_organisation",
                "Devon CoIN has no nominated lead organisation: a collaborative "
                "procurement needs one to run it",
            ),
        ),
    ],
)
def test_collaborative_needs_a_collaboration_with_a_lead(facts, expected):
    for procedure, agreement in [(OPEN, None), (FC, "RM3825"), (MC, "RM1045")]:
        assert refusals_of(advise(facts).option(COL, procedure, agreement)) == [expected]


LOCAL = AgreementFacts("LOCAL-7", "framework", "live", date(2016, 1, 1), date(2020, 12, 31), lot_count=1)


@pytest.mark.parametrize(
    ("offer", "facts", "today", "procedure", "expected"),
    [
        (
            OFFERS[1],
            SEED_FACTS,
            date(2019, 8, 1),
            MC,
            [("agreement.expired", "RM1045 expired on 31 July 2019")],
        ),
        (
            AgreementOffer(replace(RM1045, stage="draft"), OFFERS[1].lots),
            SEED_FACTS,
            TODAY,
            MC,
            [("agreement.not_live", "RM1045 is a draft: nothing can be bought through it")],
        ),
        (
            OFFERS[1],
            replace(SEED_FACTS, earliest_start=date(2019, 9, 1), latest_start=None),
            date(2019, 6, 1),
            MC,
            [
                (
                    "route.agreement_ends_before_start",
                    "RM1045 ends on 31 July 2019, before the contract is needed (from 1 September 2019)",
                )
            ],
        ),
        (
            OFFERS[0],
            replace(SEED_FACTS, earliest_start=None, latest_start=date(2017, 10, 15)),
            TODAY,
            FC,
            [
                (
                    "route.agreement_starts_after_need",
                    "RM3825 starts on 1 November 2017, after the contract is needed (by 15 October 2017)",
                )
            ],
        ),
        (
            AgreementOffer(LOCAL, (LotFacts(1, BOTH),), compliant=False),
            SEED_FACTS,
            TODAY,
            MC,
            [
                (
                    "route.not_compliant_above_threshold",
                    "LOCAL-7 was not let under procurement law: above the threshold "
                    "(£214,904.00) the contract "
                    "needs a compliant procedure",
                )
            ],
        ),
        (
            AgreementOffer(RM1045, (LotFacts(1, FC_ONLY),)),
            SEED_FACTS,
            TODAY,
            DA,
            [("lot.procedure_not_allowed", "Direct award is not allowed on lot 1 of RM1045")],
        ),
        (
            AgreementOffer(RM1045, (LotFacts(1, FC_ONLY), LotFacts(2, FC_ONLY))),
            SEED_FACTS,
            TODAY,
            DA,
            [
                ("lot.procedure_not_allowed", "Direct award is not allowed on lot 1 of RM1045"),
                ("lot.procedure_not_allowed", "Direct award is not allowed on lot 2 of RM1045"),
            ],
        ),
        (
            AgreementOffer(
                RM1045, (LotFacts(1, BOTH, thresholds={Threshold.DIRECT_AWARD_MAX: Decimal("100000")}),)
            ),
            SEED_FACTS,
            TODAY,
            DA,
            [
                (
                    "lot.threshold_exceeded",
                    "A direct award on lot 1 of RM1045 may be worth at most £100,000.00; "
                    "this one is worth £500,000.00",
                )
            ],
        ),
        (
            AgreementOffer(
                RM1045, (LotFacts(1, BOTH, thresholds={Threshold.CALL_OFF_MAX: Decimal("400000")}),)
            ),
            SEED_FACTS,
            TODAY,
            MC,
            [
                (
                    "lot.threshold_exceeded",
                    "A call-off on lot 1 of RM1045 may be worth at most £400,000.00; "
                    "this one is worth £500,000.00",
                )
            ],
        ),
        (
            AgreementOffer(RM1045, ()),
            SEED_FACTS,
            TODAY,
            MC,
            [
                (
                    "lot.procedure_not_allowed",
                    "Further competition is not allowed on RM1045: none of its lots fits",
                )
            ],
        ),
    ],
)
def test_agreement_constraints_rule_options_out(offer, facts, today, procedure, expected):
    advice = advise(facts, offers=(offer,), today=today, programme=None)
    for route in (COL, IND):
        assert refusals_of(advice.option(route, procedure, offer.agreement.reference)) == expected


def test_a_direct_award_within_the_lot_limit_is_open_on_the_lot_that_allows_it():
    lots = (
        LotFacts(1, FC_ONLY),
        LotFacts(2, BOTH, thresholds={Threshold.DIRECT_AWARD_MAX: Decimal("600000")}),
    )
    option = advise(offers=(AgreementOffer(RM1045, lots),)).option(IND, DA, "RM1045")
    assert option.eligible and option.lot == 2


@pytest.mark.parametrize(
    ("facts", "today", "caution"),
    [
        (
            replace(SEED_FACTS, earliest_start=date(2019, 6, 1), latest_start=date(2019, 9, 30)),
            date(2019, 1, 2),
            "RM1045 ends on 31 July 2019, before the latest start you need: award before then",
        ),
        (SEED_FACTS, TODAY, RM1045_ENDS),
    ],
)
def test_agreement_end_dates_are_cautions_when_they_do_not_rule_out(facts, today, caution):
    option = advise(facts, today=today, programme=None).option(IND, MC, "RM1045")
    assert option.eligible and caution in option.cautions


def test_an_agreement_ending_far_away_brings_no_end_date_caution():
    far = AgreementOffer(replace(RM1045, reference="RM6000", ends_on=date(2030, 1, 1)), (LotFacts(1, BOTH),))
    option = advise(offers=(far,)).option(IND, MC, "RM6000")
    assert not [c for c in option.cautions if "end date" in c or "ends on" in c]
    wide = AdvisorSettings(end_date_caution=date(2030, 1, 1) - date(2018, 9, 30))
    option = advise(offers=(far,), settings=wide).option(IND, MC, "RM6000")
    assert (
        "Factor in the end date of RM6000: it ends in January 2030, and call-offs must be awarded before then"
        in option.cautions
    )


def test_agreements_not_yet_live_are_cautions():
    option = advise().option(IND, FC, "RM3825")
    assert "RM3825 starts on 1 November 2017: call-offs can be made from then" in option.cautions
    open_dps = AgreementOffer(replace(RM3825, starts_on=date(2017, 1, 1)), OFFERS[0].lots)
    option = advise(offers=(open_dps,)).option(IND, FC, "RM3825")
    assert "RM3825 is still open for applications: call-offs can be made once it is live" in option.cautions


# --- The legal threshold ------------------------------------------------------------------------------------


def test_threshold_defaults_to_the_uk_figure_in_force_and_is_configurable():
    assert advise(today=date(2026, 6, 1), programme=None).threshold == Decimal("207720")
    central = replace(SEED_FACTS, central_government=True)
    assert advise(central, today=date(2026, 6, 1), programme=None).threshold == Decimal("135018")
    assert advise(threshold=Decimal("663540")).threshold == Decimal("663540")


@pytest.mark.parametrize(
    ("value", "reason", "caution"),
    [
        (Decimal("500000"), "Compliant above the threshold (£214,904.00)", None),
        (Decimal("100000"), None, "Below the threshold (£214,904.00) an open procedure is not required"),
    ],
)
def test_value_against_the_threshold(value, reason, caution):
    option = advise(replace(SEED_FACTS, estimated_value=value)).option(COL, OPEN)
    if reason:
        assert reason in option.reasons
    if caution:
        assert caution in option.cautions


def test_a_local_arrangement_is_usable_below_the_threshold_only():
    local = AgreementOffer(LOCAL, (LotFacts(1, BOTH),), compliant=False)
    below = advise(replace(SEED_FACTS, estimated_value=Decimal("100000")), offers=(local,)).option(
        IND, MC, "LOCAL-7"
    )
    assert below.eligible
    assert (
        "LOCAL-7 was not let under procurement law: use it only below the threshold (£214,904.00)"
        in below.cautions
    )


def test_an_unknown_value_is_noted():
    advice = advise(replace(SEED_FACTS, estimated_value=None))
    assert advice.notes == (
        "Give an estimated value: above £214,904.00 the contract must be let by a compliant procedure",
    )


# --- Facts


@pytest.mark.parametrize(
    ("changes", "problems"),
    [
        ({}, {}),
        ({"sites": -1}, {"sites": "Enter the number of sites as a whole number, 0 or more"}),
        (
            {"estimated_value": Decimal("-1")},
            {"estimated_value": "Enter the estimated value in pounds, 0 or more"},
        ),
        (
            {"earliest_start": date(2018, 5, 1), "latest_start": date(2018, 4, 1)},
            {"latest_start": "The latest start must be on or after the earliest start"},
        ),
        (
            {"collaboration": "", "lead_organisation": "Devon County Council"},
            {"collaboration": "Name the collaboration the lead organisation leads"},
        ),
    ],
)
def test_facts_problems(changes, problems):
    assert facts_problems(replace(SEED_FACTS, **changes)) == problems


@pytest.mark.parametrize(
    ("latest", "ends", "needed_by"),
    [
        (date(2018, 6, 1), (date(2018, 1, 31),), date(2018, 6, 1)),
        (None, (date(2018, 3, 31), date(2018, 1, 31)), date(2018, 2, 1)),
        (None, (), None),
    ],
)
def test_needed_by_is_the_latest_start_or_the_day_after_the_first_contract_ends(latest, ends, needed_by):
    facts = replace(GP, latest_start=latest, contract_end_dates=ends)
    assert facts.needed_by() == needed_by
    assert advise(facts).needed_by == needed_by


# --- Properties of any advice

facts_strategy = st.builds(
    OrganisationFacts,
    name=st.just("Any organisation"),
    region=st.sampled_from(["", "south_west", "london", "east", "wales"]),
    sites=st.integers(0, 60),
    complex_needs=st.booleans(),
    needs_dialogue=st.booleans(),
    beyond_agreements=st.booleans(),
    procurement_expertise=st.booleans(),
    clear_plans=st.booleans(),
    collaboration=st.sampled_from(["", "Devon CoIN"]),
    lead_organisation=st.sampled_from(["", "Devon County Council"]),
    estimated_value=st.one_of(st.none(), st.decimals(0, 2_000_000, places=2)),
    earliest_start=st.one_of(st.none(), st.dates(date(2017, 1, 1), date(2020, 12, 31))),
    milestones_done=st.frozensets(
        st.sampled_from(["readiness_check_1", "readiness_check_2", "connections_list"])
    ),
)


@settings(max_examples=150, deadline=None)
@given(facts=facts_strategy, today=st.dates(date(2017, 1, 1), date(2020, 12, 31)))
def test_every_option_is_judged_once_and_ranked_consistently(facts, today):
    advice = advise(facts, today=today)
    keys = [(o.route, o.procedure, o.agreement) for o in advice.options]
    assert len(keys) == len(set(keys)) == 15
    for option in advice.options:
        assert option.eligible is (not option.refusals)
        assert (option.rank is None) is (not option.eligible)
    ranked = [o for o in advice.options if o.rank is not None]
    assert [o.rank for o in ranked] == list(range(1, len(ranked) + 1))
    assert [o.score for o in ranked] == sorted((o.score for o in ranked), reverse=True)
    assert advice.options[: len(ranked)] == tuple(ranked)
    assert advice.recommended == (ranked[0] if ranked else None)
    for option in advice.cell(AGG, "open_procedure") + advice.cell(AGG, "RM1045"):
        assert not option.eligible
    assert not advice.option(COL, DA, "RM3825").eligible
