"""The transparency pages (part of the `web` namespace): the public notices site, which needs no
sign-in, and the buyer's pages for notices that are due."""

from django.urls import path

from caremarket.web.views.transparency import due, public
from caremarket.web.views.transparency import manage as manage_notices

urlpatterns: list = [
    path("notices", public.notice_search, name="notices"),
    path("notices/publication-policy", public.publication_policy, name="notice-policy"),
    path("notices/processes/<str:ocid>", public.process_detail, name="notice-process"),
    path(
        "notices/processes/<str:ocid>/record.json",
        public.process_record_download,
        name="notice-process-record",
    ),
    path(
        "notices/processes/<str:ocid>/releases.json",
        public.process_releases_download,
        name="notice-process-releases",
    ),
    path("notices/buyers/<str:code>", public.buyer_detail, name="notice-buyer"),
    path("notices/due/<str:code>/<str:reference>", due.notice_due, name="notice-due"),
    path("notices/<int:notice_id>", public.notice_detail, name="notice"),
    path("notices/<int:notice_id>/release.json", public.notice_release, name="notice-release"),
    # A buyer's own notices: drafts, the notices it publishes itself, and corrections.
    path("notices/manage", manage_notices.notices_manage, name="notices-manage"),
    path("notices/new", manage_notices.notice_new, name="notice-new"),
    path("notices/new/<str:code>", manage_notices.notice_new_type, name="notice-new-type"),
    path("notices/manage/<int:notice_id>", manage_notices.notice_manage, name="notice-manage"),
    path(
        "notices/manage/<int:notice_id>/publish",
        manage_notices.notice_manage_publish,
        name="notice-manage-publish",
    ),
    path("notices/manage/<int:notice_id>/edit", manage_notices.notice_edit, name="notice-edit"),
    path("notices/<int:notice_id>/correct", manage_notices.notice_correct, name="notice-correct"),
]
