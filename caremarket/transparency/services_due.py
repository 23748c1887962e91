"""Publishing a notice a contract still owes: a contract recorded with a past signature, or one
that ended at the end of its term, has no lifecycle step that publishes its notice, so the buyer
publishes it from the notices due (the home page lists those overdue)."""

from caremarket.audit.services import audit_record
from caremarket.contracts.models import Contract
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.errors import ApplicationError, Conflict
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.rules.notices import notice_type
from caremarket.transparency.content import contracts as content
from caremarket.transparency.models import Notice
from caremarket.transparency.overdue import EVENT_OF_CODE, due_notice_for, kind_phrase


def _label(code: str) -> str:
    try:
        return kind_phrase(notice_type(code, clock.today()))
    except ApplicationError:
        return f"{code} notice"


@service
def overdue_notice_publish(*, actor: Actor, contract: Contract, code: str) -> Notice:
    """Publish the notice `code` that `contract` owes (its contract details or termination
    notice), for its buyer. Refuses when the notice is not owed any more."""
    contract = (
        Contract.objects.select_for_update(of=("self",))
        .select_related("buyer", "supplier", "competition")
        .get(pk=contract.pk)
    )
    require(
        actor,
        "transparency.draft_notice",
        contract.buyer,
        message=f"Only {contract.buyer.name}'s procurement leads and approvers publish its notices",
    )
    code = str(code).strip().upper()
    due = due_notice_for(contract, code) if code in EVENT_OF_CODE else None
    if due is None:
        raise Conflict(
            f"The {_label(code)} for {contract.reference} is not due: it has been published already, "
            "or the contract does not need one"
        )
    today = clock.today()
    notice = content.publish_event(actor=actor, contract=contract, event=due.event, code=code)
    audit_record(
        actor=actor,
        action="contract.notice_published",
        obj=contract,
        organisation_id=contract.buyer_id,
        after={
            "notice_type": code,
            "notice": notice.pk,
            "due_by": due.due_by,
            "days_late": max((today - due.due_by).days, 0) if due.due_by else 0,
        },
    )
    return notice
