"""Test data built through the services, so every record has its audit trail."""

import itertools
from datetime import timedelta

from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.orgs import services
from caremarket.orgs.choices import CertificationScheme, OrganisationType, Region
from caremarket.orgs.models import Organisation, Person
from caremarket.orgs.selectors import build_actor
from caremarket.rules.roles import Sector

SYSTEM = Actor.system("factories")
_numbers = itertools.count(1)

DEFAULT_TYPE = {
    Sector.BUYER: OrganisationType.ICB,
    Sector.SUPPLIER: OrganisationType.PRIVATE,
    Sector.PLATFORM: OrganisationType.PLATFORM_OPERATOR,
}


def make_organisation(
    sector: str = Sector.BUYER, *, code: str = "", name: str = "", **fields
) -> Organisation:
    number = next(_numbers)
    fields.setdefault("org_type", DEFAULT_TYPE[Sector(sector)])
    fields.setdefault("region", Region.EAST)
    return services.organisation_create(
        actor=SYSTEM,
        code=code or f"T{number:04d}",
        name=name or f"Test {sector} {number}",
        sector=sector,
        **fields,
    )


def make_person(
    *, email: str = "", full_name: str = "", roles: list[tuple[Organisation, str]] = ()
) -> Person:
    number = next(_numbers)
    email = email or f"person{number}@example.nhs.uk"
    person = services.person_register(
        actor=SYSTEM, email=email, full_name=full_name or f"Person {number}", password="a-long-test-password"
    )
    for organisation, role in roles:
        services.membership_grant(
            actor=SYSTEM, organisation=organisation, email=email, role=role, invite=False
        )
    return person


def actor_for(person: Person, organisation: Organisation | None = None) -> Actor:
    return build_actor(person, organisation.pk if organisation else None)


def make_certification(
    organisation: Organisation, scheme: str = CertificationScheme.DSPT, *, days_left: int = 200
):
    expires = clock.today() + timedelta(days=days_left)
    return services.certification_declare(
        actor=SYSTEM,
        organisation=organisation,
        scheme=scheme,
        valid_from=expires - timedelta(days=365),
        expires_on=expires,
    )
