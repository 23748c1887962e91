from caremarket.core.admin_site import ReadOnlyModelAdmin, records
from caremarket.orgs.models import ApiToken, CareSystem, Certification, Membership, Organisation, Person, Site


class OrganisationAdmin(ReadOnlyModelAdmin):
    list_display = ["code", "name", "sector", "org_type", "region"]
    list_filter = ["sector", "org_type", "region"]
    search_fields = ["code", "name"]


class PersonAdmin(ReadOnlyModelAdmin):
    list_display = ["email", "full_name", "is_active"]
    search_fields = ["email", "full_name"]
    exclude = ["password"]


class MembershipAdmin(ReadOnlyModelAdmin):
    list_display = ["person", "organisation", "role", "granted_at"]
    list_filter = ["role"]


class ApiTokenAdmin(ReadOnlyModelAdmin):
    list_display = ["person", "name", "prefix", "created_at", "revoked_at"]
    exclude = ["token_hash"]


records.register(Organisation, OrganisationAdmin)
records.register(Person, PersonAdmin)
records.register(Membership, MembershipAdmin)
records.register(ApiToken, ApiTokenAdmin)
for model in (CareSystem, Site, Certification):
    records.register(model, ReadOnlyModelAdmin)
