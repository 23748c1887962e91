from caremarket.audit.models import AuditEvent
from caremarket.core.admin_site import ReadOnlyModelAdmin, records


class AuditEventAdmin(ReadOnlyModelAdmin):
    """The main log. Sealed streams are not in the records admin at all: their row numbers
    would count bid activity; they are read on the audit pages once they open."""

    list_display = ["seq", "occurred_at", "actor_label", "action", "object_repr"]
    list_filter = ["action"]
    search_fields = ["action", "object_repr", "actor_label"]


records.register(AuditEvent, AuditEventAdmin)
