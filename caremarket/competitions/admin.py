"""Competitions in the read-only records admin. Bids, their files and receipts appear only
once their competition's seal is open: before the deadline nobody can read or count them here."""

from caremarket.competitions.models import (
    Award,
    Bid,
    BidFile,
    Challenge,
    Competition,
    Consensus,
    DirectAward,
    Document,
    Evaluator,
    GateResult,
    Invitation,
    Question,
    Receipt,
    Score,
)
from caremarket.competitions.sealed_audit import sealed_competitions_q
from caremarket.core import clock
from caremarket.core.admin_site import ReadOnlyModelAdmin, records


class CompetitionAdmin(ReadOnlyModelAdmin):
    list_display = ["reference", "title", "buyer", "procedure", "stage", "submission_deadline"]
    list_filter = ["stage", "procedure"]
    search_fields = ["reference", "title"]
    exclude = ["public_key", "wrapped_private_key"]


class SealedAdmin(ReadOnlyModelAdmin):
    """Shows only what belongs to competitions whose bids are unsealed."""

    competition_path = "competition__"

    def get_queryset(self, request):
        return (
            super().get_queryset(request).exclude(sealed_competitions_q(clock.now(), self.competition_path))
        )


class BidAdmin(SealedAdmin):
    list_display = ["pk", "competition", "supplier", "status", "submitted_at", "content_sha256"]
    list_filter = ["status"]
    exclude = ["sealed", "draft"]


class BidFileAdmin(SealedAdmin):
    competition_path = "bid__competition__"
    list_display = ["name", "bid", "size", "sha256", "uploaded_at"]
    exclude = ["sealed"]


class ReceiptAdmin(SealedAdmin):
    competition_path = "bid__competition__"
    list_display = ["number", "bid", "action", "issued_at", "content_sha256"]


class ScoreAdmin(SealedAdmin):
    competition_path = "bid__competition__"
    list_display = ["bid", "criterion_id", "evaluator", "score", "recorded_at"]


class ConsensusAdmin(SealedAdmin):
    competition_path = "bid__competition__"
    list_display = ["bid", "criterion_id", "score", "recorded_at"]


class GateResultAdmin(SealedAdmin):
    competition_path = "bid__competition__"
    list_display = ["bid", "criterion_id", "passed", "recorded_at"]


class PlainAdmin(ReadOnlyModelAdmin):
    pass


records.register(Competition, CompetitionAdmin)
records.register(Bid, BidAdmin)
records.register(BidFile, BidFileAdmin)
records.register(Receipt, ReceiptAdmin)
records.register(Score, ScoreAdmin)
records.register(Consensus, ConsensusAdmin)
records.register(GateResult, GateResultAdmin)
for model in (Invitation, Document, Question, Evaluator, Award, Challenge, DirectAward):
    records.register(model, PlainAdmin)
