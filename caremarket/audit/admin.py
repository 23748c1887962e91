from caremarket.audit.models import AuditEvent
from caremarket.core.admin_site import ReadOnlyModelAdmin, records


class AuditEventAdmin(ReadOnlyModelAdmin):
    list_display = ["seq", "occurred_at", "actor_label", "action", "object_repr"]
    list_filter = ["action"]
    search_fields = ["action", "object_repr", "actor_label"]

    def get_queryset(self, request):
        from caremarket.audit.selectors import without_hidden

        return without_hidden(request.actor, super().get_queryset(request))


records.register(AuditEvent, AuditEventAdmin)
