"""The demo world's organisations, sites, certifications and people (one per role)."""

from datetime import timedelta
from pathlib import Path

from caremarket.core import clock
from caremarket.demo.registry import DEMO_PASSWORD, DemoWorld, SignIn, demo_loader
from caremarket.orgs import services
from caremarket.orgs.choices import CertificationScheme as Cert
from caremarket.orgs.choices import OrganisationType as T
from caremarket.orgs.choices import Region
from caremarket.orgs.models import CareSystem, Organisation
from caremarket.orgs.ods_import import import_organisations
from caremarket.rules.roles import ROLE_LABELS, Role, Sector

DATA_DIR = Path(__file__).parent / "data"

# (file in ../shared/reference/nhs-orgs, fallback file here), in the order they must load.
NHS_LISTS = [
    ("icb_names_codes_dec_2024.csv", "icbs.csv"),
    ("etr.csv", "trusts.csv"),
    ("eccg.csv", "commissioners.csv"),
]

OTHER_BUYERS = [
    # key, code, name, type, region, care system
    ("nhse", "X24", "NHS England", T.NHS_ENGLAND, Region.NATIONAL, ""),
    ("nhsd", "X26", "NHS Digital", T.ALB, Region.NATIONAL, ""),
    ("ccs", "CCS", "Crown Commercial Service", T.OTHER_PUBLIC, Region.NATIONAL, ""),
    ("suffolk_cc", "E10000029", "Suffolk County Council", T.LOCAL_AUTHORITY, Region.EAST, "QJG"),
    ("practice", "D83012", "Orchard House Surgery", T.GP_PRACTICE, Region.EAST, "QJG"),
    ("police", "SUFPOL", "Suffolk Constabulary", T.OTHER_PUBLIC, Region.EAST, "QJG"),
]

SUPPLIERS = [
    # key, code, name, type, region, sme, vcse, certifications (scheme, months until expiry)
    (
        "anglia_csu",
        "0AN",
        "Anglia Commissioning Support Unit",
        T.CSU,
        Region.EAST,
        False,
        False,
        [(Cert.DSPT, 8), (Cert.ISO_27001, 20), (Cert.CYBER_ESSENTIALS_PLUS, 5)],
    ),
    (
        "pennine_csu",
        "0PN",
        "Pennine Commissioning Support Unit",
        T.CSU,
        Region.NORTH_WEST,
        False,
        False,
        [(Cert.DSPT, 10), (Cert.ISO_27001, 14)],
    ),
    (
        "northway",
        "S1001",
        "Northway Networks Ltd",
        T.PRIVATE,
        Region.NATIONAL,
        False,
        False,
        [(Cert.HSCN_COMPLIANCE, 18), (Cert.ISO_27001, 22), (Cert.CYBER_ESSENTIALS_PLUS, 9), (Cert.DSPT, 7)],
    ),
    (
        "brightline",
        "S1002",
        "Brightline Connect Ltd",
        T.PRIVATE,
        Region.SOUTH_WEST,
        True,
        False,
        [(Cert.HSCN_COMPLIANCE, 12), (Cert.CYBER_ESSENTIALS_PLUS, 1), (Cert.DSPT, 6)],
    ),
    (
        "meridian",
        "S1003",
        "Meridian Health Networks plc",
        T.PRIVATE,
        Region.NATIONAL,
        False,
        False,
        [(Cert.HSCN_COMPLIANCE, 24), (Cert.ISO_27001, 30), (Cert.DSPT, 11)],
    ),
    (
        "castlegate",
        "S1004",
        "Castlegate Digital Ltd",
        T.PRIVATE,
        Region.NORTH_EAST,
        True,
        False,
        [(Cert.HSCN_COMPLIANCE, 9), (Cert.DSPT, -2)],
    ),
    (
        "albion",
        "S1005",
        "Albion Data Services Ltd",
        T.PRIVATE,
        Region.MIDLANDS,
        True,
        False,
        [(Cert.HSCN_COMPLIANCE, 15), (Cert.ISO_27001, 12), (Cert.DSPT, 8)],
    ),
    (
        "harbour",
        "S1006",
        "Harbour Analytics Ltd",
        T.PRIVATE,
        Region.LONDON,
        True,
        False,
        [(Cert.DSPT, 9), (Cert.CYBER_ESSENTIALS_PLUS, 6)],
    ),
    (
        "fenwick",
        "S1007",
        "Fenwick Healthcare Consulting LLP",
        T.PRIVATE,
        Region.NATIONAL,
        False,
        False,
        [(Cert.DSPT, 10), (Cert.ISO_9001, 16)],
    ),
    (
        "greenfield",
        "S1008",
        "Greenfield Clinical Systems Ltd",
        T.PRIVATE,
        Region.NATIONAL,
        False,
        False,
        [(Cert.DSPT, 9), (Cert.DCB0129, 20), (Cert.INTEROPERABILITY, 14), (Cert.ISO_27001, 18)],
    ),
    ("community_voice", "V2001", "Community Voice CIC", T.VCSE, Region.EAST, True, True, [(Cert.DSPT, 7)]),
    ("together", "V2002", "Together for Health", T.VCSE, Region.MIDLANDS, True, True, [(Cert.DSPT, 4)]),
    (
        "norfolk_shared",
        "L3001",
        "Norfolk Shared Business Services",
        T.LA_PROVIDER,
        Region.EAST,
        False,
        False,
        [(Cert.DSPT, 12), (Cert.ISO_27001, 10)],
    ),
]

