from caremarket.agreements.models import (
    Agreement,
    Application,
    Assessment,
    Evidence,
    Lot,
    LotRules,
    LotSupplier,
    Review,
    ReviewEntry,
    StandingChange,
)
from caremarket.core.admin_site import ReadOnlyModelAdmin, records


class AgreementAdmin(ReadOnlyModelAdmin):
    list_display = ["reference", "title", "owner", "kind", "stage", "starts_on", "ends_on"]
    list_filter = ["kind", "stage"]
    search_fields = ["reference", "title"]


class LotAdmin(ReadOnlyModelAdmin):
    list_display = ["agreement", "number", "title"]
    search_fields = ["title", "agreement__reference"]


class LotRulesAdmin(ReadOnlyModelAdmin):
    list_display = ["lot", "version", "takes_new_suppliers", "created_at"]


class ApplicationAdmin(ReadOnlyModelAdmin):
    list_display = ["pk", "supplier", "lot", "status", "submitted_at", "decided_at"]
    list_filter = ["status"]


class AssessmentAdmin(ReadOnlyModelAdmin):
    list_display = ["application", "outcome", "assessed_at", "assessed_by"]
    list_filter = ["outcome"]


class EvidenceAdmin(ReadOnlyModelAdmin):
    list_display = ["original_name", "supplier", "content_type", "size", "sha256", "uploaded_at"]
    exclude = ["file"]


class LotSupplierAdmin(ReadOnlyModelAdmin):
    list_display = ["supplier", "lot", "status", "ground", "admitted_on"]
    list_filter = ["status", "ground"]


class StandingChangeAdmin(ReadOnlyModelAdmin):
    list_display = ["lot_supplier", "from_status", "to_status", "ground", "changed_at", "changed_by"]


class ReviewAdmin(ReadOnlyModelAdmin):
    list_display = ["agreement", "year", "status", "completed_at"]


class ReviewEntryAdmin(ReadOnlyModelAdmin):
    list_display = ["review", "supplier", "performance", "fees_status", "recorded_at"]


records.register(Agreement, AgreementAdmin)
records.register(Lot, LotAdmin)
records.register(LotRules, LotRulesAdmin)
records.register(Application, ApplicationAdmin)
records.register(Assessment, AssessmentAdmin)
records.register(Evidence, EvidenceAdmin)
records.register(LotSupplier, LotSupplierAdmin)
records.register(StandingChange, StandingChangeAdmin)
records.register(Review, ReviewAdmin)
records.register(ReviewEntry, ReviewEntryAdmin)
