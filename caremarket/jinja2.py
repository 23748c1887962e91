"""The Jinja2 environment: our templates first, then the NHS.UK frontend's macros."""

from datetime import date, datetime
from decimal import Decimal

from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader

from caremarket.core import clock
from caremarket.core.money import format_money
from caremarket.rules.roles import ROLE_LABELS, Role


def url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def format_date(value: date | datetime | None, fmt: str = "%-d %B %Y") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = clock.local(value)
    return value.strftime(fmt)


def format_datetime(value: datetime | None) -> str:
    return format_date(value, "%-d %B %Y at %H:%M") if value else ""


def plain_number(value: Decimal | int | None) -> str:
    """A number without trailing zeros or an exponent: 100.00 as "100", 12.50 as "12.5"."""
    if value is None:
        return ""
    return format(Decimal(value).normalize(), "f")


def role_label(role: str) -> str:
    try:
        return ROLE_LABELS[Role(role)]
    except ValueError:
        return role


def choice_items(choices, selected="", blank: str | None = None, mark: str = "selected") -> list[dict]:
    """Items for the NHS.UK select, radios and checkboxes macros from (value, label) pairs."""
    items = [{"value": "", "text": blank}] if blank is not None else []
    chosen = {str(v) for v in selected} if isinstance(selected, list | tuple | set) else {str(selected)}
    items += [{"value": value, "text": label, mark: str(value) in chosen} for value, label in choices]
    return items


def acting_for(request):
    """The organisation the signed-in person is acting for, for the header."""
    from caremarket.orgs.models import Organisation

    actor = request.actor
    if actor.organisation_id is None:
        return None
    return Organisation.objects.filter(pk=actor.organisation_id).only("name", "code").first()


def environment(**options) -> Environment:
    options["loader"] = ChoiceLoader([options["loader"], PackageLoader("nhsuk_frontend_jinja")])
    options["undefined"] = ChainableUndefined
    options.setdefault("autoescape", True)
    env = Environment(**options)
    from caremarket.web.navigation import flash_messages, navigation_for

    env.globals.update(
        url=url,
        static=static,
        role_label=role_label,
        today=clock.today,
        navigation_for=navigation_for,
        flash_messages=flash_messages,
        acting_for=acting_for,
        choice_items=choice_items,
    )
    env.filters.update(
        money=format_money,
        date=format_date,
        datetime=format_datetime,
        role_label=role_label,
        number=plain_number,
    )
    return env
