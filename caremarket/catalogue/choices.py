"""The catalogue's vocabularies as Django choices over the pure rules."""

from django.db import models

from caremarket.orgs.choices import CertificationScheme, OrganisationType, Region
from caremarket.rules.catalogue import (
    BASIS_LABELS,
    CATEGORIES,
    CHARGE_LABELS,
    GROUP_LABELS,
    UNIT_LABELS,
    VERSION_LABELS,
    Basis,
    Charge,
    Unit,
    VersionStatus,
)

CATEGORY_CHOICES = [(code, label) for code, (_, label) in CATEGORIES.items()]
CATEGORY_GROUPS = [
    (GROUP_LABELS[group], [(code, label) for code, (g, label) in CATEGORIES.items() if g == group])
    for group in GROUP_LABELS
]
UNIT_CHOICES = [(u.value, UNIT_LABELS[u].capitalize()) for u in Unit]
CHARGE_CHOICES = [(c.value, CHARGE_LABELS[c].capitalize()) for c in Charge]
BASIS_CHOICES = [(b.value, BASIS_LABELS[b]) for b in Basis]
VERSION_STATUS_CHOICES = [(s.value, VERSION_LABELS[s].capitalize()) for s in VersionStatus]
REGION_CHOICES = Region.choices
SUPPLIER_TYPE_CHOICES = [
    (t.value, t.label)
    for t in (
        OrganisationType.CSU,
        OrganisationType.PRIVATE,
        OrganisationType.VCSE,
        OrganisationType.LA_PROVIDER,
        OrganisationType.NHS_PROVIDER,
    )
]
CERTIFICATION_CHOICES = CertificationScheme.choices

# Small integer codes for the search's in-memory columns: bit positions and indexes.
REGION_BITS = {code: 1 << index for index, (code, _) in enumerate(REGION_CHOICES)}
NATIONAL_BIT = REGION_BITS[Region.NATIONAL]
CERT_BITS = {code: 1 << index for index, (code, _) in enumerate(CERTIFICATION_CHOICES)}
CATEGORY_INDEX = {code: index for index, (code, _) in enumerate(CATEGORY_CHOICES)}
SUPPLIER_TYPE_INDEX = {code: index for index, (code, _) in enumerate(SUPPLIER_TYPE_CHOICES)}
UNIT_INDEX = {u.value: index for index, u in enumerate(Unit)}


class Specialism(models.TextChoices):
    PROCUREMENT = "procurement", "Procurement advice and mentoring"
    COMMISSIONING_STRATEGY = "commissioning_strategy", "Commissioning support strategy"
    MARKET_ENGAGEMENT = "market_engagement", "Market engagement"
    CONTRACT_MANAGEMENT = "contract_management", "Contract management"
    CLINICAL_ENGAGEMENT = "clinical_engagement", "Clinical engagement and pathway design"
    DIGITAL = "digital", "Digital, GP IT and HSCN"
    INFORMATION_GOVERNANCE = "information_governance", "Information governance"
    FINANCE = "finance", "Finance and benchmarking"
    LEGAL = "legal", "Procurement law"


class ShortlistStatus(models.TextChoices):
    OPEN = "open", "Open"
    LOCKED = "locked", "Locked"


class SortOrder(models.TextChoices):
    RELEVANCE = "relevance", "Relevance"
    PRICE = "price", "Price (lowest first)"
    NAME = "name", "Name (A to Z)"


def regions_mask(regions: list[str]) -> int:
    """The search column's bit mask for a listing's regions."""
    return sum(REGION_BITS.get(code, 0) for code in set(regions))
