"""`caremarket load-demo` works whatever today's date is: the world loads today and two years
on, its agreements in force are still in force, and RM1045 stays the framework that ended."""

from datetime import UTC, date, datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from caremarket.agreements.models import Agreement
from caremarket.competitions.models import Competition
from caremarket.contracts.models import Contract
from caremarket.core import clock
from caremarket.demo.agreements import FIXTURES
from caremarket.demo.story import STORY_DAY
from caremarket.orgs.factories import make_organisation
from caremarket.rules.agreements import AgreementStatus, add_months, in_application_window
from caremarket.rules.buying_clubs import ClubStatus
from caremarket.rules.contracts import ContractStatus
from caremarket.rules.roles import Sector
from caremarket.sourcing.models import BuyingClub

# The agreements in force in the story, with their end dates as the fixtures write them.
IN_FORCE = {
    "RM3825": date(2027, 11, 30),
    "HSSF": date(2027, 9, 30),
    "GPIT-FUTURES": date(2027, 3, 31),
    "ACS-STP-DPF": date(2027, 3, 31),
    "CS-LPF": date(2028, 3, 31),
    "DCS": date(2030, 3, 31),
}


def _moment(months_on: int) -> datetime:
    """Now, or the same time of day `months_on` months later."""
    now = datetime.now(tz=UTC)
    return datetime.combine(add_months(now.date(), months_on), now.timetz())


@pytest.mark.django_db
@pytest.mark.parametrize("months_on", [0, 24], ids=["today", "two_years_on"])
def test_the_demo_world_loads_and_its_live_agreements_are_in_force(months_on, capsys):
    with time_machine.travel(_moment(months_on), tick=False):
        today = clock.today()
        call_command("load_demo")

        assert "Demo sign-ins" in capsys.readouterr().out  # every loader ran, to the last table
        agreements = {a.reference: a for a in Agreement.objects.filter(reference__in=[*IN_FORCE, "RM1045"])}
        for reference, written in IN_FORCE.items():
            agreement = agreements[reference]
            assert agreement.status() != AgreementStatus.EXPIRED, reference
            # As far ahead of today as the story put it, never earlier than the fixture says.
            assert agreement.ends_on >= written, reference
            assert (agreement.ends_on - today) >= (written - STORY_DAY), reference
        assert in_application_window(agreements["DCS"].facts(), today)

        rm1045 = agreements["RM1045"]
        assert rm1045.ends_on == date(2019, 7, 31)
        assert rm1045.status() == AgreementStatus.EXPIRED

        # The clubs' story falls around today: South West launched, London and East open.
        clubs = {c.name: c for c in BuyingClub.objects.all()}
        assert clubs["South West"].stage == ClubStatus.LAUNCHED
        assert clubs["Once for London"].stage == ClubStatus.OPEN
        assert clubs["East"].stage == ClubStatus.OPEN
        assert clubs["Once for London"].members.exists()
        assert Competition.objects.get(title__startswith="Suffolk public services").stage == "awarded"
        assert Contract.objects.get(reference="CT-X26-SUFFOLK-PS").status() != ContractStatus.ENDED
        assert Contract.objects.get(reference="CT-QJG-HSCN").status() == ContractStatus.LIVE


@pytest.mark.django_db
def test_import_framework_loads_the_fixtures_end_date_as_written():
    make_organisation(Sector.BUYER, code="X26", name="NHS Digital")
    with time_machine.travel(_moment(24), tick=False):
        call_command("import_framework", str(FIXTURES / "gp-it-futures.yaml"), stdout=StringIO())
    agreement = Agreement.objects.get(reference="GPIT-FUTURES")
    assert agreement.ends_on == IN_FORCE["GPIT-FUTURES"]
    assert agreement.source == "file:gp-it-futures.yaml"
