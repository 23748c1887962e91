"""Schemas and types shared by every router."""

import re
from datetime import date, datetime
from typing import Annotated

from ninja import Schema
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


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
IsoDateTime = Annotated[datetime, BeforeValidator(_iso_datetime)]
Flag = StrictBool


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
