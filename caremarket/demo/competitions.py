"""Demo competitions: the people who take part (a second evaluator for the ICB, bid managers
for the three suppliers on lot 2 of the commissioning support lead provider framework), and
a further competition of the ICB being drafted."""

from datetime import timedelta

from caremarket.agreements.models import Lot
from caremarket.competitions import services
from caremarket.core import clock
from caremarket.demo.registry import DEMO_PASSWORD, DemoWorld, SignIn, demo_loader
from caremarket.orgs import services as org_services
from caremarket.orgs.selectors import build_actor
from caremarket.rules.roles import ROLE_LABELS, Role

PEOPLE = [
    ("evaluator2", "evaluator2@caremarket.example", "Owen Price", "Digital lead", "QJG", Role.EVALUATOR),
    ("csu_bids", "bids@anglia-csu.example", "Nia Roberts", "Bid manager", "0AN", Role.SUPPLIER_USER),
    ("harbour_bids", "bids@harbour.example", "Ravi Mehta", "Bid manager", "S1006", Role.SUPPLIER_USER),
    ("pennine_bids", "bids@pennine-csu.example", "Joy Adeyemi", "Bid manager", "0PN", Role.SUPPLIER_USER),
]


@demo_loader(order=50)
def competitions(world: DemoWorld) -> None:
    for key, email, name, title, code, role in PEOPLE:
        person = org_services.person_register(
            actor=world.actor, email=email, full_name=name, job_title=title, password=DEMO_PASSWORD
        )
        org_services.membership_grant(
            actor=world.actor, organisation=world.orgs[code], email=email, role=role, invite=False
        )
        world.people[key] = person
        world.sign_ins.append(
            SignIn(ROLE_LABELS[role], email, world.orgs[code].name, "takes part in competitions")
        )
    lead = build_actor(world.people["lead"], world.orgs["QJG"].pk)
    now = clock.now()
    services.competition_create(
        actor=lead,
        buyer=world.orgs["QJG"],
        title="HSCN connectivity for community sites (draft)",
        procedure="further_competition",
        lot=Lot.objects.get(agreement__reference="RM3825", number=1),
        requirement="Connect the ICB's three offices to the HSCN, migrating them off the legacy network.",
        clarification_deadline=now + timedelta(days=20),
        submission_deadline=now + timedelta(days=28),
    )
