from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from caremarket.competitions import award as award_api
from caremarket.competitions import selectors, services
from caremarket.competitions.engine import competition_evaluation, flag_key
from caremarket.competitions.factories import make_competition, submit_bid
from caremarket.competitions.models import Bid
from caremarket.core import clock
from caremarket.core.errors import ApplicationError, RuleViolation, ValidationFailed
from caremarket.rules.competitions import CompetitionStatus

pytestmark = pytest.mark.django_db
LEAVES = ("delivery", "support", "social_value")


def to_evaluation(market, travel, prices=("100000", "95000", "120000")):
    # A Tuesday, far from bank holidays, so standstill is easy to count.
    travel(datetime(2027, 3, 2, 9, tzinfo=clock.LONDON))
    competition = make_competition(market, publish=True)
    for evaluator in market.evaluators:
        services.evaluator_assign(actor=market.lead, competition=competition, person=evaluator.person)
    for i, price in enumerate(prices):
        submit_bid(market, competition, i, price)
    travel(competition.submission_deadline + timedelta(minutes=1))
    for evaluator in market.evaluators:
        services.evaluator_declare(actor=evaluator, competition=competition, declaration="no_conflict")
    return services.competition_transition(actor=market.lead, competition=competition, to="evaluation")


def score_all(market, competition, scores):
    """scores: {evaluator index: {bid index: score for every leaf}}."""
    bids = list(Bid.objects.filter(competition=competition).order_by("supplier__code"))
    for e, per_bid in scores.items():
        for b, score in per_bid.items():
            for leaf in LEAVES:
                services.score_record(
                    actor=market.evaluators[e],
                    competition=competition,
                    bid=bids[b],
                    criterion_id=leaf,
                    score=score,
                    justification=f"Evaluator {e} on {leaf}",
                )
        services.evaluator_submit(actor=market.evaluators[e], competition=competition)
    return bids


def moderate(market, competition, bids, agreed):
    competition = services.competition_transition(actor=market.lead, competition=competition, to="moderation")
    for b, score in agreed.items():
        services.gate_record(
            actor=market.lead,
            competition=competition,
            bid=bids[b],
            criterion_id="eligibility",
            passed=True,
            rationale="DSPT held",
        )
        for leaf in LEAVES:
            services.consensus_record(
                actor=market.lead,
                competition=competition,
                bid=bids[b],
                criterion_id=leaf,
                score=score,
                rationale="Agreed",
            )
    return competition


def test_scores_need_a_declaration_a_justification_and_a_score_on_the_scale(market, travel):
    competition = to_evaluation(market, travel)
    bid = Bid.objects.filter(competition=competition).first()
    with pytest.raises(RuleViolation) as exc:
        services.score_record(
            actor=market.evaluators[0],
            competition=competition,
            bid=bid,
            criterion_id="delivery",
            score=9,
            justification="x",
        )
    assert exc.value.code == "evaluation.score_invalid"
    with pytest.raises(RuleViolation):
        services.score_record(
            actor=market.evaluators[0],
            competition=competition,
            bid=bid,
            criterion_id="delivery",
            score=3,
            justification=" ",
        )
    with pytest.raises(ValidationFailed):
        services.score_record(
            actor=market.evaluators[0],
            competition=competition,
            bid=bid,
            criterion_id="price",
            score=3,
            justification="x",
        )
    with pytest.raises(ValidationFailed) as exc:
        services.evaluator_submit(actor=market.evaluators[0], competition=competition)
    assert exc.value.code == "evaluation.incomplete"


def test_evaluators_cannot_see_each_others_scores_until_all_have_submitted(market, travel):
    competition = to_evaluation(market, travel)
    score_all(market, competition, {0: {0: 3, 1: 2, 2: 2}})
    seen = selectors.scores_for_actor(market.evaluators[1], competition)
    assert seen == []
    assert {r.evaluator for r in selectors.scores_for_actor(market.evaluators[0], competition)} == {
        market.evaluators[0].person.email
    }
    assert selectors.scores_for_actor(market.lead, competition) == []
    with pytest.raises(RuleViolation) as exc:
        services.competition_transition(actor=market.lead, competition=competition, to="moderation")
    assert exc.value.code == "evaluation.incomplete"
    score_all(market, competition, {1: {0: 1, 1: 2, 2: 2}})
    assert len(selectors.scores_for_actor(market.evaluators[1], competition)) == 18


