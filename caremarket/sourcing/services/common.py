"""Helpers the sourcing services share."""

import re

from django.db.models import Model

from caremarket.core.errors import ValidationFailed
from caremarket.rules.refusals import Refusal

REFERENCE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9.-]{1,29}$")


def _refuse(refusal: Refusal | None, **details) -> None:
    if refusal is not None:
        raise refusal.error(**details)


def _next_reference(model: type[Model], prefix: str) -> str:
    """The next free reference like PREFIX-0001 for `model` (references are unique)."""
    taken = set(model.objects.filter(reference__startswith=f"{prefix}-").values_list("reference", flat=True))
    n = len(taken) + 1
    while f"{prefix}-{n:04d}" in taken:
        n += 1
    return f"{prefix}-{n:04d}"


def _check_reference(reference: str) -> str:
    value = reference.strip().upper()
    if not REFERENCE_PATTERN.match(value):
        raise ValidationFailed.for_field(
            "reference",
            "Enter a reference of 2 to 30 capital letters, digits, dots or hyphens, like BC-LON-2018",
        )
    return value
