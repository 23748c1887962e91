"""Schemas and types shared by every router."""

import re
from datetime import date, datetime
from typing import Annotated

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination
from pydantic import BaseModel, BeforeValidator, ConfigDict, StrictBool

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


def _query_flag(value):
    # A query string says true or false; pydantic would also take 0, 1, yes, no, on and off.
    if isinstance(value, bool) or value in ("true", "false"):
        return value
    raise ValueError("Enter true or false")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
IsoDateTime = Annotated[datetime, BeforeValidator(_iso_datetime)]
Flag = StrictBool  # in a JSON body: true or false, not 0 or "yes"
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
