"""Reads about organisations and people, each scoped to what the actor may see."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.dateparse import parse_datetime
from django.utils.functional import SimpleLazyObject

from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.errors import NotFound
from caremarket.core.permissions import require
from caremarket.orgs.models import ApiToken, CareSystem, Membership, Organisation, Person, hash_token
from caremarket.rules.roles import PLATFORM_ROLES, Sector


def build_actor(person: Person | None, organisation_id: int | None = None) -> Actor:
    """The actor for a signed-in person, with every role they hold, in one query."""
    if person is None or not person.is_active:
        return Actor.anonymous()
    return actor_for_person_id(person.pk, person.email, organisation_id, person=person)


# One query for everything an API request needs to know about its token's holder: the hottest
# query on the platform, so written once by hand rather than composed by the ORM on every call.
TOKEN_HOLDER_SQL = """
SELECT t.id, t.person_id, p.email, t.expires_at, t.last_used_at, m.organisation_id, m.role, o.sector
FROM orgs_apitoken t
JOIN orgs_person p ON p.id = t.person_id
LEFT JOIN orgs_membership m ON m.person_id = t.person_id
LEFT JOIN orgs_organisation o ON o.id = m.organisation_id
WHERE t.token_hash = %s AND t.revoked_at IS NULL AND p.is_active
"""


@dataclass(frozen=True)
class TokenUse:
    token_id: int
    last_used_at: datetime | None
    actor: Actor


def actor_for_api_token(secret: str, organisation_id: int | None = None) -> TokenUse | None:
    """The actor holding a presented token, or None when it is unknown, revoked or expired."""
    with connection.cursor() as cursor:
        cursor.execute(TOKEN_HOLDER_SQL, [hash_token(secret)])
        rows = cursor.fetchall()
    if not rows:
        return None
    token_id, person_id, email, expires_at, last_used_at = rows[0][:5]
    expires_at, last_used_at = _aware(expires_at), _aware(last_used_at)
    if expires_at is not None and expires_at <= clock.now():
        return None
    memberships = [(org, role, sector) for *_, org, role, sector in rows if org is not None]
    return TokenUse(token_id, last_used_at, _actor(person_id, email, organisation_id, memberships))


def _aware(value) -> datetime | None:
    # A raw row holds what the database returned: SQLite gives UTC without a zone (or text).
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_datetime(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def actor_for_person_id(
    person_id: int, label: str, organisation_id: int | None = None, *, person: Person | None = None
) -> Actor:
    """The actor for a person known by id; the Person row itself loads only if used."""
    rows = Membership.objects.filter(person_id=person_id).values_list(
        "organisation_id", "role", "organisation__sector"
    )
    return _actor(person_id, label, organisation_id, rows, person=person)


def _actor(person_id, label, organisation_id, memberships, *, person=None) -> Actor:
    roles_by_org: dict[int, set[str]] = defaultdict(set)
    platform_roles: set[str] = set()
    for org_id, role, sector in memberships:
        roles_by_org[org_id].add(role)
        if sector == Sector.PLATFORM and role in PLATFORM_ROLES:
            platform_roles.add(role)
    if organisation_id not in roles_by_org:
        organisation_id = min(roles_by_org) if roles_by_org else None
    return Actor(
        person=person if person is not None else SimpleLazyObject(lambda: Person.objects.get(pk=person_id)),
        label=label,
        roles_by_org={org: frozenset(roles) for org, roles in roles_by_org.items()},
        platform_roles=frozenset(platform_roles),
        organisation_id=organisation_id,
        person_id=person_id,
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


def organisation_id_for_code(code: str) -> int | None:
    """The id of the organisation with this code (in any case), or None: for the API's
    acting-organisation header, read before the actor is known."""
    return Organisation.objects.filter(code__iexact=code.strip()).values_list("pk", flat=True).first()


def organisation_for_actor(actor: Actor, code: str) -> Organisation:
    require(actor, "orgs.view_organisation")
    org = Organisation.objects.select_related("care_system").filter(code__iexact=code).first()
    if org is None:
        raise NotFound(f"There is no organisation with the code {code}")
    return org


def acting_organisation(actor: Actor, *, sector: str | None = None) -> Organisation | None:
    """The organisation the actor is acting for now, if any (and if of `sector`, when given)."""
    if actor.organisation_id is None:
        return None
    found = Organisation.objects.filter(pk=actor.organisation_id)
    return (found.filter(sector=sector) if sector else found).first()


def organisation_by_code(code: str, *, sector: str | None = None) -> Organisation | None:
    """The organisation with this code (in any case), or None: for naming another party to a
    record, which may be any organisation on the platform (of `sector`, when given)."""
    found = Organisation.objects.filter(code__iexact=(code or "").strip())
    return (found.filter(sector=sector) if sector else found).first()


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


def sites_of(organisation: Organisation) -> list:
    """The organisation's sites, by code."""
    return list(organisation.sites.order_by("code"))


def site_codes(organisation: Organisation) -> list[str]:
    return list(organisation.sites.order_by("code").values_list("code", flat=True))


def site_by_code(organisation: Organisation, code: str):
    """The organisation's site with this code (in any case), or None."""
    return organisation.sites.filter(code__iexact=code).first()


def site_rows(organisation: Organisation) -> list:
    """The organisation's sites, as the organisation page and the API list them."""
    return list(organisation.sites.all())


def certifications_of(organisation: Organisation) -> list:
    return list(organisation.certifications.all())


def roles_in(person: Person, organisation: Organisation) -> list[str]:
    """The roles the person holds in the organisation."""
    return list(person.memberships.filter(organisation=organisation).values_list("role", flat=True))


def person_memberships(person: Person) -> list[Membership]:
    return list(person.memberships.all())


def directory_page(
    actor: Actor, filters: DirectoryFilters, *, page: int, size: int, fields
) -> tuple[list, int]:
    """One page of the directory as rows of `fields`, and how many organisations match."""
    orgs = organisations_for_actor(actor, filters)
    return list(orgs.values(*fields)[(page - 1) * size : page * size]), orgs.count()


def person_for_password_link(person_id: int) -> Person | None:
    """The person a set-password link names (the view checks the link's token), or None."""
    return Person.objects.filter(pk=person_id).first()


def organisation_summary(actor: Actor, organisation: Organisation) -> dict:
    """What the home page says about the actor's own organisation."""
    if organisation.pk not in actor.organisation_ids:
        raise NotFound(f"There is no organisation with the code {organisation.code}")
    summary = {
        "people": organisation.memberships.values("person").distinct().count(),
        "sites": organisation.sites.count(),
    }
    if organisation.sector == Sector.SUPPLIER:
        summary["certifications"] = list(organisation.certifications.all())
    return summary


def platform_counts(actor: Actor) -> list[tuple[str, int]]:
    """Organisations by sector and active people, for the platform's own people."""
    if not actor.sees_everything:
        return []
    by_sector = dict(Organisation.objects.values_list("sector").annotate(n=Count("id")))
    return [
        ("Buyer organisations", by_sector.get(Sector.BUYER, 0)),
        ("Supplier organisations", by_sector.get(Sector.SUPPLIER, 0)),
        ("People", Person.objects.filter(is_active=True).count()),
    ]
