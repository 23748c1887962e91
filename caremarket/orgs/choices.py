"""The fixed vocabularies of organisations: regions, types and certification schemes."""

from django.db import models

from caremarket.rules.roles import ROLE_LABELS, Role, Sector


class Region(models.TextChoices):
    LONDON = "london", "London"
    SOUTH_WEST = "south_west", "South West"
    SOUTH_EAST = "south_east", "South East"
    MIDLANDS = "midlands", "Midlands"
    EAST = "east", "East of England"
    NORTH_WEST = "north_west", "North West"
    NORTH_EAST = "north_east", "North East and Yorkshire"
    NATIONAL = "national", "National"


# NHS England's region codes as the Organisation Data Service publishes them.
ODS_REGION_CODES = {
    "Y56": Region.LONDON,
    "Y58": Region.SOUTH_WEST,
    "Y59": Region.SOUTH_EAST,
    "Y60": Region.MIDLANDS,
    "Y61": Region.EAST,
    "Y62": Region.NORTH_WEST,
    "Y63": Region.NORTH_EAST,
}

SECTOR_CHOICES = [(s.value, s.value.title()) for s in Sector]


class OrganisationType(models.TextChoices):
    # Buyers
    ICB = "icb", "Integrated care board"
    SUB_ICB = "sub_icb", "Sub-ICB location"
    CCG = "ccg", "Clinical commissioning group"
    NHS_ENGLAND = "nhs_england", "NHS England"
    COMMISSIONING_HUB = "commissioning_hub", "Commissioning hub"
    TRUST = "trust", "NHS trust"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    GP_PRACTICE = "gp_practice", "GP practice"
    ALB = "alb", "Arm's-length body"
    OTHER_PUBLIC = "other_public", "Other public body"
    # Suppliers
    CSU = "csu", "Commissioning support unit"
    PRIVATE = "private", "Private company"
    VCSE = "vcse", "Voluntary, community or social enterprise"
    LA_PROVIDER = "la_provider", "Local authority provider"
    NHS_PROVIDER = "nhs_provider", "NHS trust provider"
    # The operator of the platform
    PLATFORM_OPERATOR = "platform_operator", "Platform operator"


TYPES_BY_SECTOR = {
    Sector.BUYER: {
        OrganisationType.ICB,
        OrganisationType.SUB_ICB,
        OrganisationType.CCG,
        OrganisationType.NHS_ENGLAND,
        OrganisationType.COMMISSIONING_HUB,
        OrganisationType.TRUST,
        OrganisationType.LOCAL_AUTHORITY,
        OrganisationType.GP_PRACTICE,
        OrganisationType.ALB,
        OrganisationType.OTHER_PUBLIC,
    },
    Sector.SUPPLIER: {
        OrganisationType.CSU,
        OrganisationType.PRIVATE,
        OrganisationType.VCSE,
        OrganisationType.LA_PROVIDER,
        OrganisationType.NHS_PROVIDER,
    },
    Sector.PLATFORM: {OrganisationType.PLATFORM_OPERATOR},
}


class CertificationScheme(models.TextChoices):
    DSPT = "dspt", "Data Security and Protection Toolkit"
    ISO_27001 = "iso_27001", "ISO/IEC 27001"
    CYBER_ESSENTIALS_PLUS = "cyber_essentials_plus", "Cyber Essentials Plus"
    DCB0129 = "dcb0129", "Clinical safety DCB0129 (manufacture)"
    DCB0160 = "dcb0160", "Clinical safety DCB0160 (deployment)"
    HSCN_COMPLIANCE = "hscn_compliance", "HSCN compliance"
    INTEROPERABILITY = "interoperability", "Interoperability standards"
    ISO_9001 = "iso_9001", "ISO 9001"


ROLE_CHOICES = [(r.value, ROLE_LABELS[r]) for r in Role]
