"""The competition pages, under /competitions, and direct awards, under /direct-awards (part of
the `web` namespace)."""

from django.urls import path

from caremarket.web.views.competitions import award_contract, bidding, direct_awards, evaluation, manage

C = "competitions"
R = f"{C}/<str:reference>"

urlpatterns = [
    path(C, manage.competition_list, name="competitions"),
    path(f"{C}/new", manage.competition_new, name="competition-new"),
    path(R, manage.competition_detail, name="competition"),
    path(f"{R}/edit", manage.competition_edit, name="competition-edit"),
    path(f"{R}/status", manage.competition_status, name="competition-status"),
    path(f"{R}/documents", manage.document_upload, name="competition-documents"),
    path(f"{R}/documents/<int:document_id>", manage.document_download, name="competition-document"),
    path(f"{R}/questions", manage.questions, name="competition-questions"),
    path(f"{R}/questions/<int:question_id>/answer", manage.question_answer, name="competition-answer"),
    path(f"{R}/panel", manage.panel, name="competition-panel"),
    path(f"{R}/bid", bidding.own_bid, name="competition-bid"),
    path(f"{R}/bid/price-template.csv", bidding.price_template, {"fmt": "csv"}, name="competition-price-csv"),
    path(
        f"{R}/bid/price-template.xlsx", bidding.price_template, {"fmt": "xlsx"}, name="competition-price-xlsx"
    ),
    path(f"{R}/bids", bidding.bid_list, name="competition-bids"),
    path(f"{R}/bids/<int:bid_id>", bidding.bid_detail, name="competition-bid-opened"),
    path(f"{R}/bids/<int:bid_id>/files/<int:file_id>", bidding.bid_file, name="competition-bid-file"),
    path(f"{R}/evaluate", evaluation.evaluate, name="competition-evaluate"),
    path(f"{R}/moderation", evaluation.moderation, name="competition-moderation"),
    path(f"{R}/award", evaluation.award, name="competition-award"),
    path(f"{R}/award-letter", evaluation.award_letter, name="competition-letter"),
    path(f"{R}/award-letter.pdf", evaluation.award_letter_pdf, name="competition-letter-pdf"),
    path(f"{R}/challenge", evaluation.challenge, name="competition-challenge"),
    path(f"{R}/contract", award_contract.contract_from_award, name="competition-contract"),
    path(f"{R}/club-breakdown", award_contract.club_breakdown, name="competition-club-breakdown"),
    path("direct-awards/new", direct_awards.direct_award_new, name="direct-award-new"),
    path("direct-awards/<str:reference>", direct_awards.direct_award_detail, name="direct-award"),
]
