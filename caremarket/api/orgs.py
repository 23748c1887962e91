"""Organisations, their sites, certifications and members."""

from datetime import date

from django.shortcuts import get_object_or_404
from ninja import Field, FilterSchema, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from caremarket.api.schemas import ERRORS, Flag, IsoDate, responses
from caremarket.core import clock
from caremarket.orgs import selectors, services
from caremarket.orgs.choices import CertificationScheme, OrganisationType, Region
from caremarket.orgs.models import CareSystem
from caremarket.rules.roles import Role, Sector

router = Router(tags=["Organisations"])


class CareSystemOut(Schema):
    code: str
    name: str
    region: str


class OrganisationOut(Schema):
    code: str
    name: str
    sector: str
    org_type: str
    region: str
    care_system: CareSystemOut | None
    is_sme: bool
    is_vcse: bool
    postcode: str
    opened_on: date | None
    closed_on: date | None


class SiteOut(Schema):
    code: str
    name: str
    address: str
    postcode: str


class CertificationOut(Schema):
    scheme: str
    reference: str
    valid_from: date
    expires_on: date
    status: str

    @staticmethod
    def resolve_status(obj) -> str:
        return str(obj.status(clock.today()))


class OrganisationDetailOut(OrganisationOut):
    address: str
    website: str
    sites: list[SiteOut]
    certifications: list[CertificationOut]

    @staticmethod
    def resolve_sites(obj):
        return list(obj.sites.all())

    @staticmethod
    def resolve_certifications(obj):
        return list(obj.certifications.all())


class DirectoryQuery(FilterSchema):
    q: str = Field("", description="Name, exact code or start of postcode")
    sector: str = ""
    region: str = ""
    org_type: str = ""
    include_closed: Flag = False


class OrganisationIn(Schema):
    code: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9-]{1,19}$", description="ODS-style code")
    name: str = Field(min_length=1, max_length=255)
    sector: Sector
    org_type: OrganisationType
    region: Region | None = None
    care_system_code: str | None = None
    is_sme: Flag = False
    is_vcse: Flag = False
    address: str = ""
    postcode: str = ""
    website: str = ""


class OrganisationPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=255)
    org_type: OrganisationType | None = None
    region: Region | None = None
    is_sme: Flag | None = None
    is_vcse: Flag | None = None
    address: str | None = None
    postcode: str | None = None
    website: str | None = None
    closed_on: IsoDate | None = None


class SiteIn(Schema):
    code: str
    name: str
    address: str = ""
    postcode: str = ""


class CertificationIn(Schema):
    scheme: CertificationScheme
    reference: str = ""
    valid_from: IsoDate
    expires_on: IsoDate


class MemberOut(Schema):
    person_id: int
    full_name: str
    email: str
    roles: list[str]


class MemberIn(Schema):
    email: str
    role: Role
    full_name: str = ""


def _care_system(code: str | None) -> CareSystem | None:
    return get_object_or_404(CareSystem, code=code.upper()) if code else None


@router.get("/organisations", response={200: list[OrganisationOut], **ERRORS})
@paginate(PageNumberPagination)
def list_organisations(request, filters: Query[DirectoryQuery]):
    """The directory of buyer, supplier and platform organisations."""
    return selectors.organisations_for_actor(request.actor, selectors.DirectoryFilters(**filters.dict()))


@router.post("/organisations", response=responses(201, OrganisationOut))
def create_organisation(request, payload: OrganisationIn):
    data = payload.dict()
    data["region"] = data["region"] or ""
    care_system = _care_system(data.pop("care_system_code"))
    org = services.organisation_create(actor=request.actor, care_system=care_system, **data)
    return Status(201, org)


@router.get("/organisations/{code}", response=responses(200, OrganisationDetailOut))
def get_organisation(request, code: str):
    return selectors.organisation_for_actor(request.actor, code)


@router.patch("/organisations/{code}", response=responses(200, OrganisationOut))
def update_organisation(request, code: str, payload: OrganisationPatch):
    org = selectors.organisation_for_actor(request.actor, code)
    changes = payload.dict(exclude_unset=True)
    return services.organisation_update(actor=request.actor, organisation=org, **changes)


@router.get("/organisations/{code}/sites", response=responses(200, list[SiteOut]))
def list_sites(request, code: str):
    return list(selectors.organisation_for_actor(request.actor, code).sites.all())


@router.post("/organisations/{code}/sites", response=responses(201, SiteOut))
def add_site(request, code: str, payload: SiteIn):
    org = selectors.organisation_for_actor(request.actor, code)
    return Status(201, services.site_add(actor=request.actor, organisation=org, **payload.dict()))


@router.get("/organisations/{code}/certifications", response=responses(200, list[CertificationOut]))
def list_certifications(request, code: str):
    return list(selectors.organisation_for_actor(request.actor, code).certifications.all())


@router.post("/organisations/{code}/certifications", response=responses(201, CertificationOut))
def declare_certification(request, code: str, payload: CertificationIn):
    org = selectors.organisation_for_actor(request.actor, code)
    cert = services.certification_declare(actor=request.actor, organisation=org, **payload.dict())
    return Status(201, cert)


@router.get("/organisations/{code}/members", response=responses(200, list[MemberOut]))
def list_members(request, code: str):
    org = selectors.organisation_for_actor(request.actor, code)
    return [
        MemberOut(
            person_id=row.person.pk, full_name=row.person.full_name, email=row.person.email, roles=row.roles
        )
        for row in selectors.members_for_actor(request.actor, org)
    ]


@router.post("/organisations/{code}/members", response=responses(201, MemberOut))
def grant_membership(request, code: str, payload: MemberIn):
    org = selectors.organisation_for_actor(request.actor, code)
    membership = services.membership_grant(actor=request.actor, organisation=org, **payload.dict())
    person = membership.person
    roles = list(person.memberships.filter(organisation=org).values_list("role", flat=True))
    return Status(
        201, MemberOut(person_id=person.pk, full_name=person.full_name, email=person.email, roles=roles)
    )


@router.delete("/organisations/{code}/members/{person_id}/roles/{role}", response={204: None, **ERRORS})
def revoke_membership(request, code: str, person_id: int, role: str):
    org = selectors.organisation_for_actor(request.actor, code)
    services.membership_revoke(actor=request.actor, organisation=org, person_id=person_id, role=role)
    return Status(204, None)