def test_moderation_keeps_every_original_and_the_one_engine_ranks(market, travel):
    competition = to_evaluation(market, travel)
    bids = score_all(market, competition, {0: {0: 4, 1: 2, 2: 3}, 1: {0: 2, 1: 2, 2: 3}})
    competition = moderate(market, competition, bids, {0: 3, 1: 2, 2: 3})
    consensus = bids[0].consensus.get(criterion_id="delivery")
    assert sorted(o["score"] for o in consensus.originals) == [2, 4]
    assert consensus.spread["needs_moderation"] is True
    ev = competition_evaluation(competition, clock.now()).evaluation
    ranked = {r.bid_id: (r.rank, str(r.total)) for r in ev.ranked}
    # Quality 60 x 3/4 = 45; price 40 x 95000/100000 = 38 -> 83.00 for bid 0.
    assert ranked[bids[0].label] == (1, "83.00")
    assert ranked[bids[1].label][1] == "70.00"  # 30 + 40


def test_with_no_consensus_the_ranking_is_incomplete_and_the_award_refused(market, travel):
    competition = to_evaluation(market, travel)
    bids = score_all(market, competition, {0: {0: 3, 1: 3, 2: 3}, 1: {0: 3, 1: 3, 2: 3}})
    competition = services.competition_transition(actor=market.lead, competition=competition, to="moderation")
    with pytest.raises(RuleViolation) as exc:
        services.award_decide(actor=market.lead, competition=competition, bid=bids[0], reasons="Best")
    assert exc.value.code == "evaluation.incomplete"


def test_ties_and_abnormally_low_prices_need_a_recorded_decision(market, travel):
    competition = to_evaluation(market, travel, prices=("100000", "100000", "50000"))
    bids = score_all(market, competition, {0: {0: 3, 1: 3, 2: 0}, 1: {0: 3, 1: 3, 2: 0}})
    competition = moderate(market, competition, bids, {0: 3, 1: 3, 2: 0})
    ev = competition_evaluation(competition, clock.now()).evaluation
    kinds = sorted(f.kind for f in ev.flags)
    assert kinds == ["abnormally_low", "tie"]
    with pytest.raises(RuleViolation) as exc:
        services.award_decide(actor=market.lead, competition=competition, bid=bids[0], reasons="Best")
    assert "Record a decision on every flag" in exc.value.message
    for f in ev.flags:
        services.flag_decide(
            actor=market.lead,
            competition=competition,
            key=flag_key(f.kind, f.bid_ids),
            decision="Decided by the panel",
        )
    tie_ranked = [r for r in ev.ranked if r.tied]
    assert len(tie_ranked) == 2 and all(r.rank == 1 for r in tie_ranked)


def award_it(market, travel):
    competition = to_evaluation(market, travel)
    bids = score_all(market, competition, {0: {0: 3, 1: 2, 2: 2}, 1: {0: 3, 1: 2, 2: 2}})
    competition = moderate(market, competition, bids, {0: 3, 1: 2, 2: 2})
    award = services.award_decide(
        actor=market.lead, competition=competition, bid=bids[0], reasons="Best value"
    )
    return competition, bids, award


def test_the_award_starts_a_standstill_of_eight_working_days_refusing_the_contract(market, travel):
    competition, bids, award = award_it(market, travel)
    competition.refresh_from_db()
    assert competition.stage == "standstill"
    assert award.standstill_days == 8
    # Decided on Tuesday 16 March 2027: 8 working days, skipping Good Friday (26 March) and
    # Easter Monday (29 March), end on Tuesday 30 March.
    assert award.decided_on == date(2027, 3, 16)
    assert award.standstill_ends_on == date(2027, 3, 30)
    with pytest.raises(ApplicationError) as exc:
        award_api.award_outcome_for_contract(competition, clock.now())
    assert exc.value.code == "standstill.in_force"
    with pytest.raises(RuleViolation):
        services.award_confirm(actor=market.lead, competition=competition)
    travel(
        datetime.combine(award.standstill_ends_on + timedelta(days=1), datetime.min.time(), clock.LONDON)
        + timedelta(hours=9)
    )
    outcome = award_api.award_outcome_for_contract(competition, clock.now())
    assert outcome.supplier_organisation_id == bids[0].supplier_id
    assert outcome.value == Decimal("100000.00") and outcome.term_months == 60
    services.award_confirm(actor=market.lead, competition=competition)
    competition.refresh_from_db()
    assert competition.stage == CompetitionStatus.AWARDED


