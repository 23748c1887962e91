"""Role-matrix cases for transparency (public). The world is built by
tests/role_matrix/world_transparency.py: the matrix buyer has published a UK4 and a UK6 for
MXT-1 and holds a draft UK7. Every page and route here is public, answering everyone alike,
signed in or not; a draft is not found for anyone, its own publisher included."""

from tests.role_matrix.cases import NOBODY, Case, Request, at
from tests.role_matrix.world import EVERYONE, World


def _notice(key: str, tail: str = "", api: bool = False):
    def build(w: World, actor: str) -> Request:
        prefix = "/api/v1/notices/" if api else "/notices/"
        return Request(f"{prefix}{w.extra[key].pk}{tail}")

    return build


def _process(tail: str = "", api: bool = False):
    def build(w: World, actor: str) -> Request:
        if api:
            return Request(f"/api/v1/processes/{w.extra['ocid']}/notices")
        return Request(f"/notices/processes/{w.extra['ocid']}{tail}")

    return build


def _public(route: str, request) -> Case:
    return Case(route, EVERYONE, request, public=True)


PAGES = [
    _public("GET /notices", at("/notices?q=home+care&type=UK4")),
    _public("GET /notices/publication-policy", at("/notices/publication-policy")),
    _public("GET /notices/<int:notice_id>", _notice("notice")),
    _public("GET /notices/<int:notice_id>", _notice("award_notice")),
    _public("GET /notices/<int:notice_id>/release.json", _notice("award_notice", "/release.json")),
    _public("GET /notices/processes/<str:ocid>", _process()),
    _public("GET /notices/processes/<str:ocid>/record.json", _process("/record.json")),
    _public("GET /notices/processes/<str:ocid>/releases.json", _process("/releases.json")),
    _public("GET /notices/buyers/<str:code>", at("/notices/buyers/{buyer}")),
    # A draft is never public: not found for every actor alike.
    Case("GET /notices/<int:notice_id>", NOBODY, _notice("draft_notice")),
    Case("GET /notices/<int:notice_id>/release.json", NOBODY, _notice("draft_notice", "/release.json")),
]

API = [
    _public("GET /api/v1/notices", at("/api/v1/notices?q=home&type=UK4&type=UK6&page=1")),
    _public("GET /api/v1/notices/{notice_id}", _notice("award_notice", api=True)),
    _public("GET /api/v1/processes/{ocid}/notices", _process(api=True)),
    Case("GET /api/v1/notices/{notice_id}", NOBODY, _notice("draft_notice", api=True)),
]

CASES: list[Case] = [*PAGES, *API]
