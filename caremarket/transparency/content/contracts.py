"""A contract's notices, built from the contract itself: its contract details notice (UK7, or
the PSR confirmation of award) when it is signed, its change notice (UK10, or the PSR
modification notice) for a variation, and its termination notice (UK11) when it ends early or at
the end of its term. Money becomes a JSON number only through `ocds_value`; nothing here goes into
an audit payload.

`publish_*` are called by the contract services inside their own transactions; each publishes
the notices the trigger table names for the contract's regime (none for an NHS SLA).
"""

from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.money import format_money
from caremarket.rules import contract_notices as rules
from caremarket.rules.contracts import ContractStatus
from caremarket.rules.dates import spoken_date
from caremarket.rules.notice_triggers import NoticeProcedure, notices_for
from caremarket.transparency.models import Notice
from caremarket.transparency.ocds.builder import Party, ocds_datetime, ocds_value
from caremarket.transparency.publishing import process_id_for, publish_lifecycle_notice

FIELD_LABELS = {
    "value": "value",
    "notice_months": "notice period in months",
    "service_specification": "service specification",
    "payment_mechanism": "payment mechanism",
    "risk_share": "risk share",
    "title": "title",
}


def ocds_day(day: date, *, end: bool = False) -> str:
    """A day as an OCDS date-time: its start (or last second) in England."""
    moment = datetime.combine(day, time(23, 59, 59) if end else time(0, 0), tzinfo=clock.LONDON)
    return ocds_datetime(moment.astimezone(UTC))


def award_id_for(contract) -> str:
    """The award the contract follows, as the process's award notice names it."""
    if contract.competition_id:
        from caremarket.transparency.content.competitions import award_id

        return award_id(contract.competition)
    return f"{contract.reference}-award"


def regime_of(contract) -> str:
    competition_regime = contract.competition.regime if contract.competition_id else None
    return str(rules.contract_regime(competition_regime, contract.regime))


def is_psr_contract(contract) -> bool:
    """Whether the contract is under the Provider Selection Regime (its modifications follow
    regulation 13, and its notices are the Regime's)."""
    return regime_of(contract) == "provider_selection_regime"


def procedure_of(contract) -> str:
    """How the contract was awarded, as the notice rules tell them apart ("" when they need not)."""
    if contract.competition_id:
        from caremarket.transparency.content.competitions import notice_procedure

        return notice_procedure(contract.competition)
    return str(NoticeProcedure.DIRECT_AWARD) if contract.origin == "direct_award" else ""


def supplier_party(contract) -> dict[str, Any]:
    return Party(code=contract.supplier.code, name=contract.supplier.name, roles=("supplier",)).as_ocds()


def _supplier_ref(contract) -> dict[str, str]:
    party = Party(code=contract.supplier.code, name=contract.supplier.name)
    return {"id": party.party_id, "name": contract.supplier.name}


def _status(contract, today: date) -> str:
    status = contract.status(today)
    if status == ContractStatus.DRAFT:
        return "pending"
    if status in (ContractStatus.ENDED, ContractStatus.TERMINATED):
        return "terminated"
    return "active"


def _contract_block(contract, today: date) -> dict[str, Any]:
    block: dict[str, Any] = {
        "id": contract.reference,
        "awardID": award_id_for(contract),
        "title": contract.title,
        "status": _status(contract, today),
        "value": ocds_value(contract.value),
        "period": {
            "startDate": ocds_day(contract.starts_on),
            "endDate": ocds_day(contract.ends_on, end=True),
        },
    }
    if contract.signed_on:
        block["dateSigned"] = ocds_day(contract.signed_on)
    if contract.service_specification:
        block["description"] = contract.service_specification[:4000]
    return block


def _award_block(contract) -> dict[str, Any]:
    award: dict[str, Any] = {
        "id": award_id_for(contract),
        "title": contract.title,
        "status": "active",
        "suppliers": [_supplier_ref(contract)],
        "value": ocds_value(contract.value),
    }
    # The award was made when it was decided (the award notice's date), not when the contract
    # was signed; a contract with no competition behind it was awarded when it was signed.
    decided = _decided_award(contract)
    if decided is not None:
        award["date"] = ocds_datetime(decided.decided_at)
    elif contract.signed_on:
        award["date"] = ocds_day(contract.signed_on)
    return award


def _decided_award(contract):
    if not contract.competition_id:
        return None
    from caremarket.competitions.models import Award

    return Award.objects.filter(competition_id=contract.competition_id, withdrawn_at__isnull=True).first()


def _tender_title(contract) -> str:
    return contract.competition.title if contract.competition_id else contract.title


def signed_content(contract, today: date | None = None) -> dict[str, Any]:
    """The contract details notice (UK7) or the PSR confirmation of award."""
    today = today or clock.today()
    return {
        "tender": {"title": _tender_title(contract)},
        "parties": [supplier_party(contract)],
        "awards": [_award_block(contract)],
        "contracts": [_contract_block(contract, today)],
    }


