"""What the competition pages share: reading a date and time entered on a page, the error
context for a refused action, and the competition's own navigation."""

from datetime import datetime

from caremarket.core import clock
from caremarket.core.errors import ValidationFailed
from caremarket.core.permissions import can
from caremarket.core.validation import date_range_problem
from caremarket.web.forms import form_errors


def parse_moment(value: str, field: str) -> datetime | None:
    """A date and time as England's clock shows it ("2026-12-01T12:00" or "2026-12-01 12:00")."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace(" ", "T"))
    except ValueError:
        raise ValidationFailed.for_field(field, "Enter a date and time, like 2026-12-01 12:00") from None
    problem = date_range_problem(moment.date())
    if problem:
        raise ValidationFailed.for_field(field, problem)
    return moment.replace(tzinfo=clock.LONDON) if moment.tzinfo is None else moment


def moment_value(moment: datetime | None) -> str:
    return clock.local(moment).strftime("%Y-%m-%dT%H:%M") if moment else ""


def errors(exc) -> dict:
    return form_errors(None, exc)


def abilities(actor, competition) -> dict:
    return {
        "manages": can(actor, "competitions.manage", competition),
        "answers": can(actor, "competitions.answer", competition),
        "bids": can(actor, "competitions.take_part", competition),
        "opens": can(actor, "competitions.open_bids", competition),
        "evaluates": can(actor, "competitions.evaluate", competition),
        "moderates": can(actor, "competitions.moderate", competition),
        "buyer_side": actor.is_member(competition.buyer_id) or actor.sees_everything,
        "creates_contract": can(actor, "contracts.create_contract", competition.buyer),
    }
