"""The seal has one rule, `rules.bidding.seal_refusal`. Where the records admin and the audit
log need it as a query, `sealed_competitions_q` must select exactly the competitions the rule
refuses: proved here on every case of the rule's own table, and on facts the table cannot
hold (a published stage with no publication time, no deadline at all)."""

from dataclasses import replace
from datetime import timedelta

import pytest

from caremarket.competitions.factories import make_competition, make_market
from caremarket.competitions.models import Competition
from caremarket.competitions.sealed_audit import opened_competition_ids, sealed_competitions_q
from caremarket.rules.bidding import seal_refusal
from caremarket.rules.tests.test_bidding import DEADLINE, LIVE, SEAL_CASES

pytestmark = pytest.mark.django_db

EXTRA_CASES = [
    (replace(LIVE, published_at=None), DEADLINE + timedelta(days=1)),
    (replace(LIVE, submission_deadline=None), DEADLINE + timedelta(days=1)),
    (replace(LIVE, stage="draft"), DEADLINE + timedelta(days=1)),
    (
        replace(LIVE, stage="cancelled", cancelled_at=DEADLINE + timedelta(days=2)),
        DEADLINE + timedelta(days=3),
    ),
]


def test_the_query_selects_exactly_what_the_rule_refuses():
    competition = make_competition(make_market(suppliers=1))
    cases = [(facts, now) for facts, now, _ in SEAL_CASES] + EXTRA_CASES
    for facts, now in cases:
        Competition.objects.filter(pk=competition.pk).update(
            stage=facts.stage,
            published_at=facts.published_at,
            clarification_deadline=facts.clarification_deadline,
            submission_deadline=facts.submission_deadline,
            cancelled_at=facts.cancelled_at,
        )
        stored = Competition.objects.get(pk=competition.pk)
        refused = seal_refusal(replace(stored.facts(), reference=facts.reference), now) is not None
        assert refused is (seal_refusal(facts, now) is not None)
        in_query = Competition.objects.filter(sealed_competitions_q(now), pk=competition.pk).exists()
        opened = opened_competition_ids(now).filter(pk=competition.pk).exists()
        assert in_query is refused, (facts, now)
        assert opened is not refused, (facts, now)
