"""The provider selection pages (part of the `web` namespace)."""

from django.urls import path

from caremarket.web.views.selection import psr
from caremarket.web.views.selection.mcp import urlpatterns as mcp_urlpatterns
from caremarket.web.views.selection.urgent import urlpatterns as urgent_urlpatterns

urlpatterns: list = [
    # The Provider Selection Regime's processes (fixed paths before /selection/<reference>).
    path("selection", psr.selection_list, name="selection-list"),
    path("selection/new", psr.selection_new, name="selection-new"),
    path("selection/annual-summary", psr.annual_summary, name="selection-annual-summary"),
    path(
        "selection/annual-summary.<str:extension>",
        psr.annual_summary_download,
        name="selection-annual-summary-download",
    ),
    # Urgent awards (before /selection/<reference>).
    *urgent_urlpatterns,
    # The Most Suitable Provider process (before /selection/<reference>).
    *mcp_urlpatterns,
    path("selection/<str:reference>", psr.selection_detail, name="selection"),
    path("selection/<str:reference>/choose", psr.selection_choose, name="selection-choose"),
    path("selection/<str:reference>/decision", psr.selection_decision, name="selection-decision"),
    path("selection/<str:reference>/intention", psr.selection_intention, name="selection-intention"),
    path(
        "selection/<str:reference>/representations/new",
        psr.representation_new,
        name="selection-representation-new",
    ),
    path(
        "selection/<str:reference>/representations/<int:representation_id>/clarify",
        psr.representation_clarify,
        name="selection-representation-clarify",
    ),
    path("selection/<str:reference>/review", psr.selection_review, name="selection-review"),
    path("selection/<str:reference>/award", psr.selection_award, name="selection-award"),
]
