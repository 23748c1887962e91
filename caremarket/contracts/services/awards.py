"""The contract that follows an award: parties, value, term and the winner's prices come from
the competition (`competitions.award.award_outcome_for_contract`), which refuses during
standstill and while a challenge is open."""

from datetime import date
from decimal import Decimal

from caremarket.agreements.models import Agreement, Lot
from caremarket.contracts.models import Contract
from caremarket.contracts.services.contracts import _create
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import Conflict, ValidationFailed
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.orgs.models import Organisation
from caremarket.rules.contracts import Origin, Term


def _price_list_rows(price_list) -> list[dict]:
    """The winner's price list as a contract's price list: each item at its first tier, the
    one-off and first year's charge together."""
    if price_list is None:
        return []
    from caremarket.rules.price_lists import item_label, pounds

    rows = []
    for (unit, band), tiers in price_list.prices.items():
        first = min(tiers, key=lambda t: t.from_quantity)
        rows.append(
            {
                "item": item_label(unit, band),
                "unit": unit,
                "unit_price": str(pounds(first.one_off + first.annual)),
            }
        )
    return rows


@service
def contract_create_from_award(
    *, actor: Actor, competition, starts_on: date, value: Decimal | str | None = None, **terms
) -> Contract:
    """Create the draft contract from an awarded competition, once standstill is over."""
    from caremarket.competitions.award import award_outcome_for_contract

    outcome = award_outcome_for_contract(competition, clock.now())
    buyer = Organisation.objects.get(pk=outcome.buyer_organisation_id)
    require(actor, "contracts.create_contract", buyer)
    if Contract.objects.filter(competition_id=outcome.competition_id).exists():
        raise Conflict(
            f"A contract has already been created from {outcome.reference}",
            code=ErrorCode.CONTRACT_REFERENCE_TAKEN,
        )
    amount = outcome.value if outcome.value is not None else value
    if amount is None:
        raise ValidationFailed.for_field("value", "The award has no value: enter the contract's value")
    term = Term(outcome.term.initial_years * 12, tuple(y * 12 for y in outcome.term.extension_years))
    lot = Lot.objects.select_related("agreement").get(pk=outcome.lot_id) if outcome.lot_id else None
    agreement = (
        lot.agreement
        if lot
        else (Agreement.objects.get(pk=outcome.agreement_id) if outcome.agreement_id else None)
    )
    return _create(
        actor=actor,
        buyer=buyer,
        supplier=Organisation.objects.get(pk=outcome.supplier_organisation_id),
        origin=Origin.AWARD,
        title=terms.pop("title", "") or outcome.title,
        value=amount,
        starts_on=starts_on,
        term=term,
        agreement=agreement,
        lot=lot,
        price_list=terms.pop("price_list", None) or _price_list_rows(outcome.price_list),
        competition_id=outcome.competition_id,
        buying_club_id=outcome.buying_club_id,
        **terms,
    )
