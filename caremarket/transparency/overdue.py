"""Notices an organisation owes about its contracts: the facts from the database (contracts
signed with no contract details notice, contracts ended or terminated with no termination
notice), judged by the pure rules (`rules.notices.overdue_notices`). Two queries, whatever the
number of contracts."""

from dataclasses import dataclass
from datetime import date

from caremarket.contracts.models import Contract
from caremarket.core import clock
from caremarket.core.errors import ApplicationError
from caremarket.rules import contract_notices as rules
from caremarket.rules.contracts import ContractStatus
from caremarket.rules.notices import NoticeFact, NoticeType, OverdueNotice, notice_type, overdue_notices
from caremarket.transparency.content import contracts as content
from caremarket.transparency.models import Notice, NoticeStatus

SUBJECT_TYPE = "contracts.contract"
EVENT_OF_CODE = {
    **dict.fromkeys(rules.SIGNED_CODES, "contract_signed"),
    **dict.fromkeys(rules.ENDED_CODES, "contract_ended"),
}
OUT = (NoticeStatus.PUBLISHED, NoticeStatus.SUPERSEDED)


@dataclass(frozen=True)
class DueNotice:
    """A notice the law requires of a contract and not yet published (overdue or not)."""

    contract: Contract
    code: str
    event: str
    fact: NoticeFact
    kind: NoticeType
    due_by: date | None

    def overdue(self, today: date) -> bool:
        return self.due_by is not None and today > self.due_by


def _event_date(contract: Contract, event: str) -> date | None:
    if event == "contract_signed":
        return contract.signed_on
    return content.ended_on(contract)


def _required(contract: Contract, event: str) -> list[tuple[str, NoticeType, date]]:
    """The notices `contract` owes for `event`, each with its type and the event's day."""
    day = _event_date(contract, event)
    if day is None or contract.origin in rules.NO_NOTICE_ORIGINS:
        return []
    found = []
    for code in content.codes_for(contract, event, on=day):
        try:
            kind = notice_type(code, day)
        except ApplicationError:
            continue  # the law requiring it was not yet in force that day
        found.append((code, kind, day))
    return found


def _contracts(organisation_id: int, contract_id: int | None):
    found = Contract.objects.filter(buyer_id=organisation_id, signed_on__isnull=False)
    if contract_id is not None:
        found = found.filter(pk=contract_id)
    return list(
        found.exclude(origin__in=rules.NO_NOTICE_ORIGINS)
        .select_related("buyer", "supplier", "competition")
        .order_by("signed_on", "reference")
    )


def _published(contract_ids: list[int]) -> set[tuple[str, str]]:
    """(contract id, notice code) of every notice already out about these contracts."""
    rows = Notice.objects.filter(
        subject_type=SUBJECT_TYPE,
        subject_id__in=[str(pk) for pk in contract_ids],
        notice_type__in=sorted(EVENT_OF_CODE),
        status__in=OUT,
    ).values_list("subject_id", "notice_type")
    return {(subject_id, code) for subject_id, code in rows}


def due_notices(organisation_id: int, contract_id: int | None = None) -> list[DueNotice]:
    """Every notice the organisation's contracts (or one of them) owe, overdue or not yet."""
    today = clock.today()
    contracts = _contracts(organisation_id, contract_id)
    out = _published([c.pk for c in contracts])
    due = []
    for contract in contracts:
        events = ["contract_signed"]
        if contract.terminated_on or (contract.stage == ContractStatus.SIGNED and contract.ends_on < today):
            events.append("contract_ended")
        for event in events:
            for code, kind, day in _required(contract, event):
                if (str(contract.pk), code) in out:
                    continue
                fact = NoticeFact(code=code, ref=contract.reference, event_date=day)
                due.append(DueNotice(contract, code, event, fact, kind, kind.deadline.due_by(day)))
    return due


def overdue_for(organisation_id: int, today: date | None = None) -> list[tuple[OverdueNotice, DueNotice]]:
    """The organisation's overdue notices, most overdue first, each with what it is about."""
    due = {(d.code, d.fact.ref): d for d in due_notices(organisation_id)}
    late = overdue_notices([d.fact for d in due.values()], today or clock.today())
    return [(o, due[(o.fact.code, o.fact.ref)]) for o in late]


def due_notice_for(contract: Contract, code: str) -> DueNotice | None:
    """The notice `code` the contract still owes, or None when it owes none (already out, not
    required, or not a notice about a contract)."""
    event = EVENT_OF_CODE.get(code)
    if event is None:
        return None
    for due in due_notices(contract.buyer_id, contract.pk):
        if due.code == code:
            return due
    return None


def kind_phrase(kind: NoticeType) -> str:
    """The notice's kind as a link says it: "contract details notice"."""
    return kind.name[0].lower() + kind.name[1:]
