"""caremarket send-contract-alerts: email each buyer whose contracts have entered their expiring
window (once per window). Run it daily."""

from caremarket.contracts.services import contracts_send_expiry_alerts
from caremarket.core.actor import Actor
from caremarket.core.commands import CaremarketCommand


class Command(CaremarketCommand):
    help = "Email buyers about contracts entering their expiring window"

    def handle(self, *args, **options):
        alerted = contracts_send_expiry_alerts(actor=Actor.system("send-contract-alerts"))
        for contract in alerted:
            self.console.print(f"{contract.reference}: ends {contract.ends_on.isoformat()}")
        self.console.print(f"{len(alerted)} contract{'' if len(alerted) == 1 else 's'} alerted")
