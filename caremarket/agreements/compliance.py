"""Compliance with an agreement's standards, from the certifications suppliers hold today.

Derived from the clock each time it is asked (no job marks anyone non-compliant), with one
query for any number of suppliers.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from caremarket.agreements.choices import SCHEME_LABELS
from caremarket.core import clock
from caremarket.orgs.models import Certification
from caremarket.rules.admission import CertificationGap, HeldCertification, compliance_gaps


def held_certifications(
    supplier_ids: Iterable[int], schemes: Iterable[str]
) -> dict[int, list[HeldCertification]]:
    held: dict[int, list[HeldCertification]] = defaultdict(list)
    schemes = list(schemes)
    if not schemes:
        return held
    rows = Certification.objects.filter(
        organisation_id__in=list(supplier_ids), scheme__in=schemes
    ).values_list("organisation_id", "scheme", "valid_from", "expires_on")
    for org_id, scheme, valid_from, expires_on in rows:
        held[org_id].append(HeldCertification(scheme, valid_from, expires_on))
    return held


def gaps_for(
    required: list[str], supplier_ids: Iterable[int], today: date | None = None
) -> dict[int, list[CertificationGap]]:
    """Each supplier's gaps against `required` (an empty list when compliant)."""
    supplier_ids = list(supplier_ids)
    today = today or clock.today()
    held = held_certifications(supplier_ids, required)
    return {sid: compliance_gaps(required, held.get(sid, []), today) for sid in supplier_ids}


def describe(gaps: list[CertificationGap]) -> list[str]:
    return [gap.describe(SCHEME_LABELS) for gap in gaps]
