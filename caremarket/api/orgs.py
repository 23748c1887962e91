"""Organisations, their sites, certifications and members."""

from datetime import date
from typing import Annotated

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from pydantic import model_validator

from caremarket.api.schemas import (
    ERRORS,
    MAX_PAGE,
    BlankIfNull,
    Flag,
    Id,
    IsoDate,
    NotNull,
    Out,
    QueryFlag,
    responses,
)
from caremarket.core import clock
from caremarket.core.permissions import require
from caremarket.core.read_cache import cached_read
from caremarket.orgs import selectors, services
from caremarket.orgs.choices import CertificationScheme, OrganisationType, Region
from caremarket.orgs.models import CareSystem
from caremarket.rules.roles import Role, Sector

router = Router(tags=["Organisations"])


class CareSystemOut(Out):
    code: str
    name: str
    region: str


class OrganisationOut(Out):
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

    @model_validator(mode="before")
    @classmethod
    def _nest_care_system(cls, value):
        # Directory rows arrive flat from .values(); a model instance needs nothing.
        if isinstance(value, dict) and "care_system__code" in value:
            value = dict(value)
            code = value.pop("care_system__code")
            nested = {key: value.pop(f"care_system__{key}") for key in ("name", "region")}
            value["care_system"] = {"code": code, **nested} if code is not None else None
        return value


# The directory is the busiest read: it is served from plain rows, not model instances.
DIRECTORY_FIELDS = [
    *(name for name in OrganisationOut.model_fields if name != "care_system"),
    "care_system__code",
    "care_system__name",
    "care_system__region",
]


class SiteOut(Out):
    code: str
    name: str
    address: str
    postcode: str


class CertificationOut(Out):
    scheme: str
    reference: str
    valid_from: date
    expires_on: date
    status: str

    @model_validator(mode="before")
    @classmethod
    def _with_status(cls, cert):
        if isinstance(cert, dict):
            return cert
        fields = {name: getattr(cert, name) for name in ("scheme", "reference", "valid_from", "expires_on")}
        return {**fields, "status": str(cert.status(clock.today()))}


class OrganisationDetailOut(OrganisationOut):
    address: str
    website: str
    sites: list[SiteOut]
    certifications: list[CertificationOut]

    @model_validator(mode="before")
    @classmethod
    def _with_related(cls, org):
        if isinstance(org, dict):
            return org
        names = [name for name in cls.model_fields if name not in ("sites", "certifications")]
        return {
            **{name: getattr(org, name) for name in names},
            "sites": selectors.site_rows(org),
            "certifications": selectors.certifications_of(org),
        }


class DirectoryQuery(Schema):
    q: str = Field("", description="Name, exact code or start of postcode")
    sector: str = ""
    region: str = ""
    org_type: str = ""
    include_closed: QueryFlag = False
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(20, ge=1, le=200)


class DirectoryPage(Out):
    items: list[OrganisationOut]
    count: int


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
    """Leave a field out to keep it. The name, type and flags cannot be cleared (null is
    refused); null clears the region, address, postcode, website and closing date."""

    name: Annotated[str, NotNull] = Field(None, min_length=1, max_length=255)
    org_type: Annotated[OrganisationType, NotNull] = None
    region: Annotated[Region | None, BlankIfNull] = None
    is_sme: Annotated[Flag, NotNull] = None
    is_vcse: Annotated[Flag, NotNull] = None
    address: Annotated[str | None, BlankIfNull] = Field(None, max_length=500)
    postcode: Annotated[str | None, BlankIfNull] = Field(None, max_length=10)
    website: Annotated[str | None, BlankIfNull] = Field(None, max_length=200)
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


@router.get("/organisations", response=responses(200, DirectoryPage))
def list_organisations(request, query: Query[DirectoryQuery]):
    """The directory of buyer, supplier and platform organisations, a page at a time.

    The busiest read on the platform: every signed-in person sees the same directory, so each
    page is rendered once per change of data and served from the read cache until the next.
    """
    require(request.actor, "orgs.view_directory")
    values = query.dict()
    page, size = values.pop("page"), values.pop("page_size")
    filters = selectors.DirectoryFilters(**values)

    def render() -> bytes:
        rows, count = selectors.directory_page(
            request.actor, filters, page=page, size=size, fields=DIRECTORY_FIELDS
        )
        return DirectoryPage(items=rows, count=count).model_dump_json().encode()

    body = cached_read("directory", {**values, "page": page, "page_size": size}, render)
    return HttpResponse(body, content_type="application/json")


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
    return selectors.site_rows(selectors.organisation_for_actor(request.actor, code))


@router.post("/organisations/{code}/sites", response=responses(201, SiteOut))
def add_site(request, code: str, payload: SiteIn):
    org = selectors.organisation_for_actor(request.actor, code)
    return Status(201, services.site_add(actor=request.actor, organisation=org, **payload.dict()))


@router.get("/organisations/{code}/certifications", response=responses(200, list[CertificationOut]))
def list_certifications(request, code: str):
    return selectors.certifications_of(selectors.organisation_for_actor(request.actor, code))


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
    roles = selectors.roles_in(person, org)
    return Status(
        201, MemberOut(person_id=person.pk, full_name=person.full_name, email=person.email, roles=roles)
    )


@router.delete("/organisations/{code}/members/{person_id}/roles/{role}", response={204: None, **ERRORS})
def revoke_membership(request, code: str, person_id: Id, role: str):
    org = selectors.organisation_for_actor(request.actor, code)
    services.membership_revoke(actor=request.actor, organisation=org, person_id=person_id, role=role)
    return Status(204, None)