SITES = {
    "QJG": [
        ("QJG-END", "Endeavour House", "Russell Road, Ipswich", "IP1 2BX"),
        ("QJG-WSH", "West Suffolk House", "Western Way, Bury St Edmunds", "IP33 3YU"),
        ("QJG-ROW", "Rowan House", "33 Sheepen Road, Colchester", "CO3 3WG"),
    ],
    "RGR": [
        ("RGR01", "West Suffolk Hospital", "Hardwick Lane, Bury St Edmunds", "IP33 2QZ"),
        ("RGR02", "Newmarket Community Hospital", "Exning Road, Newmarket", "CB8 7JG"),
    ],
    "D83012": [("D83012", "Orchard House Surgery", "12 Orchard Street, Ipswich", "IP4 2PU")],
}

PEOPLE = [
    # key, email, name, job title, [(org code, role), ...], note for the sign-in table
    (
        "buyer",
        "buyer@caremarket.example",
        "Priya Shah",
        "Digital commissioning manager",
        [("QJG", Role.BUYER)],
        "",
    ),
    (
        "lead",
        "lead@caremarket.example",
        "Tom Okafor",
        "Head of procurement",
        [("QJG", Role.PROCUREMENT_LEAD), ("QJG", Role.ORG_ADMIN), ("RGR", Role.BUYER)],
        "also organisation administrator; belongs to two organisations",
    ),
    (
        "evaluator",
        "evaluator@caremarket.example",
        "Grace Lin",
        "Clinical lead",
        [("QJG", Role.EVALUATOR)],
        "",
    ),
    (
        "approver",
        "approver@caremarket.example",
        "Martin Hughes",
        "Chief finance officer",
        [("QJG", Role.APPROVER)],
        "",
    ),
    (
        "manager",
        "manager@caremarket.example",
        "Aisha Bello",
        "Category manager, health",
        [("CCS", Role.AGREEMENT_MANAGER), ("CCS", Role.ORG_ADMIN)],
        "",
    ),
    (
        "england_manager",
        "england.manager@caremarket.example",
        "Rhys Morgan",
        "Commercial manager, national frameworks",
        [("X24", Role.AGREEMENT_MANAGER)],
        "runs ACS-STP-DPF and CS-LPF and their annual reviews",
    ),
    (
        "supplier",
        "supplier@caremarket.example",
        "Dan Whitfield",
        "Public sector bid manager",
        [("S1001", Role.SUPPLIER_USER), ("S1001", Role.ORG_ADMIN)],
        "",
    ),
    (
        "practice",
        "practice@caremarket.example",
        "Ellen Marsh",
        "Practice manager",
        [("D83012", Role.BUYER)],
        "a GP practice: chooses its foundation solution, asks to use its own systems",
    ),
    (
        "auditor",
        "auditor@caremarket.example",
        "Helen Carter",
        "Internal auditor",
        [("CM001", Role.AUDITOR)],
        "",
    ),
    (
        "admin",
        "admin@caremarket.example",
        "Sam Patel",
        "Platform administrator",
        [("CM001", Role.PLATFORM_ADMIN), ("CM001", Role.ORG_ADMIN)],
        "",
    ),
]


