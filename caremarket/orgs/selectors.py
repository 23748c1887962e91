"""Reads about organisations and people, each scoped to what the actor may see."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.errors import NotFound
from caremarket.core.permissions import require
from caremarket.orgs.models import ApiToken, CareSystem, Membership, Organisation, Person
from caremarket.rules.roles import PLATFORM_ROLES, Sector


def build_actor(person: Person | None, organisation_id: int | None = None) -> Actor:
    """The actor for a signed-in person, with every role they hold, in one query."""
    if person is None or not person.is_active:
        return Actor.anonymous()
    roles_by_org: dict[int, set[str]] = defaultdict(set)
    platform_roles: set[str] = set()
    rows = Membership.objects.filter(person=person).values_list(
        "organisation_id", "role", "organisation__sector"
    )
    for org_id, role, sector in rows:
        roles_by_org[org_id].add(role)
        if sector == Sector.PLATFORM and role in PLATFORM_ROLES:
            platform_roles.add(role)
    if organisation_id not in roles_by_org:
        organisation_id = min(roles_by_org) if roles_by_org else None
    return Actor(
        person=person,
        label=person.email,
        roles_by_org={org: frozenset(roles) for org, roles in roles_by_org.items()},
        platform_roles=frozenset(platform_roles),
        organisation_id=organisation_id,
    )


@dataclass(frozen=True)
class DirectoryFilters:
    q: str = ""
    sector: str = ""
    region: str = ""
    org_type: str = ""
    include_closed: bool = False


def organisations_for_actor(actor: Actor, filters: DirectoryFilters | None = None) -> QuerySet[Organisation]:
    require(actor, "orgs.view_directory")
    f = filters or DirectoryFilters()
    orgs = Organisation.objects.select_related("care_system").order_by("name", "id")
    if f.q:
        orgs = orgs.filter(Q(name__icontains=f.q) | Q(code__iexact=f.q) | Q(postcode__istartswith=f.q))
    if f.sector:
        orgs = orgs.filter(sector=f.sector)
    if f.region:
        orgs = orgs.filter(region=f.region)
    if f.org_type:
        orgs = orgs.filter(org_type=f.org_type)
    if not f.include_closed:
        orgs = orgs.filter(Q(closed_on__isnull=True) | Q(closed_on__gte=clock.today()))
    return orgs


def organisation_for_actor(actor: Actor, code: str) -> Organisation:
    require(actor, "orgs.view_organisation")
    org = Organisation.objects.select_related("care_system").filter(code__iexact=code).first()
    if org is None:
        raise NotFound(f"There is no organisation with the code {code}")
    return org


def organisations_of_actor(actor: Actor) -> list[Organisation]:
    """The organisations the actor belongs to, for the organisation switcher."""
    return list(Organisation.objects.filter(pk__in=actor.organisation_ids).order_by("name"))


@dataclass(frozen=True)
class MemberRow:
    person: Person
    roles: list[str]


def members_for_actor(actor: Actor, organisation: Organisation) -> list[MemberRow]:
    require(actor, "orgs.view_people", organisation)
    by_person: dict[int, MemberRow] = {}
    memberships = (
        Membership.objects.filter(organisation=organisation)
        .select_related("person")
        .order_by("person__full_name", "role")
    )
    for m in memberships:
        row = by_person.setdefault(m.person_id, MemberRow(person=m.person, roles=[]))
        row.roles.append(m.role)
    return list(by_person.values())


def person_for_actor(actor: Actor, person_id: int) -> Person:
    person = (
        Person.objects.filter(pk=person_id)
        .prefetch_related(Prefetch("memberships", queryset=Membership.objects.select_related("organisation")))
        .first()
    )
    if person is None:
        raise NotFound(f"There is no person with the id {person_id}")
    require(actor, "orgs.view_person", person, message="You cannot see this person")
    return person


def memberships_of_person(person: Person) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(person=person)
        .select_related("organisation")
        .order_by("organisation__name", "role")
    )


def tokens_for_actor(actor: Actor) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(person_id=actor.person_id).order_by("-created_at")


def care_systems() -> QuerySet[CareSystem]:
    return CareSystem.objects.order_by("name")
