"""Rules every API input keeps, whatever its schema: checked once, here, for every operation.

- Text holds no control characters (caremarket.core.validation.CONTROL_CHARACTERS): a name
  with a NUL in it would be saved, and every spreadsheet of it would then fail.
- Whole numbers fit the database's 64-bit integers: a larger id would overflow the database
  driver instead of being not found. (Ids are also typed `Id` in the schemas, so the bound is
  in the OpenAPI document; this catches any number a schema leaves unbounded.)

Both refusals are the usual 422 `validation_failed`, naming the field.
"""

from functools import wraps

from django.core.files.uploadedfile import UploadedFile
from ninja.errors import ValidationError
from pydantic import BaseModel

from caremarket.api.schemas import ID_MAX
from caremarket.core.validation import CONTROL_CHARACTER_MESSAGE, has_control_characters

NUMBER_MESSAGE = f"Enter a whole number between {-ID_MAX - 1} and {ID_MAX}"


def _problems(value, loc: tuple, found: list[dict]) -> None:
    if isinstance(value, str):
        if has_control_characters(value):
            found.append({"loc": loc, "msg": CONTROL_CHARACTER_MESSAGE, "type": "control_characters"})
    elif isinstance(value, bool):
        return
    elif isinstance(value, int):
        if not -ID_MAX - 1 <= value <= ID_MAX:
            found.append({"loc": loc, "msg": NUMBER_MESSAGE, "type": "number_too_large"})
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _problems(getattr(value, name, None), (*loc, name), found)
    elif isinstance(value, dict):
        for key, item in value.items():
            _problems(key, loc, found)
            _problems(item, (*loc, str(key)), found)
    elif isinstance(value, list | tuple | set | frozenset):
        for index, item in enumerate(value):
            _problems(item, (*loc, index), found)
    elif isinstance(value, UploadedFile):
        _problems(value.name or "", (*loc, "name"), found)


def input_problems(values: dict) -> list[dict]:
    """The problems with an operation's validated arguments, located as pydantic locates
    them (a schema's fields under "body", a single value under "path")."""
    found: list[dict] = []
    for name, value in values.items():
        loc = ("body", name) if isinstance(value, BaseModel) else ("path", name)
        _problems(value, loc, found)
    return found


def check_inputs(view_func):
    """An operation decorator (`api.add_decorator`): runs after validation, before the view."""

    @wraps(view_func)
    def checked(request, *args, **kwargs):
        found = input_problems(kwargs)
        if found:
            raise ValidationError(found)
        return view_func(request, *args, **kwargs)

    return checked
