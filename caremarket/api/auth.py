"""API authentication: a personal bearer token, or the browser's session (with CSRF)."""

from ninja.security import HttpBearer, SessionAuth

from caremarket.orgs.models import Organisation
from caremarket.orgs.selectors import actor_for_api_token, build_actor
from caremarket.orgs.services import api_token_used

ORGANISATION_HEADER = "X-Caremarket-Organisation"


def _acting_organisation_id(request) -> int | None:
    code = request.headers.get(ORGANISATION_HEADER)
    if not code:
        return None
    return Organisation.objects.filter(code__iexact=code).values_list("pk", flat=True).first()


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer cm_…`, a token made on the account page."""

    def authenticate(self, request, token: str):
        use = actor_for_api_token(token, _acting_organisation_id(request))
        if use is None:
            return None
        api_token_used(token_id=use.token_id, last_used_at=use.last_used_at)
        request.actor = use.actor
        return use.actor


class SessionActorAuth(SessionAuth):
    """The signed-in browser session; unsafe methods need the CSRF token."""

    def authenticate(self, request, key):
        person = super().authenticate(request, key)
        if person is not None and ORGANISATION_HEADER in request.headers:
            request.actor = build_actor(person, _acting_organisation_id(request))
        return person
