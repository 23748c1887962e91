"""The commercial agreement pages, under /agreements (part of the `web` namespace)."""

from django.urls import path

from caremarket.web.views.agreements import admission, browse, manage, standing
from caremarket.web.views.contracts import continuity

A = "agreements"

urlpatterns = [
    path(A, browse.agreement_list, name="agreements"),
    path(f"{A}/new", manage.agreement_new, name="agreement-new"),
    path(f"{A}/applications", admission.application_list, name="agreement-applications"),
    path(
        f"{A}/applications/<int:application_id>", admission.application_detail, name="agreement-application"
    ),
    path(
        f"{A}/applications/<int:application_id>/assess", admission.application_assess, name="agreement-assess"
    ),
    path(
        f"{A}/applications/<int:application_id>/decide", admission.application_decide, name="agreement-decide"
    ),
    path(
        f"{A}/applications/<int:application_id>/withdraw",
        admission.application_withdraw,
        name="agreement-withdraw",
    ),
    path(f"{A}/evidence/<int:evidence_id>", admission.evidence_download, name="agreements-evidence"),
    path(f"{A}/compliance", admission.compliance, name="agreement-compliance"),
    path(f"{A}/compliance/renew", admission.renew, name="agreement-renew"),
    path(f"{A}/<str:reference>", browse.agreement_detail, name="agreement"),
    path(f"{A}/<str:reference>/edit", manage.agreement_edit, name="agreement-edit"),
    path(f"{A}/<str:reference>/status", manage.agreement_status, name="agreement-status"),
    path(f"{A}/<str:reference>/lots/add", manage.lot_add, name="agreement-lot-add"),
    path(f"{A}/<str:reference>/apply", admission.apply, name="agreement-apply"),
    path(f"{A}/<str:reference>/lots/<int:number>", browse.lot_detail, name="agreement-lot"),
    path(f"{A}/<str:reference>/lots/<int:number>/rules", manage.lot_rules, name="agreement-lot-rules"),
    path(
        f"{A}/<str:reference>/lots/<int:number>/suppliers/<str:code>", standing.place, name="agreement-place"
    ),
    path(
        f"{A}/<str:reference>/lots/<int:number>/backstops",
        continuity.lot_backstops,
        name="agreement-lot-backstops",
    ),
    path(
        f"{A}/<str:reference>/lots/<int:number>/backstops/<int:backstop_id>",
        continuity.lot_backstop,
        name="agreement-lot-backstop",
    ),
    path(f"{A}/<str:reference>/reviews", standing.reviews, name="agreement-reviews"),
    path(f"{A}/<str:reference>/reviews/<int:year>", standing.review, name="agreement-review"),
    path(
        f"{A}/<str:reference>/reviews/<int:year>/suppliers/<str:code>",
        standing.review_entry,
        name="agreement-review-entry",
    ),
    path(
        f"{A}/<str:reference>/reviews/<int:year>/suppliers/<str:code>/remove",
        standing.review_remove,
        name="agreement-review-remove",
    ),
    path(
        f"{A}/<str:reference>/reviews/<int:year>/complete",
        standing.review_complete,
        name="agreement-review-complete",
    ),
]
