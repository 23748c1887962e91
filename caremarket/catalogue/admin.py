from caremarket.catalogue.models import (
    Advisor,
    AwardedPrice,
    Listing,
    ListingVersion,
    Shortlist,
    ShortlistEntry,
)
from caremarket.core.admin_site import ReadOnlyModelAdmin, records


class ListingAdmin(ReadOnlyModelAdmin):
    list_display = ["reference", "supplier", "lot", "live_version", "withdrawn_at", "updated_at"]


class ListingVersionAdmin(ReadOnlyModelAdmin):
    list_display = ["listing", "number", "name", "status", "category", "submitted_at", "decided_at"]
    list_filter = ["status", "category"]
    search_fields = ["name"]


class ShortlistAdmin(ReadOnlyModelAdmin):
    list_display = ["name", "organisation", "status", "result_count", "created_at", "locked_at"]
    list_filter = ["status"]


class ShortlistEntryAdmin(ReadOnlyModelAdmin):
    list_display = ["shortlist", "position", "listing", "version"]


class AdvisorAdmin(ReadOnlyModelAdmin):
    list_display = ["person", "organisation", "headline", "withdrawn_at"]


class AwardedPriceAdmin(ReadOnlyModelAdmin):
    list_display = ["reference", "category", "unit", "basis", "unit_price", "awarded_on"]


records.register(Listing, ListingAdmin)
records.register(ListingVersion, ListingVersionAdmin)
records.register(Shortlist, ShortlistAdmin)
records.register(ShortlistEntry, ShortlistEntryAdmin)
records.register(Advisor, AdvisorAdmin)
records.register(AwardedPrice, AwardedPriceAdmin)