def _change_words(changes: dict) -> str:
    parts = []
    for field, change in changes.items():
        label = FIELD_LABELS.get(field, field.replace("_", " "))
        before, after = change.get("before", ""), change.get("after", "")
        if field == "value":
            before, after = format_money(Decimal(before)), format_money(Decimal(after))
        parts.append(f"the {label} changed from {before} to {after}")
    return ("; ".join(parts) or "no term changed")[:4000]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def variation_content(variation, today: date | None = None) -> dict[str, Any]:
    """The contract change notice (UK10) or the PSR modification notice for one variation."""
    contract = variation.contract
    block = _contract_block(contract, today or clock.today())
    block["amendments"] = [
        {
            "id": f"{contract.reference}-V{variation.number}",
            "date": ocds_day(variation.agreed_on),
            "rationale": variation.summary[:4000],
            "description": _sentence(_change_words(variation.changes)),
        }
    ]
    return {"tender": {"title": _tender_title(contract)}, "contracts": [block]}


def ended_on(contract) -> date | None:
    """The day the contract ended (terminated early, or the last day of its term), if it has."""
    if contract.terminated_on:
        return contract.terminated_on
    if contract.signed_on and contract.ends_on < clock.today():
        return contract.ends_on
    return None


def ended_content(contract, today: date | None = None) -> dict[str, Any]:
    """The contract termination notice (UK11): the end date and why it ended."""
    end = ended_on(contract) or contract.ends_on
    block = _contract_block(contract, today or clock.today())
    block["status"] = "terminated"
    block["period"] = {"startDate": ocds_day(contract.starts_on), "endDate": ocds_day(end, end=True)}
    block["statusDetails"] = (
        contract.termination_reason[:1000]
        if contract.terminated_on
        else f"The contract ended at the end of its term on {spoken_date(end)}"
    )
    return {"tender": {"title": _tender_title(contract)}, "contracts": [block]}


CONTENT = {"contract_signed": signed_content, "contract_ended": ended_content}


def _publish(actor: Actor, contract, event: str, content: dict[str, Any], title: str) -> list[Notice]:
    return [
        publish_lifecycle_notice(
            actor=actor,
            publisher=contract.buyer,
            code=code,
            process_id=process_id_for(contract),
            content=content,
            title=title,
            subject=contract,
            subject_ref=contract.reference,
        )
        for code in codes_for(contract, event)
    ]


def codes_for(contract, event: str, on: date | None = None) -> list[str]:
    """The notices the law in force on `on` (today by default) requires of `contract` for
    `event` (none for an NHS SLA)."""
    if contract.origin in rules.NO_NOTICE_ORIGINS:
        return []
    codes = notices_for(event, regime_of(contract), procedure_of(contract), on=on or clock.today())
    if event == "contract_signed" and "PSR_AWARD" in codes and awarded_urgently(contract):
        # An urgent award (regulation 14) is confirmed by its urgent award notice instead.
        codes = ["PSR_URGENT" if code == "PSR_AWARD" else code for code in codes]
    return codes


def awarded_urgently(contract) -> bool:
    """Whether the contract was awarded urgently under the Provider Selection Regime (only a
    direct award can have been: no query for any other contract)."""
    if contract.origin != "direct_award" or contract.pk is None:
        return False
    from django.core.exceptions import ObjectDoesNotExist

    try:
        return contract.urgent_award is not None
    except ObjectDoesNotExist:
        return False


def publish_signed(*, actor: Actor, contract) -> list[Notice]:
    """On signing: the contract details notice, when the signature is made today (a contract
    recorded with a past signature is published from the notices due instead)."""
    if not rules.publishes_at_signing(
        signed_on=contract.signed_on, today=clock.today(), origin=contract.origin
    ):
        return []
    return _publish(actor, contract, "contract_signed", signed_content(contract), contract.title)


def publish_varied(*, actor: Actor, variation) -> list[Notice]:
    contract = variation.contract
    return _publish(
        actor,
        contract,
        "contract_varied",
        variation_content(variation),
        f"Variation {variation.number} to {contract.title}",
    )


def publish_ended(*, actor: Actor, contract) -> list[Notice]:
    return _publish(actor, contract, "contract_ended", ended_content(contract), contract.title)


def publish_event(*, actor: Actor, contract, event: str, code: str) -> Notice:
    """Publish one notice the contract still owes (from the notices due)."""
    title = contract.title
    return publish_lifecycle_notice(
        actor=actor,
        publisher=contract.buyer,
        code=code,
        process_id=process_id_for(contract),
        content=CONTENT[event](contract),
        title=title,
        subject=contract,
        subject_ref=contract.reference,
    )
