"""Every change to competitions, bids, evaluation and award: one module per noun."""

from caremarket.competitions.services.award import (
    award_confirm,
    award_decide,
    challenge_outcome,
    challenge_record,
)
from caremarket.competitions.services.bids import (
    bid_file_add,
    bid_price_list_upload,
    bid_resubmit,
    bid_save_draft,
    bid_submit,
    bid_withdraw,
)
from caremarket.competitions.services.clarifications import question_answer, question_ask
from caremarket.competitions.services.competitions import (
    competition_create,
    competition_transition,
    competition_update,
    evaluation_model_set,
)
from caremarket.competitions.services.direct_award import direct_award_create
from caremarket.competitions.services.documents import document_upload
from caremarket.competitions.services.evaluation import (
    consensus_record,
    evaluator_assign,
    evaluator_declare,
    evaluator_submit,
    flag_decide,
    gate_record,
    score_record,
)

__all__ = [
    "award_confirm",
    "award_decide",
    "bid_file_add",
    "bid_price_list_upload",
    "bid_resubmit",
    "bid_save_draft",
    "bid_submit",
    "bid_withdraw",
    "challenge_outcome",
    "challenge_record",
    "competition_create",
    "competition_transition",
    "competition_update",
    "consensus_record",
    "direct_award_create",
    "document_upload",
    "evaluation_model_set",
    "evaluator_assign",
    "evaluator_declare",
    "evaluator_submit",
    "flag_decide",
    "gate_record",
    "question_answer",
    "question_ask",
    "score_record",
]