def test_the_standstill_length_is_configurable_per_regime(market, travel, settings):
    settings.CAREMARKET_STANDSTILL_WORKING_DAYS = {"procurement_act_2023": 10}
    _, _, award = award_it(market, travel)
    assert award.standstill_days == 10


def test_a_challenge_in_standstill_pauses_the_award_until_the_buyer_records_an_outcome(market, travel):
    competition, _bids, award = award_it(market, travel)
    challenge = services.challenge_record(
        actor=market.bidders[1],
        competition=competition,
        supplier=market.suppliers[1],
        grounds="Scoring error",
    )
    travel(datetime.combine(award.standstill_ends_on + timedelta(days=2), datetime.min.time(), clock.LONDON))
    with pytest.raises(ApplicationError) as exc:
        award_api.award_outcome_for_contract(competition, clock.now())
    assert exc.value.code == "award.challenged"
    services.challenge_outcome(
        actor=market.lead, challenge=challenge, outcome="dismissed", reason="No error found"
    )
    assert award_api.award_outcome_for_contract(competition, clock.now()).reference == competition.reference
    with pytest.raises(RuleViolation) as exc:
        services.challenge_record(
            actor=market.bidders[2], competition=competition, supplier=market.suppliers[2], grounds="Late"
        )
    assert exc.value.code == "challenge.outside_standstill"


def test_an_upheld_challenge_sends_the_competition_back_to_evaluation(market, travel):
    competition, _bids, _ = award_it(market, travel)
    challenge = services.challenge_record(
        actor=market.bidders[1],
        competition=competition,
        supplier=market.suppliers[1],
        grounds="Scoring error",
    )
    services.challenge_outcome(
        actor=market.lead, challenge=challenge, outcome="upheld", reason="Error in scoring"
    )
    competition.refresh_from_db()
    assert competition.stage == "evaluation"
    with pytest.raises(ApplicationError):
        award_api.award_outcome_for_contract(competition, clock.now())


def test_award_letters_show_each_bidder_its_own_scores_the_winners_and_the_reasons(market, travel):
    competition, bids, _ = award_it(market, travel)
    letter = selectors.award_letter_for_actor(market.bidders[1], competition)
    assert not letter.successful and letter.own["bid"] == bids[1].label
    assert letter.winner["bid"] == bids[0].label and letter.award.reasons == "Best value"
    assert selectors.award_letter_for_actor(market.bidders[0], competition).successful


def test_before_award_there_is_no_outcome_for_a_contract(market):
    competition = make_competition(market, publish=True)
    with pytest.raises(ApplicationError):
        award_api.award_outcome_for_contract(competition, clock.now())


def test_the_award_letter_is_also_a_pdf(market, travel):
    from caremarket.competitions.letters import letter_pdf

    competition, _bids, _ = award_it(market, travel)
    pdf = letter_pdf(selectors.award_letter_for_actor(market.bidders[1], competition))
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000


def test_after_standstill_the_contract_is_created_from_the_award(market, travel):
    from caremarket.contracts.services.awards import contract_create_from_award

    competition, bids, award = award_it(market, travel)
    with pytest.raises(ApplicationError) as exc:
        contract_create_from_award(actor=market.lead, competition=competition, starts_on=clock.today())
    assert exc.value.code == "standstill.in_force"
    travel(datetime.combine(award.standstill_ends_on + timedelta(days=1), datetime.min.time(), clock.LONDON))
    contract = contract_create_from_award(actor=market.lead, competition=competition, starts_on=clock.today())
    assert contract.supplier_id == bids[0].supplier_id and contract.value == Decimal("100000.00")
