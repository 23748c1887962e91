"""What the Provider Selection Regime's pages share: the templates' folder, the commissioner
acted for, reading amounts, terms and organisation codes from a form, and fetching a process
for its managers."""

from caremarket.core.errors import NotFound, ValidationFailed
from caremarket.core.permissions import require
from caremarket.orgs.models import Organisation
from caremarket.orgs.selectors import acting_organisation, organisation_by_code
from caremarket.rules.roles import Sector
from caremarket.selection import selectors_psr as selectors

TEMPLATES = "web/selection/psr/"


def _commissioner(actor) -> Organisation:
    organisation = acting_organisation(actor, sector=Sector.BUYER)
    if organisation is None:
        raise NotFound("Act for the commissioning organisation whose processes these are")
    return organisation


def _money(text: str, field: str):
    from caremarket.core.money import MoneyError, read_money

    text = (text or "").strip()
    if not text:
        return None
    try:
        return read_money(text)
    except MoneyError as exc:
        raise ValidationFailed.for_field(field, str(exc)) from None


def money_shown(value) -> str:
    """An amount as the forms show it again: "2,400,000.00" (what was typed, when it is not
    an amount)."""
    from caremarket.core.money import MoneyError, read_money

    if value is None or value == "":
        return ""
    try:
        return f"{read_money(value):,.2f}"
    except (MoneyError, ArithmeticError, ValueError, TypeError):
        return str(value)


def _months(text: str, field: str) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise ValidationFailed.for_field(field, "Enter the term as a whole number of months, like 60")
    return int(text)


def _organisations(codes: list[str], field: str, sector: str | None = None) -> list[Organisation]:
    found = []
    for code in (c for c in codes if c.strip()):
        organisation = organisation_by_code(code, sector=sector)
        if organisation is None:
            raise ValidationFailed.for_field(field, f"There is no organisation with the code {code.strip()}")
        found.append(organisation)
    return found


def _managed(request, reference: str):
    actor = request.actor
    selection = selectors.selection_for_actor(actor, reference)
    require(
        actor,
        selectors.manager_permission(selection),
        selection,
        message="Only the commissioners' procurement leads and approvers run the process",
    )
    return actor, selection
