"""Organisations, care systems, sites and certifications: each function checks permission,
applies the rules, writes, and records its audit event in the same transaction."""

import re
from datetime import date

from caremarket.audit.services import audit_record
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import Conflict, ValidationFailed
from caremarket.core.models import model_snapshot
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.core.validation import FieldProblems, check_model_fields
from caremarket.orgs.choices import TYPES_BY_SECTOR, CertificationScheme, OrganisationType, Region
from caremarket.orgs.models import (
    CareSystem,
    Certification,
    Organisation,
    Site,
)
from caremarket.rules.certifications import dates_problem
from caremarket.rules.date_ranges import closing_date_range
from caremarket.rules.roles import Sector

CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,19}$")
ORGANISATION_FIELDS = [
    "code",
    "name",
    "sector",
    "org_type",
    "region",
    "care_system_id",
    "is_sme",
    "is_vcse",
    "address",
    "postcode",
    "website",
    "opened_on",
    "closed_on",
]


# --- Organisations ---------------------------------------------------------------------


def _check_organisation(fields: dict, problems: FieldProblems) -> None:
    problems.check(
        bool(CODE_PATTERN.match(fields["code"])),
        "code",
        "Enter a code of 2 to 20 capital letters, digits or hyphens, like RYJ or QYG",
    )
    problems.check(bool(fields["name"].strip()), "name", "Enter the organisation's name")
    sector = fields["sector"]
    if sector not in Sector.__members__.values():
        problems.add("sector", "Choose buyer, supplier or platform")
    elif fields["org_type"] not in TYPES_BY_SECTOR[Sector(sector)]:
        allowed = ", ".join(sorted(OrganisationType(t).label for t in TYPES_BY_SECTOR[Sector(sector)]))
        problems.add("org_type", f"A {sector} organisation must be one of: {allowed}")
    problems.check(
        not fields["region"] or fields["region"] in Region.values,
        "region",
        "Choose one of the seven NHS regions, or national",
    )
    opened, closed = fields.get("opened_on"), fields.get("closed_on")
    problems.check(
        not (opened and closed and closed < opened),
        "closed_on",
        "The closing date must be on or after the opening date",
    )
    if closed:
        problem = closing_date_range(clock.today()).problem(closed, "The closing date")
        if problem:
            problems.add("closed_on", problem)


def _organisation_create(
    *,
    actor: Actor,
    code: str,
    name: str,
    sector: str,
    org_type: str,
    region: str = "",
    care_system: CareSystem | None = None,
    is_sme: bool = False,
    is_vcse: bool = False,
    address: str = "",
    postcode: str = "",
    website: str = "",
    opened_on: date | None = None,
    closed_on: date | None = None,
) -> Organisation:
    require(actor, "orgs.create_organisation")
    fields = {
        "code": code.strip().upper(),
        "name": name.strip(),
        "sector": sector,
        "org_type": org_type,
        "region": region,
        "care_system": care_system,
        "is_sme": is_sme,
        "is_vcse": is_vcse,
        "address": address.strip(),
        "postcode": postcode.strip().upper(),
        "website": website.strip(),
        "opened_on": opened_on,
        "closed_on": closed_on,
    }
    problems = FieldProblems()
    _check_organisation(fields, problems)
    check_model_fields(Organisation(**fields), problems)
    problems.raise_if_any("The organisation could not be created")
    if Organisation.objects.filter(code=fields["code"]).exists():
        raise Conflict(
            f"An organisation with the code {fields['code']} already exists",
            code=ErrorCode.ORGANISATION_CODE_TAKEN,
            details={"fields": {"code": [f"{fields['code']} is already taken"]}},
        )
    org = Organisation.objects.create(**fields)
    audit_record(
        actor=actor,
        action="organisation.created",
        obj=org,
        organisation_id=org.pk,
        after=model_snapshot(org, ORGANISATION_FIELDS),
    )
    return org


organisation_create = service(_organisation_create)


