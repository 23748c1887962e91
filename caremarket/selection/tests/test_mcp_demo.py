"""The Suffolk demonstration process: built through the services to gateway 1 "progress",
partially assured overall with children's services not assured."""

from datetime import UTC, datetime

import pytest

from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.rules import provider_assessment as pa
from caremarket.rules.roles import Role, Sector
from caremarket.selection import selectors_mcp as sel
from caremarket.selection.demo_mcp import MSP_FACTS, build_suffolk_msp, suffolk_facts
from caremarket.selection.models import DomainModeration
from caremarket.selection.services import psr as psr_services

pytestmark = pytest.mark.django_db


def test_the_suffolk_process_reaches_gateway1_progress(travel):
    travel(datetime(2026, 11, 20, 10, 0, tzinfo=UTC))
    case = pa.suffolk_case()
    east, west = (make_organisation(Sector.BUYER, name=name) for name in case.commissioners)
    lead = make_person(roles=[(east, Role.PROCUREMENT_LEAD)])
    actor = actor_for(lead)
    providers = {name: make_organisation(Sector.SUPPLIER, name=name) for name in case.providers}
    people = {a.name: make_person(roles=[(providers[a.lead], Role.SUPPLIER_USER)]) for a in case.alliances}
    panel = [make_person(roles=[(east, Role.EVALUATOR)]), make_person(roles=[(west, Role.EVALUATOR)])]
    facts = suffolk_facts()
    process = psr_services.selection_start(
        actor=actor,
        lead_commissioner=east,
        commissioners=[east, west],
        title=facts["title"],
        term_min_months=facts["term_min_months"],
        term_max_months=facts["term_max_months"],
    )
    process = psr_services.selection_choose(
        actor=actor, selection=process, facts=MSP_FACTS, process="most_suitable_provider"
    )
    process = build_suffolk_msp(
        actor=actor, process=process, providers=providers, provider_people=people, panel=panel
    )
    assert process.stage == "stage2"
    gate = sel.gateway(process, 1)
    assert gate.decision == "progress" and len(gate.themes) == 5
    for alliance in process.alliances.all():
        overall = DomainModeration.objects.get(alliance=alliance, domain="overall")
        assert overall.agreed == "partially_assured" and overall.suggested == "not_assured"
        assert DomainModeration.objects.get(alliance=alliance, domain="SD").agreed == "not_assured"
    assert process.dialogue_sessions.count() == 5


def test_the_demo_loader_builds_the_suffolk_process_with_provider_organisations(travel, tmp_path):
    from caremarket.core.actor import Actor
    from caremarket.core.permissions import can
    from caremarket.demo.registry import DemoWorld
    from caremarket.demo.selection_suffolk import COMMISSIONERS, selection_suffolk
    from caremarket.orgs.choices import OrganisationType
    from caremarket.orgs.selectors import build_actor

    travel(datetime(2026, 11, 20, 10, 0, tzinfo=UTC))
    lines: list[str] = []
    world = DemoWorld(actor=Actor.system("test"), reference_dir=tmp_path, say=lines.append)
    for code in COMMISSIONERS:
        world.orgs[code] = make_organisation(Sector.BUYER, code=code, name=f"Sub-ICB location {code}")
    # The West Suffolk trust's buying side: a separate, buyer-sector organisation.
    trust_buyer = make_organisation(Sector.BUYER, code="RGR", name="West Suffolk NHS Foundation Trust")
    trust_buyer_person = make_person(roles=[(trust_buyer, Role.BUYER)])

    selection_suffolk(world)

    process = world.orgs["suffolk_msp"]
    assert process.stage == "stage2" and sel.gateway(process, 1).decision == "progress"
    assert process.term_min_months == 96 and process.term_max_months == 120
    assert {c.code for c in process.commissioners.all()} == {"06L", "07K"}
    assert lines and process.reference in lines[0] and "gateway 1 progress" in lines[0]
    providers = {code: world.orgs[code] for code in ("RGQ-P", "RGR-P", "RMY-P", "E10000029-P", "SGPF")}
    assert all(org.sector == Sector.SUPPLIER for org in providers.values())
    assert providers["RGR-P"].org_type == OrganisationType.NHS_PROVIDER
    assert providers["E10000029-P"].org_type == OrganisationType.LA_PROVIDER
    leads = {a.name: a.lead.code for a in process.alliances.all()}
    assert leads == {"East Suffolk alliance": "RGQ-P", "West Suffolk alliance": "RGR-P"}
    # The trust's provider staff see the process; its buying staff do not.
    assert can(build_actor(world.people["west_provider"]), "selection.view_msp", process)
    assert not can(build_actor(trust_buyer_person), "selection.view_msp", process)
    assert {s.email for s in world.sign_ins} >= {
        "suffolk.lead@caremarket.example",
        "ipswich.provider@caremarket.example",
        "westsuffolk.provider@caremarket.example",
    }