@demo_loader(order=10)
def organisations_and_people(world: DemoWorld) -> None:
    actor = world.actor
    world.orgs["platform"] = world.orgs["CM001"] = services.organisation_create(
        actor=actor,
        code="CM001",
        name="Caremarket platform",
        sector=Sector.PLATFORM,
        org_type=T.PLATFORM_OPERATOR,
        region=Region.NATIONAL,
    )
    _import_nhs_lists(world)
    _other_buyers(world)
    _suppliers(world)
    _sites(world)
    _people(world)


def _import_nhs_lists(world: DemoWorld) -> None:
    source = world.reference_dir / "nhs-orgs"
    for reference_name, fallback_name in NHS_LISTS:
        path = source / reference_name if (source / reference_name).exists() else DATA_DIR / fallback_name
        result = import_organisations(path, actor=world.actor)
        world.say(f"  {path.name}: {result.created} organisations")
    for org in Organisation.objects.filter(sector=Sector.BUYER):
        world.orgs[org.code] = org


def _other_buyers(world: DemoWorld) -> None:
    for key, code, name, org_type, region, system in OTHER_BUYERS:
        world.orgs[key] = world.orgs[code] = services.organisation_create(
            actor=world.actor,
            code=code,
            name=name,
            sector=Sector.BUYER,
            org_type=org_type,
            region=region,
            care_system=CareSystem.objects.filter(code=system).first(),
        )


def _suppliers(world: DemoWorld) -> None:
    today = clock.today()
    for key, code, name, org_type, region, sme, vcse, certs in SUPPLIERS:
        org = services.organisation_create(
            actor=world.actor,
            code=code,
            name=name,
            sector=Sector.SUPPLIER,
            org_type=org_type,
            region=region,
            is_sme=sme,
            is_vcse=vcse,
        )
        world.orgs[key] = world.orgs[code] = org
        for number, (scheme, months) in enumerate(certs, start=1):
            expires = today + timedelta(days=30 * months)
            services.certification_declare(
                actor=world.actor,
                organisation=org,
                scheme=scheme,
                reference=f"{code}-{scheme.upper()}-{number:02d}",
                # Certificates run for up to three years: each started before today.
                valid_from=min(expires - timedelta(days=365), today - timedelta(days=30)),
                expires_on=expires,
            )


def _sites(world: DemoWorld) -> None:
    for code, sites in SITES.items():
        for site_code, name, address, postcode in sites:
            services.site_add(
                actor=world.actor,
                organisation=world.orgs[code],
                code=site_code,
                name=name,
                address=address,
                postcode=postcode,
            )


def _people(world: DemoWorld) -> None:
    for key, email, name, title, grants, note in PEOPLE:
        person = services.person_register(
            actor=world.actor, email=email, full_name=name, job_title=title, password=DEMO_PASSWORD
        )
        world.people[key] = person
        for code, role in grants:
            services.membership_grant(
                actor=world.actor, organisation=world.orgs[code], email=email, role=role, invite=False
            )
        first_code, first_role = grants[0]
        world.sign_ins.append(SignIn(ROLE_LABELS[first_role], email, world.orgs[first_code].name, note))
