"""API authentication: a personal bearer token, or the browser's session (with CSRF)."""

from ninja.security import HttpBearer, SessionAuth

from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import PermissionDenied
from caremarket.orgs.selectors import actor_for_api_token, build_actor, organisation_id_for_code
from caremarket.orgs.services import api_token_used

# Which of the caller's organisations a request acts for (by its code, in any case); without
# it, the first they belong to. A code the caller is not a member of, or that names no
# organisation at all, is refused with 403 `organisation.not_a_member` (one answer for both,
# with the reason in the message): acting for someone else is never silently ignored.
ORGANISATION_HEADER = "X-Caremarket-Organisation"


def _acting_for(request, actor: Actor) -> Actor:
    """The actor acting for the organisation the header names, or refused."""
    code = request.headers.get(ORGANISATION_HEADER, "").strip()
    if not code:
        return actor
    organisation_id = organisation_id_for_code(code)
    if organisation_id is None:
        reason = f"There is no organisation with the code {code}"
    elif not actor.is_member(organisation_id):
        reason = f"You are not a member of {code.upper()}"
    else:
        return actor.with_organisation(organisation_id)
    raise PermissionDenied(
        f"{reason}: the {ORGANISATION_HEADER} header must name an organisation you belong to",
        code=ErrorCode.NOT_A_MEMBER_OF_ORGANISATION,
        details={"header": ORGANISATION_HEADER, "organisation": code},
    )


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer cm_…`, a token made on the account page."""

    def authenticate(self, request, token: str):
        use = actor_for_api_token(token)
        if use is None:
            return None
        actor = _acting_for(request, use.actor)
        api_token_used(token_id=use.token_id, last_used_at=use.last_used_at)
        request.actor = actor
        return actor


class SessionActorAuth(SessionAuth):
    """The signed-in browser session; unsafe methods need the CSRF token."""

    def authenticate(self, request, key):
        person = super().authenticate(request, key)
        if person is not None and request.headers.get(ORGANISATION_HEADER, "").strip():
            request.actor = _acting_for(request, build_actor(person))
        return person
