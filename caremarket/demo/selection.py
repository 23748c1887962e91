"""The demo world's provider selection under the Provider Selection Regime.

NHS Suffolk and North East Essex ICB is renewing its telehealth monitoring service for people
with long-term conditions with Greenfield Clinical Systems by Direct Award Process C: the
contract is expiring, the provider is performing satisfactorily and the new arrangement is not
a considerable change. The process was started, its process chosen with the chooser's facts,
its decision recorded against the five key criteria, and its notice of intention published
three days ago, so it is in its 8-working-day standstill: a provider may make a
representation, and the ICB's procurement lead (lead@caremarket.example) sees it under
"Provider selection: standstill" on the home page.
"""

from datetime import timedelta

from caremarket.core import clock
from caremarket.demo.registry import DemoWorld, demo_loader
from caremarket.orgs.selectors import build_actor
from caremarket.selection.demo_psr import build_direct_award_c_in_standstill

TITLE = "Telehealth monitoring for long-term conditions, Suffolk"
DESCRIPTION = (
    "Remote monitoring at home for people with heart failure, COPD or diabetes: the devices, the "
    "monitoring hub and the clinical response, across Suffolk and North East Essex."
)
# Days before today the intention was published: inside the standstill whatever today's weekday.
INTENTION_DAYS_AGO = 3


@demo_loader(order=80)
def selection(world: DemoWorld) -> None:
    icb = world.orgs["QJG"]
    lead = build_actor(world.people["lead"], icb.pk)
    with clock.shifted(timedelta(days=INTENTION_DAYS_AGO)):
        process = build_direct_award_c_in_standstill(
            actor=lead, commissioner=icb, provider=world.orgs["S1008"], title=TITLE, description=DESCRIPTION
        )
    world.say(f"  {process.reference}: {TITLE}, Direct Award C in its standstill")
