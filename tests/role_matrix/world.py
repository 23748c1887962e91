"""The world every role-matrix case runs in: an organisation of each kind and a person in
every role, so each route can be tried by each of them."""

import importlib
from dataclasses import dataclass, field

from caremarket.audit.models import AuditEvent
from caremarket.orgs import services
from caremarket.orgs.factories import SYSTEM, actor_for, make_certification, make_organisation, make_person
from caremarket.orgs.models import Organisation, Person
from caremarket.rules.roles import Role, Sector

# Each domain adds what its cases need to the world: a module with `build(world)`.
WORLD_BUILDERS = [
    "tests.role_matrix.world_agreements",
    "tests.role_matrix.world_catalogue",
    "tests.role_matrix.world_sourcing",
    "tests.role_matrix.world_competitions",
    "tests.role_matrix.world_competition_clubs",
    "tests.role_matrix.world_contracts",
    "tests.role_matrix.world_performance",
    "tests.role_matrix.world_continuity",
    "tests.role_matrix.world_transparency",
    "tests.role_matrix.world_selection",
    "tests.role_matrix.world_selection_urgent",
]

ANONYMOUS = "anonymous"
OTHER_ORG = "other_org"
BUYER_ROLES = [
    Role.BUYER,
    Role.PROCUREMENT_LEAD,
    Role.EVALUATOR,
    Role.APPROVER,
    Role.AGREEMENT_MANAGER,
    Role.ORG_ADMIN,
]
SUPPLIER_ROLES = [Role.SUPPLIER_USER, Role.ORG_ADMIN]

# Every kind of actor the matrix tries: nobody, a member of an unrelated organisation, a member
# of the owning buyer (B) or supplier (S) in each role, an auditor and a platform administrator.
ACTORS = [
    ANONYMOUS,
    OTHER_ORG,
    *[f"B:{r}" for r in BUYER_ROLES],
    *[f"S:{r}" for r in SUPPLIER_ROLES],
    "auditor",
    "platform_admin",
]


def actors(*names: str) -> frozenset[str]:
    unknown = set(names) - set(ACTORS)
    assert not unknown, f"unknown actors {unknown}"
    return frozenset(names)


EVERYONE = frozenset(ACTORS)
SIGNED_IN = EVERYONE - {ANONYMOUS}
PLATFORM = actors("auditor", "platform_admin")
ADMIN = actors("platform_admin")
B_MEMBERS = actors(*[f"B:{r}" for r in BUYER_ROLES])
S_MEMBERS = actors(*[f"S:{r}" for r in SUPPLIER_ROLES])


@dataclass
class World:
    buyer: Organisation
    supplier: Organisation
    other: Organisation
    platform: Organisation
    people: dict[str, Person] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    def actor(self, name: str):
        return actor_for(self.people[name])

    def event_about(self, organisation: Organisation) -> AuditEvent:
        return AuditEvent.objects.filter(organisation=organisation).order_by("seq").first()


def build_world(route: str = "") -> World:
    """The world for the case on `route` ("" builds everything). A builder module may define
    `needed_for(route) -> bool` to be skipped for the cases that do not use what it builds."""
    world = World(
        buyer=make_organisation(Sector.BUYER, code="MXB", name="Matrix Buyer ICB"),
        supplier=make_organisation(Sector.SUPPLIER, code="MXS", name="Matrix Supplier Ltd"),
        other=make_organisation(Sector.BUYER, code="MXO", name="Other Trust"),
        platform=make_organisation(Sector.PLATFORM, code="MXP", name="Matrix Platform"),
    )
    grants = {
        OTHER_ORG: [(world.other, Role.BUYER), (world.other, Role.ORG_ADMIN)],
        **{f"B:{r}": [(world.buyer, r)] for r in BUYER_ROLES},
        **{f"S:{r}": [(world.supplier, r)] for r in SUPPLIER_ROLES},
        "auditor": [(world.platform, Role.AUDITOR)],
        "platform_admin": [(world.platform, Role.PLATFORM_ADMIN)],
    }
    for name, roles in grants.items():
        person = make_person(email=f"{name.replace(':', '.')}@matrix.example", roles=roles)
        world.people[name] = person
        _, world.secrets[name] = services.api_token_create(actor=actor_for(person), name="matrix")
    services.site_add(actor=SYSTEM, organisation=world.buyer, code="MXB-1", name="Matrix House")
    services.care_system_upsert(actor=SYSTEM, code="QMX", name="Matrix ICS", region="east")
    make_certification(world.supplier)
    for module in WORLD_BUILDERS:
        builder = importlib.import_module(module)
        if route and not getattr(builder, "needed_for", lambda r: True)(route):
            continue
        builder.build(world)
    return world
