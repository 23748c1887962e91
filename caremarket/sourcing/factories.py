"""Test data for sourcing, built through the services so every record has its audit trail."""

import io
import itertools
from datetime import date, timedelta

from openpyxl import load_workbook

from caremarket.agreements import services as agreement_services
from caremarket.agreements.models import Agreement
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.orgs import services as org_services
from caremarket.orgs.factories import make_organisation
from caremarket.orgs.models import Organisation
from caremarket.rules.roles import Sector
from caremarket.sourcing import services, template
from caremarket.sourcing.models import BuyingClub, ClubMember, RequirementSet

SYSTEM = Actor.system("factories")
_numbers = itertools.count(1)


def make_hscn_dps(*, reference: str = "", owner: Organisation | None = None, kind: str = "dps") -> Agreement:
    """A live DPS shaped like RM3825: lot 1 connectivity, lot 2 overlay, further competition only."""
    number = next(_numbers)
    owner = owner or make_organisation(Sector.BUYER, name=f"Central body {number}")
    today = clock.today()
    lots = [
        {"number": 1, "code": "connectivity", "title": "Connectivity", "price_units": ["per_connection"]},
        {"number": 2, "code": "overlay", "title": "Overlay services", "price_units": ["per_device"]},
    ]
    for lot in lots:
        lot.update(procedures=["further_competition"], questions=[])
    definition = {
        "reference": reference or f"RM{8000 + number}",
        "title": f"Network services {number}",
        "owner": owner.code,
        "kind": kind,
        "status": "live",
        "starts_on": today - timedelta(days=365),
        "ends_on": today + timedelta(days=5 * 365),
        "required_standards": [],
        "lots": lots,
    }
    result = agreement_services.agreement_import(actor=SYSTEM, definition=definition, source="factories")
    return Agreement.objects.get(reference=result.reference)


def make_buyer(*, code: str = "", name: str = "", sites: int = 3, region: str = "london") -> Organisation:
    organisation = make_organisation(Sector.BUYER, code=code, name=name, region=region)
    for n in range(1, sites + 1):
        org_services.site_add(
            actor=SYSTEM, organisation=organisation, code=f"{organisation.code}-S{n}", name=f"Site {n}"
        )
    return organisation


def make_club(
    *,
    lead: Organisation | None = None,
    agreement: Agreement | None = None,
    launch_in_days: int = 90,
    open_club: bool = True,
    name: str = "",
    region: str = "london",
    **kwargs,
) -> BuyingClub:
    number = next(_numbers)
    agreement = agreement or make_hscn_dps()
    lead = lead or make_organisation(Sector.BUYER, name=f"Lead body {number}")
    club = services.club_create(
        actor=SYSTEM,
        lead_organisation=lead,
        name=name or f"Club {number}",
        agreement=agreement,
        lot=agreement.lots.get(number=1),
        launch_date=clock.today() + timedelta(days=launch_in_days),
        region=region,
        **kwargs,
    )
    if open_club:
        club = services.club_open(actor=SYSTEM, club=club)
    return club


def requirement_set_of(club: BuyingClub, organisation: Organisation) -> RequirementSet:
    return RequirementSet.objects.get(club=club, organisation=organisation)


def rows_for(organisation: Organisation, count: int = 2, *, required_by: date | None = None) -> list[list]:
    """Valid connectivity template rows for the organisation's first sites."""
    required_by = required_by or clock.today() + timedelta(days=365)
    sites = list(organisation.sites.order_by("code").values_list("code", flat=True))
    return [
        [sites[n % len(sites)], "Ethernet connection", n + 1, "per connection", "100 Mbps", required_by, ""]
        for n in range(count)
    ]


def filled_xlsx(requirement_set: RequirementSet, rows: list[list]) -> bytes:
    """The set's downloaded template, filled in with openpyxl as a buyer would."""
    sites = [(s.code, s.name) for s in requirement_set.organisation.sites.order_by("code")]
    vocabulary = template.vocabulary_for(requirement_set.lot.code if requirement_set.lot else "")
    book = load_workbook(io.BytesIO(template.template_xlsx(vocabulary, sites)))
    sheet = book["Requirements"]
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def join_with_requirements(
    club: BuyingClub, organisation: Organisation, *, lines: int = 2, actor: Actor = SYSTEM
) -> ClubMember:
    member = services.club_join(actor=actor, club=club, organisation=organisation)
    requirement_set = requirement_set_of(club, organisation)
    content = filled_xlsx(requirement_set, rows_for(organisation, lines))
    services.requirements_import(actor=actor, requirement_set=requirement_set, name="r.xlsx", content=content)
    services.requirements_submit(actor=actor, requirement_set=requirement_set)
    return member
