"""People and memberships, invitations, passwords and sign-ins."""

import re

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from caremarket.audit.services import audit_record
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import Conflict, NotFound, RuleViolation, ValidationFailed
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.core.validation import FieldProblems, check_model_fields
from caremarket.orgs.models import (
    Membership,
    Organisation,
    Person,
)
from caremarket.rules.roles import ROLE_LABELS, Role, refusal_for_role

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


# --- Sessions ----------------------------------------------------------------------------


@service
def person_signed_in(*, actor: Actor) -> None:
    audit_record(actor=actor, action="person.signed_in", obj=actor.person)


@service
def person_signed_out(*, actor: Actor) -> None:
    audit_record(actor=actor, action="person.signed_out", obj=actor.person)
