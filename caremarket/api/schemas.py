"""Schemas and types shared by every router."""

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PlainSerializer,
    StrictBool,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from caremarket.core.money import MONEY_HINT, MONEY_PATTERN, MoneyError, read_money, to_money
from caremarket.rules.date_ranges import ANY_DATE

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _iso_date(value):
    # Pydantic would also take a number as "seconds since 1970"; people mean a calendar date.
    if isinstance(value, date) or (isinstance(value, str) and ISO_DATE.match(value)):
        return value
    raise ValueError("Enter a date as YYYY-MM-DD")


def _iso_datetime(value):
    if isinstance(value, datetime) or (isinstance(value, str) and ISO_DATETIME.match(value)):
        return value
    raise ValueError("Enter a date and time as YYYY-MM-DDTHH:MM:SS with a timezone")


def _sane_date(value):
    # 0001-01-01 and 9999-12-31 are slips, never plans: refused here, before any service (each
    # kind of date then has its own, narrower range in caremarket.rules.date_ranges).
    day = value.date() if isinstance(value, datetime) else value
    problem = ANY_DATE.problem(day, "The date")
    if problem:
        raise PydanticCustomError("date_range", problem)
    return value


def _query_flag(value):
    # A query string says true or false; pydantic would also take 0, 1, yes, no, on and off.
    if isinstance(value, bool) or value in ("true", "false"):
        return value
    raise ValueError("Enter true or false")


# Longer than any amount anyone types: refused before it is parsed.
AMOUNT_MAX_LENGTH = 40


def _amount(value):
    # The words a person types on the pages, parsed the same way; never a JSON number, which
    # would arrive as a float.
    if not isinstance(value, str):
        raise PydanticCustomError("amount", 'Enter the amount as a string, like "98,500" or "£98,500.00"')
    if len(value) > AMOUNT_MAX_LENGTH:
        raise PydanticCustomError("amount", MONEY_HINT)
    try:
        return read_money(value)
    except MoneyError as exc:
        raise PydanticCustomError("amount", str(exc)) from None


def _pounds(value: Decimal) -> str:
    return str(to_money(value))


# An amount of money in a request: "98,500", "£98,500.00" and "98500" alike, as on the pages
# (caremarket.core.money.MONEY_PATTERN). The endpoint receives a Decimal of pounds and pence;
# a negative amount, fractions of a penny or a trillion pounds or more are refused.
AmountIn = Annotated[
    Decimal,
    BeforeValidator(_amount),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": MONEY_PATTERN,
            "maxLength": AMOUNT_MAX_LENGTH,
            "examples": ["98,500", "£98,500.00", "98500"],
        }
    ),
]
# An amount of money in a response: pounds rounded to pence, as a string ("111.96").
Money = Annotated[
    Decimal,
    PlainSerializer(_pounds, return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^-?[0-9]+\.[0-9]{2}$", "examples": ["111.96"]}),
]

_DATE_RANGE_TEXT = f"Between {ANY_DATE.earliest.isoformat()} and {ANY_DATE.latest.isoformat()}"
IsoDate = Annotated[
    date,
    BeforeValidator(_iso_date),
    AfterValidator(_sane_date),
    WithJsonSchema({"type": "string", "format": "date", "description": _DATE_RANGE_TEXT}),
]
IsoDateTime = Annotated[
    datetime,
    BeforeValidator(_iso_datetime),
    AfterValidator(_sane_date),
    WithJsonSchema({"type": "string", "format": "date-time", "description": _DATE_RANGE_TEXT}),
]
# The largest id a database row can have (a signed 64-bit integer): a larger number in a path
# or a body is refused here, documented in the OpenAPI document, rather than overflowing the
# database driver.
ID_MAX = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=ID_MAX)]
# A lot's number within its agreement, and a calendar year (of an annual review, say).
LotNumber = Annotated[int, Field(ge=1, le=999)]
Year = Annotated[int, Field(ge=ANY_DATE.earliest.year, le=ANY_DATE.latest.year)]
Flag = StrictBool  # in a JSON body: true or false, not 0 or "yes"


def _not_null(value):
    if value is None:
        raise PydanticCustomError("not_null", "This cannot be cleared: leave it out to keep it as it is")
    return value


def _blank_if_null(value):
    return "" if value is None else value


# In a PATCH schema, where a field left out keeps its value: a field that must always have a
# value refuses an explicit null (422 naming it) instead of saving None into a NOT NULL
# column; a text field that may be blank is cleared by null, as by "".
#     name: Annotated[str, NotNull] = Field(None, min_length=1)
#     postcode: Annotated[str | None, BlankIfNull] = None
NotNull = BeforeValidator(_not_null)
BlankIfNull = AfterValidator(_blank_if_null)
QueryFlag = Annotated[bool, BeforeValidator(_query_flag)]  # in a query string: "true" or "false"
# Pages beyond this would ask the database for an offset it cannot hold.
MAX_PAGE = 100_000


class Pages(PageNumberPagination):
    """Numbered pages for list endpoints, within reason: a huge page number is refused
    rather than overflowing the database's offset."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int = Field(20, ge=1, le=200)


class Out(BaseModel):
    """A response schema validated by pydantic alone: several times quicker than a Ninja
    Schema on busy lists. Reads attributes of model instances, or keys of plain rows."""

    model_config = ConfigDict(from_attributes=True)


class ErrorOut(Schema):
    code: str
    message: str
    details: dict


# The error responses every authenticated route can give, for the OpenAPI document.
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def responses(ok: int, schema) -> dict:
    return {ok: schema, **ERRORS}
