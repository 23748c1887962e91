from django.conf import settings
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


class IdempotentRequest(models.Model):
    """A request sent with an `Idempotency-Key` header, and the response it got.

    Written in the same transaction as whatever the request created, so a committed create
    always has its response stored beside it: a retry after a lost response gets that response
    back instead of a second order (`caremarket.core.idempotency`).
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idempotent_requests"
    )
    key = models.CharField(max_length=255)
    # "POST /api/v1/orders": the method and the path (with any query string) the key was used on.
    route = models.CharField(max_length=2100)
    # SHA-256 of the body (JSON canonicalised, files by content) and the acting organisation.
    body_sha256 = models.CharField(max_length=64)
    # 0 until the response is stored; a row is only ever committed with its response.
    status = models.PositiveSmallIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True)
    # The response body exactly as sent (text, not a JSONField: jsonb would reorder its keys).
    response_json = models.TextField(blank=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "key"], name="idempotent_request_person_key")
        ]
        indexes = [models.Index(fields=["person", "created_at"], name="idempotent_request_age")]

    def __str__(self) -> str:
        return f"{self.key} ({self.route})"
