"""Competitions, their bids, evaluation and award."""

from caremarket.competitions.models.award import Award, Challenge, DirectAward
from caremarket.competitions.models.bids import Bid, BidFile, Receipt
from caremarket.competitions.models.competitions import Competition, Document, Invitation, Notice, Question
from caremarket.competitions.models.evaluation import Consensus, Evaluator, FlagDecision, GateResult, Score

__all__ = [
    "Award",
    "Bid",
    "BidFile",
    "Challenge",
    "Competition",
    "Consensus",
    "DirectAward",
    "Document",
    "Evaluator",
    "FlagDecision",
    "GateResult",
    "Invitation",
    "Notice",
    "Question",
    "Receipt",
    "Score",
]
