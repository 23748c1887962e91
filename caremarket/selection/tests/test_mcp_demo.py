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
