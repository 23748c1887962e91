"""Messages: what Caremarket sent you, newest first, each readable again in full."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from caremarket.core.errors import NotFound
from caremarket.notifications import selectors
from caremarket.rules.notifications import KIND_LABELS
from caremarket.web.pagination import paginate


@login_required
def message_list(request):
    kind = request.GET.get("kind", "")
    kind = kind if kind in {k.value for k in KIND_LABELS} else ""
    page, nav = paginate(request, selectors.messages_for_actor(request.actor, kind=kind))
    kinds = [{"value": "", "text": "All messages"}] + [
        {"value": k.value, "text": label, "selected": k.value == kind} for k, label in KIND_LABELS.items()
    ]
    return render(request, "web/messages/list.jinja", {"page": page, "nav": nav, "kinds": kinds})


@login_required
def message_detail(request, message_id: int):
    message = selectors.message_for_actor(request.actor, message_id)
    if message is None:
        raise NotFound("There is no such message")
    return render(request, "web/messages/detail.jinja", {"message": message})