def _organisation_update(*, actor: Actor, organisation: Organisation, **changes) -> Organisation:
    org = Organisation.objects.select_for_update().get(pk=organisation.pk)
    require(actor, "orgs.update_organisation", org)
    unknown = set(changes) - {f.removesuffix("_id") for f in ORGANISATION_FIELDS}
    if unknown:
        raise ValidationFailed(f"These fields cannot be changed: {', '.join(sorted(unknown))}")
    if ("code" in changes or "sector" in changes) and not actor.is_platform_admin:
        raise ValidationFailed("Only a platform administrator can change a code or sector")
    before = model_snapshot(org, ORGANISATION_FIELDS)
    for name, value in changes.items():
        setattr(org, name, value.strip() if isinstance(value, str) else value)
    org.code, org.postcode = org.code.upper(), org.postcode.upper()
    problems = FieldProblems()
    _check_organisation(model_snapshot(org, [*ORGANISATION_FIELDS]), problems)
    check_model_fields(org, problems)
    problems.raise_if_any("The organisation could not be updated")
    after = model_snapshot(org, ORGANISATION_FIELDS)
    if after == before:
        return org
    org.touch()
    org.save()
    audit_record(
        actor=actor,
        action="organisation.updated",
        obj=org,
        organisation_id=org.pk,
        before={k: v for k, v in before.items() if after[k] != v},
        after={k: v for k, v in after.items() if before[k] != v},
    )
    return org


organisation_update = service(_organisation_update)


def _care_system_upsert(*, actor: Actor, code: str, name: str, region: str, ons_code: str = "") -> CareSystem:
    require(actor, "orgs.import_reference_data")
    system, created = CareSystem.objects.get_or_create(
        code=code, defaults={"name": name, "region": region, "ons_code": ons_code}
    )
    before = None if created else model_snapshot(system, ["name", "region", "ons_code"])
    if not created:
        system.name, system.region, system.ons_code = name, region, ons_code or system.ons_code
        if model_snapshot(system, ["name", "region", "ons_code"]) == before:
            return system
        system.touch()
        system.save()
    audit_record(
        actor=actor,
        action="care_system.created" if created else "care_system.updated",
        obj=system,
        before=before,
        after=model_snapshot(system, ["code", "name", "region", "ons_code"]),
    )
    return system


care_system_upsert = service(_care_system_upsert)


# --- Sites and certifications ----------------------------------------------------------


@service
def site_add(
    *,
    actor: Actor,
    organisation: Organisation,
    code: str,
    name: str,
    address: str = "",
    postcode: str = "",
) -> Site:
    require(actor, "orgs.manage_sites", organisation)
    code = code.strip().upper()
    site = Site(
        organisation=organisation,
        code=code,
        name=name.strip(),
        address=address.strip(),
        postcode=postcode.strip().upper(),
    )
    problems = FieldProblems()
    problems.check(bool(code), "code", "Enter a site code")
    problems.check(bool(site.name), "name", "Enter the site's name")
    check_model_fields(site, problems)
    problems.raise_if_any("The site could not be added")
    if organisation.sites.filter(code=code).exists():
        raise Conflict(
            f"{organisation.name} already has a site with the code {code}",
            code=ErrorCode.SITE_CODE_TAKEN,
            details={"fields": {"code": [f"{code} is already used"]}},
        )
    site.save()
    audit_record(
        actor=actor,
        action="site.added",
        obj=site,
        organisation_id=organisation.pk,
        after=model_snapshot(site, ["code", "name", "address", "postcode"]),
    )
    return site


def _certification_declare(
    *,
    actor: Actor,
    organisation: Organisation,
    scheme: str,
    valid_from: date,
    expires_on: date,
    reference: str = "",
) -> Certification:
    require(actor, "orgs.manage_certifications", organisation)
    if scheme not in CertificationScheme.values:
        raise ValidationFailed.for_field("scheme", f"'{scheme}' is not a certification scheme we know")
    problem = dates_problem(valid_from, expires_on)
    if problem:
        raise ValidationFailed.for_field("expires_on", problem, code=ErrorCode.CERTIFICATION_DATES_INVALID)
    cert = Certification(
        organisation=organisation,
        scheme=scheme,
        reference=reference.strip(),
        valid_from=valid_from,
        expires_on=expires_on,
    )
    problems = FieldProblems()
    check_model_fields(cert, problems)
    problems.raise_if_any("The certification could not be recorded")
    cert.save()
    audit_record(
        actor=actor,
        action="certification.declared",
        obj=cert,
        organisation_id=organisation.pk,
        after=model_snapshot(cert, ["scheme", "reference", "valid_from", "expires_on"]),
    )
    return cert


certification_declare = service(_certification_declare)
