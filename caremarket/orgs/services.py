"""Changes to organisations, sites, certifications, people and memberships.

Each function checks permission, applies the rules, writes, and records its audit event
in the same transaction.
"""

import re
import secrets
from datetime import date, datetime, timedelta

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from caremarket.audit.services import audit_record
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import Conflict, NotFound, RuleViolation, ValidationFailed
from caremarket.core.models import model_snapshot
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.core.validation import FieldProblems, check_model_fields
from caremarket.orgs.choices import TYPES_BY_SECTOR, CertificationScheme, OrganisationType, Region
from caremarket.orgs.models import (
    ApiToken,
    CareSystem,
    Certification,
    Membership,
    Organisation,
    Person,
    Site,
    hash_token,
)
from caremarket.rules.certifications import dates_problem
from caremarket.rules.date_ranges import closing_date_range
from caremarket.rules.roles import ROLE_LABELS, Role, Sector, refusal_for_role

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


@service
def organisation_create(
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
    return _organisation_create(
        actor=actor,
        code=code,
        name=name,
        sector=sector,
        org_type=org_type,
        region=region,
        care_system=care_system,
        is_sme=is_sme,
        is_vcse=is_vcse,
        address=address,
        postcode=postcode,
        website=website,
        opened_on=opened_on,
        closed_on=closed_on,
    )


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


@service
def organisation_update(*, actor: Actor, organisation: Organisation, **changes) -> Organisation:
    return _organisation_update(actor=actor, organisation=organisation, **changes)


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


@service
def care_system_upsert(*, actor: Actor, code: str, name: str, region: str, ons_code: str = "") -> CareSystem:
    return _care_system_upsert(actor=actor, code=code, name=name, region=region, ons_code=ons_code)


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


@service
def certification_declare(
    *,
    actor: Actor,
    organisation: Organisation,
    scheme: str,
    valid_from: date,
    expires_on: date,
    reference: str = "",
) -> Certification:
    return _certification_declare(
        actor=actor,
        organisation=organisation,
        scheme=scheme,
        valid_from=valid_from,
        expires_on=expires_on,
        reference=reference,
    )


# --- People and memberships ------------------------------------------------------------


@service
def membership_grant(
    *,
    actor: Actor,
    organisation: Organisation,
    email: str,
    role: str,
    full_name: str = "",
    invite: bool = True,
) -> Membership:
    """Give a person a role in an organisation, inviting them first if they are new."""
    require(actor, "orgs.manage_people", organisation)
    refusal = refusal_for_role(role, organisation.sector)
    if refusal:
        raise RuleViolation(
            refusal, code=ErrorCode.ROLE_NOT_ALLOWED_FOR_SECTOR, details={"fields": {"role": [refusal]}}
        )
    person = _person_for_invitation(actor, email, full_name, invite)
    if Membership.objects.filter(person=person, organisation=organisation, role=role).exists():
        raise Conflict(
            f"{person.full_name} is already a {ROLE_LABELS[Role(role)].lower()} at {organisation.name}",
            code=ErrorCode.MEMBERSHIP_EXISTS,
        )
    membership = Membership.objects.create(
        person=person, organisation=organisation, role=role, granted_by=actor.person
    )
    audit_record(
        actor=actor,
        action="membership.granted",
        obj=membership,
        organisation_id=organisation.pk,
        after={"person": person.email, "role": role},
    )
    return membership


EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _check_new_person(email: str, full_name: str, job_title: str = "") -> None:
    problems = FieldProblems()
    problems.check(
        bool(EMAIL_PATTERN.match(email)),
        "email",
        "Enter an email address in the correct format, like name@example.nhs.uk",
    )
    problems.check(bool(full_name), "full_name", "Enter the person's full name")
    check_model_fields(
        Person(email=email, full_name=full_name, job_title=job_title), problems, exclude=["password"]
    )
    problems.raise_if_any("The person's details are not complete")


def _person_for_invitation(actor: Actor, email: str, full_name: str, invite: bool) -> Person:
    email = email.strip().lower()
    if not EMAIL_PATTERN.match(email):
        raise ValidationFailed.for_field(
            "email", "Enter an email address in the correct format, like name@example.nhs.uk"
        )
    person = Person.objects.filter(email=email).first()
    if person:
        return person
    _check_new_person(email, full_name.strip())
    person = Person.objects.create_user(email=email, password=None, full_name=full_name.strip())
    audit_record(
        actor=actor,
        action="person.invited",
        obj=person,
        after={"email": email, "full_name": person.full_name},
    )
    if invite:
        transaction.on_commit(lambda: _send_invitation(person))
    return person


def _send_invitation(person: Person) -> None:
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)
    link = reverse("web:set-password", args=[uid, token])
    send_mail(
        "You have been invited to Caremarket",
        f"Hello {person.full_name},\n\nSet your password to start using Caremarket: {link}\n",
        None,
        [person.email],
    )


