"""Delivery and migration progress: per buying club, region and supplier, as a chart and a
table, and the sites late against their required-by date."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.html import json_script

from caremarket.contracts import selectors
from caremarket.rules.delivery import STAGE_LABELS, STAGE_ORDER

GROUPS = {"region": "Region", "club": "Buying club", "supplier": "Supplier"}


@login_required
def progress(request):
    by = request.GET.get("by", "region")
    by = by if by in GROUPS else "region"
    rows = selectors.delivery_progress(request.actor, by)
    late = selectors.late_sites_for_page(request.actor, limit=200)
    chart = {
        "labels": [r.group for r in rows],
        "stages": [STAGE_LABELS[s] for s in STAGE_ORDER],
        "counts": [[r.counts.get(s, 0) for r in rows] for s in STAGE_ORDER],
    }
    return render(
        request,
        "web/contracts/delivery.jinja",
        {
            "rows": rows,
            "by": by,
            "groups": GROUPS,
            "late": late,
            "stages": STAGE_ORDER,
            "stage_labels": STAGE_LABELS,
            "chart_script": json_script(chart, "delivery-data") if rows else "",
        },
    )
