"""The audit log pages."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from caremarket.audit import selectors
from caremarket.audit.published import latest_anchor
from caremarket.audit.verify import verify_now
from caremarket.core.permissions import can, require
from caremarket.web.forms import AuditFilterForm
from caremarket.web.pagination import paginate


@login_required
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    filters = selectors.AuditFilters(**{k: v for k, v in values.items() if v})
    events = selectors.audit_events_for_actor(request.actor, filters)
    page, nav = paginate(request, events, per_page=25)
    return render(
        request,
        "web/audit/list.jinja",
        {
            "page": page,
            "nav": nav,
            "form": form,
            "can_verify": can(request.actor, "audit.verify_chain"),
        },
    )


@login_required
def audit_event(request, seq: int):
    event = selectors.audit_event_for_actor(request.actor, seq)
    keys = sorted(set(event.before or {}) | set(event.after or {}))
    changes = [
        {"field": key, "before": (event.before or {}).get(key), "after": (event.after or {}).get(key)}
        for key in keys
    ]
    return render(request, "web/audit/detail.jinja", {"event": event, "changes": changes})


@login_required
def audit_sealed_stream(request, scope_type: str, scope_id: str):
    """The events of a sealed stream that has opened (a competition's bid events, after its
    deadline); before that the page does not exist for anyone."""
    stream = selectors.opened_stream_for_actor(request.actor, scope_type, scope_id)
    events = selectors.sealed_events_for_actor(request.actor, stream)
    page, nav = paginate(request, events, per_page=25)
    return render(request, "web/audit/sealed.jinja", {"stream": stream, "page": page, "nav": nav})


@login_required
def audit_verify(request):
    require(request.actor, "audit.verify_chain")
    return render(request, "web/audit/verify.jinja", {"report": verify_now(), "anchor": latest_anchor()})