@service
def membership_revoke(*, actor: Actor, organisation: Organisation, person_id: int, role: str) -> None:
    require(actor, "orgs.manage_people", organisation)
    membership = (
        Membership.objects.select_for_update()
        .select_related("person")
        .filter(person_id=person_id, organisation=organisation, role=role)
        .first()
    )
    if membership is None:
        raise NotFound(f"That person is not a {role.replace('_', ' ')} at {organisation.name}")
    person = membership.person
    if role == Role.ORG_ADMIN:
        admins = Membership.objects.select_for_update().filter(organisation=organisation, role=role)
        if admins.count() == 1:
            raise RuleViolation(
                f"{person.full_name} is the last administrator of {organisation.name}; "
                "make someone else an administrator first",
                code=ErrorCode.LAST_ADMINISTRATOR,
            )
    membership.delete()
    audit_record(
        actor=actor,
        action="membership.revoked",
        organisation_id=organisation.pk,
        object_type="orgs.membership",
        object_id=str(membership.pk),
        object_repr=f"{person} — {role} at {organisation}",
        before={"person": person.email, "role": role},
    )


@service
def person_register(
    *, actor: Actor, email: str, full_name: str, job_title: str = "", password: str | None = None
) -> Person:
    """Create a person directly (platform administrators; demo and migration of users)."""
    require(actor, "orgs.register_person")
    email = email.strip().lower()
    _check_new_person(email, full_name.strip(), job_title.strip())
    if Person.objects.filter(email=email).exists():
        raise Conflict(f"{email} already has an account")
    person = Person.objects.create_user(
        email=email, password=password, full_name=full_name.strip(), job_title=job_title.strip()
    )
    audit_record(
        actor=actor,
        action="person.registered",
        obj=person,
        after={"email": email, "full_name": person.full_name, "job_title": person.job_title},
    )
    return person


@service
def person_set_password(*, actor: Actor, person: Person, password: str) -> None:
    """Set a password (after an invitation or a reset). The caller has checked the link."""
    person.set_password(password)
    person.save(update_fields=["password"])
    audit_record(actor=actor, action="person.password_set", obj=person)


# --- API tokens --------------------------------------------------------------------------

TOKEN_PREFIX = "cm_"


@service
def api_token_create(*, actor: Actor, name: str, expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """A new personal token. The secret is returned once and never stored."""
    if actor.person is None:
        raise ValidationFailed("Only a signed-in person can have an API token")
    if not name.strip():
        raise ValidationFailed.for_field("name", "Enter a name for the token, like 'Finance reports'")
    if expires_at is not None and expires_at <= clock.now():
        raise ValidationFailed.for_field("expires_at", "The expiry must be in the future")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        person=actor.person,
        name=name.strip(),
        prefix=secret[:10],
        token_hash=hash_token(secret),
        expires_at=expires_at,
    )
    audit_record(
        actor=actor, action="api_token.created", obj=token, after={"name": token.name, "prefix": token.prefix}
    )
    return token, secret


@service
def api_token_revoke(*, actor: Actor, token_id: int) -> ApiToken:
    token = ApiToken.objects.select_for_update().filter(pk=token_id, person_id=actor.person_id).first()
    if token is None:
        raise NotFound("There is no such token of yours")
    if token.revoked_at is not None:
        raise Conflict("This token was already revoked", code=ErrorCode.TOKEN_REVOKED)
    token.revoked_at = clock.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action="api_token.revoked",
        obj=token,
        before={"revoked_at": None},
        after={"revoked_at": token.revoked_at},
    )
    return token


TOKEN_USE_RESOLUTION = timedelta(minutes=5)


@service
def api_token_used(*, token_id: int, last_used_at: datetime | None) -> None:
    """Note when a token was last used, to the nearest few minutes: bookkeeping rather than a
    change of state, so no audit event and no write on every request."""
    now = clock.now()
    if last_used_at is None or now - last_used_at > TOKEN_USE_RESOLUTION:
        ApiToken.objects.filter(pk=token_id).update(last_used_at=now)


# --- Sessions ----------------------------------------------------------------------------


@service
def person_signed_in(*, actor: Actor) -> None:
    audit_record(actor=actor, action="person.signed_in", obj=actor.person)


@service
def person_signed_out(*, actor: Actor) -> None:
    audit_record(actor=actor, action="person.signed_out", obj=actor.person)
