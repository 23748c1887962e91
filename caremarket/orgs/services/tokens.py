"""API tokens: created, revoked, and their last use."""

import secrets
from datetime import datetime, timedelta

from caremarket.audit.services import audit_record
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import Conflict, NotFound, ValidationFailed
from caremarket.core.services import service
from caremarket.orgs.models import (
    ApiToken,
    hash_token,
)

# --- API tokens --------------------------------------------------------------------------

TOKEN_PREFIX = "cm_"


@service
def api_token_create(*, actor: Actor, name: str, expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """A new personal token. The secret is returned once and never stored."""
    if actor.person is None:
        raise ValidationFailed("Only a signed-in person can have an API token")
    if not name.strip():
        raise ValidationFailed.for_field("name", "Enter a name for the token, like 'Finance reports'")
    if expires_at is not None and expires_at <= clock.now():
        raise ValidationFailed.for_field("expires_at", "The expiry must be in the future")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        person=actor.person,
        name=name.strip(),
        prefix=secret[:10],
        token_hash=hash_token(secret),
        expires_at=expires_at,
    )
    audit_record(
        actor=actor, action="api_token.created", obj=token, after={"name": token.name, "prefix": token.prefix}
    )
    return token, secret


@service
def api_token_revoke(*, actor: Actor, token_id: int) -> ApiToken:
    token = ApiToken.objects.select_for_update().filter(pk=token_id, person_id=actor.person_id).first()
    if token is None:
        raise NotFound("There is no such token of yours")
    if token.revoked_at is not None:
        raise Conflict("This token was already revoked", code=ErrorCode.TOKEN_REVOKED)
    token.revoked_at = clock.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action="api_token.revoked",
        obj=token,
        before={"revoked_at": None},
        after={"revoked_at": token.revoked_at},
    )
    return token


TOKEN_USE_RESOLUTION = timedelta(minutes=5)


@service
def api_token_used(*, token_id: int, last_used_at: datetime | None) -> None:
    """Note when a token was last used, to the nearest few minutes: bookkeeping rather than a
    change of state, so no audit event and no write on every request."""
    now = clock.now()
    if last_used_at is None or now - last_used_at > TOKEN_USE_RESOLUTION:
        ApiToken.objects.filter(pk=token_id).update(last_used_at=now)
