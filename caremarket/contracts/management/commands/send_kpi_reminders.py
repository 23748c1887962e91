"""caremarket send-kpi-reminders: tell each signed contract's supplier which KPIs have no
result for the last period that ended (once per contract and period). Run it daily."""

from caremarket.contracts.services import kpi_reminders_send
from caremarket.core.actor import Actor
from caremarket.core.commands import CaremarketCommand


class Command(CaremarketCommand):
    help = "Remind suppliers of KPI results due for the last period that ended"

    def handle(self, *args, **options):
        told = kpi_reminders_send(actor=Actor.system("send-kpi-reminders"))
        for contract, kpis in told:
            self.console.print(f"{contract.reference}: {', '.join(k.code for k in kpis)}")
        self.console.print(f"{len(told)} reminder{'' if len(told) == 1 else 's'} sent")
