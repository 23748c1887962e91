"""The one scoring engine for a competition: every figure shown (to the panel, on the
ranking, in award letters) and the ranking itself come from `competition_evaluation`, which
feeds the moderated scores, pass/fail results and prices to `rules.ranking.evaluate`.

Prices come from the opened bids: the bid's total price, or for a buying club the total
evaluated cost of its price list over the club's frozen baseline (`rules.aggregated_pricing`);
a price list that cannot price the baseline excludes the bid, with the reason.
"""

import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from caremarket.competitions import seal
from caremarket.competitions.bid_content import price_list_of
from caremarket.competitions.evaluation_models import model_from
from caremarket.competitions.models import Bid, Competition
from caremarket.rules.aggregated_pricing import BidCost
from caremarket.rules.aggregated_pricing import evaluate as evaluate_costs
from caremarket.rules.bidding import BidStatus
from caremarket.rules.ranking import BidScores, Evaluation, evaluate, evaluation_problems
from caremarket.rules.scoring import EvaluationModel


@dataclass(frozen=True)
class OpenedBid:
    bid: Bid
    content: dict

    @property
    def label(self) -> str:
        return self.bid.label


def valid_bids(competition: Competition) -> list[Bid]:
    """The bids standing at the deadline: submitted, for the current requirement."""
    return list(competition.bids.filter(status=BidStatus.SUBMITTED).select_related("supplier").order_by("id"))


def open_bids(competition: Competition, now: datetime) -> list[OpenedBid]:
    """Decrypt every valid bid; refused (RuleViolation) while the seal holds."""
    key = seal.unwrap_private_key(competition, now)
    return [
        OpenedBid(b, json.loads(key.open(bytes(b.sealed), f"bid:{b.pk}:content")))
        for b in valid_bids(competition)
    ]


def open_file(competition: Competition, bid_file, now: datetime) -> bytes:
    key = seal.unwrap_private_key(competition, now)
    return key.open(bytes(bid_file.sealed), f"bid:{bid_file.bid_id}:file:{bid_file.pk}")


def club_costs(competition: Competition, opened: list[OpenedBid]) -> dict[str, BidCost]:
    """Each bid's total evaluated cost over the buying club's frozen baseline (none standalone)."""
    club_id = getattr(competition, "buying_club_id", None)
    if club_id is None:
        return {}
    from caremarket.competitions.club import baseline_for

    baseline = baseline_for(competition)
    lists, missing = [], {}
    for o in opened:
        price_list = price_list_of(o.label, o.content)
        if price_list is None:
            missing[o.label] = "The bid has no price list"
        else:
            lists.append(price_list)
    costs = {c.bid_id: c for c in evaluate_costs(baseline, lists, competition.term)}
    for label, reason in missing.items():
        costs[label] = BidCost(label, competition.term.years, None, None, None, {}, reason=reason)
    return costs


def bid_scores(competition: Competition, opened: list[OpenedBid]) -> list[BidScores]:
    costs = club_costs(competition, opened)
    consensus: dict[int, dict[str, int]] = {}
    gates: dict[int, dict[str, bool]] = {}
    for bid_id, criterion, score in competition.bids.filter(consensus__isnull=False).values_list(
        "id", "consensus__criterion_id", "consensus__score"
    ):
        consensus.setdefault(bid_id, {})[criterion] = score
    for bid_id, criterion, passed in competition.bids.filter(gate_results__isnull=False).values_list(
        "id", "gate_results__criterion_id", "gate_results__passed"
    ):
        gates.setdefault(bid_id, {})[criterion] = passed
    rows = []
    for o in opened:
        excluded = o.bid.excluded_because
        if costs:
            cost = costs[o.label]
            price = cost.total
            if not cost.compliant:
                excluded = "; ".join(filter(None, [excluded, cost.reason]))
        else:
            price = Decimal(o.content["price"]) if o.content.get("price") else None
        rows.append(
            BidScores(
                o.label,
                price,
                consensus.get(o.bid.pk, {}),
                gates.get(o.bid.pk, {}),
                excluded,
            )
        )
    return rows


@dataclass(frozen=True)
class CompetitionEvaluation:
    model: EvaluationModel
    opened: list[OpenedBid]
    scores: list[BidScores]
    costs: dict[str, BidCost]
    problems: list[str]
    evaluation: Evaluation | None

    def bid(self, label: str) -> Bid:
        return next(o.bid for o in self.opened if o.label == label)


def competition_evaluation(competition: Competition, now: datetime) -> CompetitionEvaluation:
    """The evaluation as it stands; `evaluation` is None while scores are missing (`problems`)."""
    model = model_from(competition.evaluation_model)
    opened = open_bids(competition, now)
    costs = club_costs(competition, opened)
    scores = bid_scores(competition, opened)
    problems = evaluation_problems(model, scores)
    result = evaluate(model, scores) if not problems and scores else None
    return CompetitionEvaluation(model, opened, scores, costs, problems, result)


def flag_key(kind: str, bid_ids: tuple[str, ...]) -> str:
    return f"{kind}:{','.join(bid_ids)}"


def ranking_snapshot(ev: Evaluation, labels: dict[str, str]) -> dict:
    """Every figure of the ranking as JSON, kept with the award (labels: bid -> supplier name)."""

    def result(r) -> dict:
        return {
            "bid": r.bid_id,
            "supplier": labels.get(r.bid_id, ""),
            "price": str(r.price) if r.price is not None else None,
            "rank": r.rank,
            "total": str(r.total) if r.total is not None else None,
            "tied": r.tied,
            "abnormally_low": r.abnormally_low,
            "excluded_because": r.excluded_because,
            "criteria": [
                {
                    "id": c.criterion_id,
                    "name": c.name,
                    "kind": c.kind,
                    "depth": c.depth,
                    "share": str(c.share.normalize()),
                    "score": c.score,
                    "shown": str(c.shown),
                }
                for c in r.criteria
            ],
        }

    return {
        "places": ev.places,
        "mean_price": str(ev.mean_price) if ev.mean_price is not None else None,
        "results": [result(r) for r in ev.results],
        "flags": [{"kind": f.kind, "bids": list(f.bid_ids), "message": f.message} for f in ev.flags],
    }
