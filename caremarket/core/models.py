from django.db import models

from caremarket.core import clock


class TimeStampedModel(models.Model):
    """Created and updated times from the one clock (so frozen tests see frozen times)."""

    created_at = models.DateTimeField(default=clock.now, editable=False)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        abstract = True

    def touch(self) -> None:
        self.updated_at = clock.now()


def model_snapshot(obj: models.Model, fields: list[str] | None = None) -> dict:
    """The values of a model's concrete fields, for an audit event's before/after."""
    names = fields or [f.attname for f in obj._meta.concrete_fields]
    return {name: getattr(obj, name) for name in names}
