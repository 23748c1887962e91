"""The demo world's Most Suitable Provider process: Suffolk NHS community services (seed 004).

The Ipswich & East Suffolk and West Suffolk commissioners (today the ICB's sub-ICB locations 06L
and 07K) chose the Most Suitable Provider process for the county's community services, for a
term of 8 to 10 years, with the existing system providers. Those providers are public bodies
that also buy, so each acts on Caremarket through its provider organisation: a supplier-sector
organisation with its own code (the ODS code and "-P"), whose people are apart from the body's
buyers. They formed two alliances, East and West, each led by its area's trust, the county-wide
providers being members of both.

The process is built through the services to gateway 1 "progress" a week ago: letters of
commitment, the notice to the market, five dialogue sessions, the written submissions, the
panel's ratings, the moderation (partially assured overall, children's services not assured)
and the decision to progress with the seed's five themes for stage 2.
"""

from datetime import timedelta

from caremarket.core import clock
from caremarket.demo.registry import DEMO_PASSWORD, DemoWorld, SignIn, demo_loader
from caremarket.orgs import services as org_services
from caremarket.orgs.choices import OrganisationType as T
from caremarket.orgs.choices import Region
from caremarket.orgs.models import CareSystem
from caremarket.orgs.selectors import build_actor
from caremarket.rules import provider_assessment as pa
from caremarket.rules.roles import ROLE_LABELS, Role, Sector
from caremarket.selection.demo_mcp import MSP_FACTS, build_suffolk_msp, suffolk_facts
from caremarket.selection.services import psr as psr_services

# The commissioners: the former Ipswich & East Suffolk CCG (06L, the lead) and West Suffolk CCG
# (07K), today sub-ICB locations of NHS Suffolk and North East Essex ICB.
COMMISSIONERS = ("06L", "07K")

PROVIDERS = [
    # seed name, code, type, care system, SME, VCSE
    ("The Ipswich Hospital NHS Trust", "RGQ-P", T.NHS_PROVIDER, "QJG", False, False),
    ("West Suffolk NHS Foundation Trust", "RGR-P", T.NHS_PROVIDER, "QJG", False, False),
    ("Norfolk and Suffolk NHS Foundation Trust", "RMY-P", T.NHS_PROVIDER, "QMM", False, False),
    ("Suffolk County Council", "E10000029-P", T.LA_PROVIDER, "QJG", False, False),
    # A GP federation owned by the county's practices, a community interest company.
    ("Suffolk GP Federation", "SGPF", T.VCSE, "QJG", True, True),
]

PEOPLE = [
    # key, email, name, job title, [(org code, role), ...], note for the sign-in table
    (
        "suffolk_lead",
        "suffolk.lead@caremarket.example",
        "Joanne Reeve",
        "Chief contracts officer, Ipswich & East Suffolk and West Suffolk",
        [("06L", Role.PROCUREMENT_LEAD), ("07K", Role.PROCUREMENT_LEAD)],
        "runs the Suffolk community services Most Suitable Provider process (stage 2)",
    ),
    (
        "east_panel",
        "east.panel@caremarket.example",
        "Marcus Ellery",
        "Head of community commissioning, Ipswich & East Suffolk",
        [("06L", Role.EVALUATOR)],
        "on the Suffolk community services assessment panel",
    ),
    (
        "west_panel",
        "west.panel@caremarket.example",
        "Nadia Karim",
        "Children's services commissioning lead, West Suffolk",
        [("07K", Role.EVALUATOR)],
        "on the Suffolk community services assessment panel",
    ),
    (
        "east_provider",
        "ipswich.provider@caremarket.example",
        "Owen Pryce",
        "Director of integration, The Ipswich Hospital (provider)",
        [("RGQ-P", Role.SUPPLIER_USER)],
        "the East Suffolk alliance's lead provider",
    ),
    (
        "west_provider",
        "westsuffolk.provider@caremarket.example",
        "Claire Danvers",
        "Director of community services, West Suffolk (provider)",
        [("RGR-P", Role.SUPPLIER_USER)],
        "the West Suffolk alliance's lead provider",
    ),
    (
        "gpfed_provider",
        "gpfed.provider@caremarket.example",
        "Ravi Menon",
        "Operations director, Suffolk GP Federation",
        [("SGPF", Role.SUPPLIER_USER)],
        "a member of both Suffolk alliances",
    ),
]

DESCRIPTION = (
    "Community services for adults and children across Ipswich and East Suffolk and West Suffolk: "
    "the proactive, reactive and children's services, delivered by integrated teams in the "
    "county's 13 localities, for a term of 8 to 10 years."
)
# Days before today gateway 1 was decided; the process was started this long before it.
GATEWAY1_DAYS_AGO = 7
STARTED_BEFORE_GATEWAY1 = 160


@demo_loader(order=85)
def selection_suffolk(world: DemoWorld) -> None:
    providers = _providers(world)
    _people(world)
    case = pa.suffolk_case()
    east, west = (world.orgs[code] for code in COMMISSIONERS)
    lead = build_actor(world.people["suffolk_lead"], east.pk)
    facts = suffolk_facts()
    with clock.shifted(timedelta(days=GATEWAY1_DAYS_AGO + STARTED_BEFORE_GATEWAY1)):
        process = psr_services.selection_start(
            actor=lead,
            lead_commissioner=east,
            commissioners=[east, west],
            title=facts["title"],
            description=DESCRIPTION,
            term_min_months=facts["term_min_months"],
            term_max_months=facts["term_max_months"],
        )
        process = psr_services.selection_choose(
            actor=lead, selection=process, facts=MSP_FACTS, process="most_suitable_provider"
        )
    by_alliance = {"East Suffolk alliance": "east_provider", "West Suffolk alliance": "west_provider"}
    process = build_suffolk_msp(
        actor=lead,
        process=process,
        providers=providers,
        provider_people={a.name: world.people[by_alliance[a.name]] for a in case.alliances},
        panel=[world.people["east_panel"], world.people["west_panel"]],
        gateway1_days_ago=GATEWAY1_DAYS_AGO,
    )
    world.orgs["suffolk_msp"] = process
    world.say(
        f"  {process.reference}: {process.title}, Most Suitable Provider process at stage 2 "
        f"(gateway 1 progress, two alliances, {len(case.providers)} providers)"
    )


def _providers(world: DemoWorld) -> dict:
    """The seed's five providers as provider organisations, by the seed's names."""
    by_name = {}
    for name, code, org_type, system, sme, vcse in PROVIDERS:
        org = org_services.organisation_create(
            actor=world.actor,
            code=code,
            name=name,
            sector=Sector.SUPPLIER,
            org_type=org_type,
            region=Region.EAST,
            care_system=CareSystem.objects.filter(code=system).first(),
            is_sme=sme,
            is_vcse=vcse,
        )
        world.orgs[code] = by_name[name] = org
    return by_name


def _people(world: DemoWorld) -> None:
    for key, email, name, title, grants, note in PEOPLE:
        world.people[key] = org_services.person_register(
            actor=world.actor, email=email, full_name=name, job_title=title, password=DEMO_PASSWORD
        )
        for code, role in grants:
            org_services.membership_grant(
                actor=world.actor, organisation=world.orgs[code], email=email, role=role, invite=False
            )
        first_code, first_role = grants[0]
        world.sign_ins.append(SignIn(ROLE_LABELS[first_role], email, world.orgs[first_code].name, note))
