"""Expiry alerts: the buyer's procurement leads and approvers hear once per expiring window."""

from datetime import date

from django.core.mail import send_mail
from django.db import transaction

from caremarket.audit.services import audit_record
from caremarket.contracts.models import Contract
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.orgs.models import Membership
from caremarket.rules import contracts as rules
from caremarket.rules.roles import Role


def _contract_people(organisation_id: int) -> list[str]:
    return sorted(
        set(
            Membership.objects.filter(
                organisation_id=organisation_id, role__in=[Role.PROCUREMENT_LEAD, Role.APPROVER]
            ).values_list("person__email", flat=True)
        )
    )


@service
def contracts_send_expiry_alerts(*, actor: Actor, today: date | None = None) -> list[Contract]:
    """Email the buyer's procurement leads and approvers about each contract that has entered
    its expiring window, once per window (an extension resets it)."""
    require(actor, "agreements.import_definitions")  # the platform itself, or its administrators
    today = today or clock.today()
    due = []
    candidates = Contract.objects.select_for_update().filter(
        stage=rules.ContractStatus.SIGNED, expiry_alerted_on__isnull=True, ends_on__gte=today
    )
    for contract in candidates.select_related("buyer", "supplier"):
        if contract.status(today) != rules.ContractStatus.EXPIRING:
            continue
        contract.expiry_alerted_on = today
        contract.save(update_fields=["expiry_alerted_on"])
        due.append(contract)
        recipients = _contract_people(contract.buyer_id)
        options = contract.options_left
        subject = f"{contract.reference} ends on {contract.ends_on:%d %B %Y}"
        body = (
            f"{contract.title} with {contract.supplier.name} ends on {contract.ends_on:%d %B %Y}.\n\n"
            + (
                f"It has an extension option of {options[0]} months left."
                if options
                else "It has no extension options left: plan its re-procurement now."
            )
            + f"\n\nSee it on Caremarket: /contracts/{contract.reference}\n"
        )
        if recipients:
            transaction.on_commit(
                lambda s=subject, b=body, r=recipients: send_mail(s, b, None, r, fail_silently=False)
            )
        audit_record(
            actor=actor,
            action="contract.expiry_alerted",
            obj=contract,
            organisation_id=contract.buyer_id,
            after={"ends_on": contract.ends_on, "recipients": len(recipients)},
        )
    return due
