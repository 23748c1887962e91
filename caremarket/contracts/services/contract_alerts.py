"""Expiry alerts: the buyer's procurement leads and approvers hear once per expiring window."""

from datetime import date

from caremarket.audit.services import audit_record
from caremarket.contracts.models import Contract
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.notifications.services import notify, people_with_roles
from caremarket.rules import contracts as rules
from caremarket.rules.contract_changes import months_text, options_left_text
from caremarket.rules.notifications import MessageKind, message_key
from caremarket.rules.roles import Role


@service
def contracts_send_expiry_alerts(*, actor: Actor, today: date | None = None) -> list[Contract]:
    """Tell the buyer's procurement leads and approvers about each contract that has entered
    its expiring window, once per window: the message's key names the contract and its end
    date, so running twice (as from cron) tells nobody twice, and an extension (a new end
    date) is a new window."""
    require(actor, "agreements.import_definitions")  # the platform itself, or its administrators
    today = today or clock.today()
    due = []
    candidates = Contract.objects.select_for_update(of=("self",)).filter(
        stage=rules.ContractStatus.SIGNED, expiry_alerted_on__isnull=True, ends_on__gte=today
    )
    for contract in candidates.select_related("buyer", "supplier"):
        if contract.status(today) != rules.ContractStatus.EXPIRING:
            continue
        contract.expiry_alerted_on = today
        contract.save(update_fields=["expiry_alerted_on"])
        due.append(contract)
        ends = f"{contract.ends_on.day} {contract.ends_on:%B %Y}"
        options = contract.options_left
        body = (
            f"{contract.title} with {contract.supplier.name} ends on {ends}.\n\n"
            + options_left_text(options)
            + (
                f". Its next extension option of {months_text(options[0])} must be taken before it ends."
                if options
                else ": plan its re-procurement now."
            )
        )
        told = notify(
            people_with_roles([contract.buyer_id], [Role.PROCUREMENT_LEAD, Role.APPROVER]),
            kind=MessageKind.CONTRACT_EXPIRING,
            subject=f"{contract.reference} ends on {ends}",
            body=body,
            link=f"/contracts/{contract.reference}",
            organisation=contract.buyer,
            key=message_key(MessageKind.CONTRACT_EXPIRING, contract.reference, str(contract.ends_on)),
        )
        audit_record(
            actor=actor,
            action="contract.expiry_alerted",
            obj=contract,
            organisation_id=contract.buyer_id,
            after={"ends_on": contract.ends_on, "recipients": len(told)},
        )
    return due
