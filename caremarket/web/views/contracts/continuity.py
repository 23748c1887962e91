"""A handover between the outgoing and the incoming supplier: its checklist, item by item."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_http_methods

from caremarket.contracts import selectors, services
from caremarket.core.errors import ApplicationError, NotFound
from caremarket.core.permissions import can
from caremarket.rules.continuity import TRIGGER_LABELS, handover_progress
from caremarket.web.forms import form_errors, render_form
from caremarket.web.views.contracts.common import done, refusal


@login_required
@require_http_methods(["GET", "POST"])
def handover(request, handover_id: int):
    actor = request.actor
    item = selectors.handover_for_actor(actor, handover_id)
    error = None
    if request.method == "POST":
        entry = selectors.handover_item(item, request.POST.get("position") or 0)
        try:
            if entry is None:
                raise NotFound("Choose an item of the checklist")
            services.handover_item_complete(actor=actor, item=entry, note=request.POST.get("note", ""))
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            return done(request, f"'{entry.title}' is done", "web:handover", item.pk)
    items = selectors.handover_items(item)
    context = {
        "handover": item,
        "items": items,
        "progress": handover_progress([i.status for i in items]),
        "reason": TRIGGER_LABELS.get(item.reason, item.reason),
        "updates": can(actor, "contracts.update_handover", item),
        **form_errors(None, error),
    }
    return render_form(request, "web/contracts/handover.jinja", context)
