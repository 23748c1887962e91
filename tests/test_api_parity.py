"""The API offers every step the pages do. Every page that takes a form (a POST) is listed
here with the API routes that take the same steps; each of those routes must exist. A new
page with a form fails until it is listed, so a step cannot be added to the pages alone.
The few pages with no API twin say why."""

import pytest
from django.urls import get_resolver

from tests.routes import api_routes

A = "/api/v1"
PAGE_STEPS: dict[str, tuple[str, ...]] = {
    # Accounts and organisations
    "/account/tokens": (f"POST {A}/tokens",),
    "/account/tokens/<int:token_id>/revoke": (f"DELETE {A}/tokens/{{token_id}}",),
    "/organisations/<str:code>/certifications/add": (f"POST {A}/organisations/{{code}}/certifications",),
    "/organisations/<str:code>/edit": (f"PATCH {A}/organisations/{{code}}",),
    "/organisations/<str:code>/people/<int:person_id>/roles/<str:role>/remove": (
        f"DELETE {A}/organisations/{{code}}/members/{{person_id}}/roles/{{role}}",
    ),
    "/organisations/<str:code>/people/add": (f"POST {A}/organisations/{{code}}/members",),
    "/organisations/<str:code>/sites/add": (f"POST {A}/organisations/{{code}}/sites",),
    # Agreements
    "/agreements/new": (f"POST {A}/agreements",),
    "/agreements/<str:reference>/edit": (f"PATCH {A}/agreements/{{reference}}",),
    "/agreements/<str:reference>/status": (f"POST {A}/agreements/{{reference}}/status",),
    "/agreements/<str:reference>/lots/add": (f"POST {A}/agreements/{{reference}}/lots",),
    "/agreements/<str:reference>/lots/<int:number>/rules": (
        f"PUT {A}/agreements/{{reference}}/lots/{{number}}/rules",
    ),
    "/agreements/<str:reference>/lots/<int:number>/suppliers/<str:code>": tuple(
        f"POST {A}/agreements/{{reference}}/lots/{{number}}/suppliers/{{code}}/{step}"
        for step in ("suspend", "remove", "reinstate")
    ),
    "/agreements/<str:reference>/apply": (f"POST {A}/agreements/{{reference}}/applications",),
    "/agreements/<str:reference>/reviews": (f"POST {A}/agreements/{{reference}}/reviews",),
    "/agreements/<str:reference>/reviews/<int:year>/complete": (
        f"POST {A}/agreements/{{reference}}/reviews/{{year}}/complete",
    ),
    "/agreements/<str:reference>/reviews/<int:year>/suppliers/<str:code>/remove": (
        f"POST {A}/agreements/{{reference}}/reviews/{{year}}/suppliers/{{code}}/remove",
    ),
    "/agreements/<str:reference>/reviews/<int:year>/suppliers/<str:code>": (
        f"PUT {A}/agreements/{{reference}}/reviews/{{year}}/suppliers/{{code}}",
    ),
    "/agreements/applications/<int:application_id>/assess": (
        f"POST {A}/applications/{{application_id}}/assessments",
    ),
    "/agreements/applications/<int:application_id>/decide": (
        f"POST {A}/applications/{{application_id}}/admit",
        f"POST {A}/applications/{{application_id}}/reject",
    ),
    "/agreements/applications/<int:application_id>/withdraw": (
        f"POST {A}/applications/{{application_id}}/withdraw",
    ),
    "/agreements/compliance/renew": (f"POST {A}/suppliers/{{code}}/certifications/renewals",),
    # Catalogue
    "/catalogue/your-services/new": (f"POST {A}/catalogue/listings",),
    "/catalogue/services/<int:listing_id>/edit": (f"PUT {A}/catalogue/listings/{{listing_id}}/draft",),
    "/catalogue/services/<int:listing_id>/prices": (f"POST {A}/catalogue/listings/{{listing_id}}/prices",),
    "/catalogue/services/<int:listing_id>/submit": (f"POST {A}/catalogue/listings/{{listing_id}}/submit",),
    "/catalogue/services/<int:listing_id>/withdraw": (
        f"POST {A}/catalogue/listings/{{listing_id}}/withdraw",
    ),
    "/catalogue/services/<int:listing_id>/review": (
        f"POST {A}/catalogue/listings/{{listing_id}}/approve",
        f"POST {A}/catalogue/listings/{{listing_id}}/reject",
    ),
    "/catalogue/shortlists": (f"POST {A}/catalogue/shortlists",),
    "/catalogue/shortlists/<int:shortlist_id>/lock": (
        f"POST {A}/catalogue/shortlists/{{shortlist_id}}/lock",
    ),
    "/catalogue/shortlists/<int:shortlist_id>/remove/<int:listing_id>": (
        f"DELETE {A}/catalogue/shortlists/{{shortlist_id}}/entries/{{listing_id}}",
    ),
    "/catalogue/advisors/your-entry": (
        f"POST {A}/catalogue/advisors",
        f"PATCH {A}/catalogue/advisors/{{advisor_id}}",
    ),
    # Sourcing
    "/sourcing/requirements/new": (f"POST {A}/sourcing/requirement-sets",),
    "/sourcing/requirements/<str:reference>/upload": (
        f"POST {A}/sourcing/requirement-sets/{{reference}}/import",
    ),
    "/sourcing/requirements/<str:reference>/lines/add": (
        f"POST {A}/sourcing/requirement-sets/{{reference}}/lines",
    ),
    "/sourcing/requirements/<str:reference>/lines/<int:line_id>/remove": (
        f"DELETE {A}/sourcing/requirement-sets/{{reference}}/lines/{{line_id}}",
    ),
    "/sourcing/requirements/<str:reference>/submit": (
        f"POST {A}/sourcing/requirement-sets/{{reference}}/submit",
    ),
    "/sourcing/clubs/new": (f"POST {A}/sourcing/clubs",),
    "/sourcing/clubs/<str:reference>/join": (f"POST {A}/sourcing/clubs/{{reference}}/members",),
    "/sourcing/clubs/<str:reference>/open": (f"POST {A}/sourcing/clubs/{{reference}}/status",),
    "/sourcing/clubs/<str:reference>/launch": (f"POST {A}/sourcing/clubs/{{reference}}/status",),
    "/sourcing/clubs/<str:reference>/launch-date": (f"PATCH {A}/sourcing/clubs/{{reference}}",),
    "/sourcing/clubs/<str:reference>/competition/new": (f"POST {A}/competitions",),
    "/sourcing/collaborations/new": (f"POST {A}/sourcing/collaborations",),
    "/sourcing/collaborations/<str:reference>": (f"POST {A}/sourcing/collaborations/{{reference}}/partners",),
    "/sourcing/collaborations/<str:reference>/milestones/<str:key>/done": (
        f"POST {A}/sourcing/collaborations/{{reference}}/milestones/{{key}}/done",
    ),
    "/sourcing/individual/new": (f"POST {A}/sourcing/individual-procurements",),
    "/sourcing/individual/<str:reference>/milestones/<str:key>/done": (
        f"POST {A}/sourcing/individual-procurements/{{reference}}/milestones/{{key}}/done",
    ),
    "/sourcing/intentions/new": (f"POST {A}/sourcing/intentions",),
    "/sourcing/intentions/<str:reference>/publish": (f"POST {A}/sourcing/intentions/{{reference}}/publish",),
    "/sourcing/intentions/<str:reference>/withdraw": (
        f"POST {A}/sourcing/intentions/{{reference}}/withdraw",
    ),
    "/sourcing/diagnostic": (f"PUT {A}/sourcing/diagnostic/{{code}}",),
    "/sourcing/route-advisor/questions/<str:key>": (f"POST {A}/sourcing/route-advice",),
    # Competitions
    "/competitions/new": (f"POST {A}/competitions",),
    "/competitions/<str:reference>/edit": (f"PATCH {A}/competitions/{{reference}}",),
    "/competitions/<str:reference>/status": (f"POST {A}/competitions/{{reference}}/status",),
    "/competitions/<str:reference>/documents": (f"POST {A}/competitions/{{reference}}/documents",),
    "/competitions/<str:reference>/panel": (f"POST {A}/competitions/{{reference}}/panel",),
    "/competitions/<str:reference>/questions": (f"POST {A}/competitions/{{reference}}/questions",),
    "/competitions/<str:reference>/questions/<int:question_id>/answer": (
        f"POST {A}/competitions/{{reference}}/questions/{{question_id}}/answer",
    ),
    "/competitions/<str:reference>/bid": tuple(
        f"{method} {A}/competitions/{{reference}}/my-bid{path}"
        for method, path in (
            ("PUT", ""),
            ("POST", "/files"),
            ("POST", "/price-list"),
            ("POST", "/submit"),
            ("POST", "/withdraw"),
            ("POST", "/resubmit"),
        )
    ),
    "/competitions/<str:reference>/evaluate": (
        f"POST {A}/competitions/{{reference}}/declaration",
        f"PUT {A}/competitions/{{reference}}/scores",
        f"POST {A}/competitions/{{reference}}/scores/submit",
    ),
    "/competitions/<str:reference>/moderation": (
        f"POST {A}/competitions/{{reference}}/consensus",
        f"POST {A}/competitions/{{reference}}/gates",
        f"POST {A}/competitions/{{reference}}/flags",
    ),
    "/competitions/<str:reference>/award": (
        f"POST {A}/competitions/{{reference}}/award",
        f"POST {A}/competitions/{{reference}}/award/confirm",
        f"POST {A}/competitions/{{reference}}/challenges/{{challenge_id}}/outcome",
    ),
    "/competitions/<str:reference>/challenge": (f"POST {A}/competitions/{{reference}}/challenges",),
    "/competitions/<str:reference>/contract": (f"POST {A}/competitions/{{reference}}/contract",),
    "/direct-awards/new": (f"POST {A}/direct-awards",),
    # Contracts, orders, fees, GP IT, continuity
    "/contracts/new": (f"POST {A}/contracts",),
    "/contracts/<str:reference>/extend": (f"POST {A}/contracts/{{reference}}/extend",),
    "/contracts/<str:reference>/actions": (
        *(
            f"POST {A}/contracts/{{reference}}/{step}"
            for step in ("sign", "extend", "terminate", "variations", "subcontractors", "exceptions")
        ),
        f"POST {A}/contracts/{{reference}}/exceptions/{{exception_id}}/decision",
    ),
    "/contracts/<str:reference>/performance": (
        f"POST {A}/contracts/{{reference}}/feedback",
        f"POST {A}/contracts/{{reference}}/kpis/{{code}}/results",
        f"POST {A}/contracts/{{reference}}/self-assessments",
        f"POST {A}/contracts/{{reference}}/improvement-plans",
        f"POST {A}/improvement-plans/{{plan_id}}/progress",
        f"POST {A}/improvement-plans/{{plan_id}}/close",
    ),
    "/contracts/<str:reference>/kpis": (f"POST {A}/contracts/{{reference}}/kpis",),
    "/contracts/proposals/<int:proposal_id>": (f"POST {A}/suspension-proposals/{{proposal_id}}/decision",),
    "/contracts/<str:reference>/order": (f"POST {A}/orders",),
    "/orders/club/<int:club_id>": (f"POST {A}/orders",),
    "/orders/<str:reference>/sites/<int:delivery_id>": (f"POST {A}/deliveries/{{delivery_id}}/stage",),
    "/contracts/handovers/<int:handover_id>": (
        f"POST {A}/handovers/{{handover_id}}/items/{{position}}/done",
    ),
    "/contracts/<str:reference>/backstop": (f"POST {A}/contracts/{{reference}}/backstop",),
    "/agreements/<str:reference>/lots/<int:number>/backstops": (
        f"POST {A}/agreements/{{reference}}/lots/{{number}}/backstops",
    ),
    "/agreements/<str:reference>/lots/<int:number>/backstops/<int:backstop_id>": (
        f"PUT {A}/backstops/{{backstop_id}}/suppliers",
    ),
    "/fees": (f"POST {A}/fee-returns",),
    "/fees/<str:reference>/flags": (f"POST {A}/agreements/{{reference}}/fees/flags",),
    "/fees/returns/<int:return_id>": (
        f"POST {A}/fee-returns/{{return_id}}/invoice",
        f"POST {A}/fee-invoices/{{invoice_id}}/payment",
    ),
    "/gp-it": (f"POST {A}/gpit/foundation-choices", f"POST {A}/gpit/own-system-requests"),
    "/gp-it/requests/<int:request_id>": (f"POST {A}/gpit/own-system-requests/{{request_id}}/decision",),
    # An order from the GP IT Futures catalogue with `allocation` set to the allocation's id.
    "/gp-it/allocations/<int:allocation_id>/order/<int:lot_number>/<str:supplier_code>": (
        f"POST {A}/orders",
    ),
    # Transparency: a notice a contract still owes
    "/notices/due/<str:code>/<str:reference>": (f"POST {A}/notices/due/{{code}}/{{contract_reference}}",),
    # Transparency: a buyer's own notices (choosing the type only leads to its form)
    "/notices/new": (f"POST {A}/notices",),
    "/notices/new/<str:code>": (f"POST {A}/notices", f"POST {A}/notices/{{notice_id}}/publish"),
    "/notices/manage/<int:notice_id>/publish": (f"POST {A}/notices/{{notice_id}}/publish",),
    "/notices/manage/<int:notice_id>/edit": (f"PUT {A}/notices/{{notice_id}}/draft",),
    "/notices/<int:notice_id>/correct": (f"POST {A}/notices/{{notice_id}}/corrections",),
    # Provider selection: the Provider Selection Regime's steps
    "/selection/new": (f"POST {A}/selection/processes",),
    "/selection/<str:reference>/choose": (f"POST {A}/selection/processes/{{reference}}/choose",),
    "/selection/<str:reference>/decision": (f"PUT {A}/selection/processes/{{reference}}/decision",),
    "/selection/<str:reference>/intention": (f"POST {A}/selection/processes/{{reference}}/intention",),
    "/selection/<str:reference>/representations/new": (
        f"POST {A}/selection/processes/{{reference}}/representations",
    ),
    "/selection/<str:reference>/representations/<int:representation_id>/clarify": (
        f"POST {A}/selection/processes/{{reference}}/representations/{{representation_id}}/clarification",
    ),
    "/selection/<str:reference>/review": (f"POST {A}/selection/processes/{{reference}}/review",),
    "/selection/<str:reference>/award": (f"POST {A}/selection/processes/{{reference}}/award",),
    "/selection/urgent-awards/new": (f"POST {A}/selection/urgent-awards",),
    # Provider selection: the Most Suitable Provider process
    **{
        f"/selection/msp/<str:reference>{page}": tuple(
            f"{method} {A}/selection/msp/{{reference}}{api}" for method, api in steps
        )
        for page, steps in {
            "/start": [("POST", "/start")],
            "/deadline": [("PUT", "/deadline")],
            "/alliances/new": [("POST", "/alliances")],
            "/market-notice": [("POST", "/market-notice")],
            "/dialogue/new": [("POST", "/dialogue-sessions")],
            "/panel": [("POST", "/panel")],
            "/declare": [("POST", "/panel/declaration")],
            "/gateway1": [("POST", "/gateway1")],
            "/engagement": [("POST", "/engagement")],
            "/gateway2": [("POST", "/gateway2")],
            "/decision": [("PUT", "/decision")],
            "/intention": [("POST", "/intention")],
            "/stage2/versions/<int:version_id>/agree": [("POST", "/stage2/versions/{version_id}/agree")],
            "/alliances/<int:alliance_id>/letter": [("POST", "/alliances/{alliance_id}/letter")],
            "/alliances/<int:alliance_id>/submission": [
                ("POST", "/alliances/{alliance_id}/submission/documents"),
                ("POST", "/alliances/{alliance_id}/submission/submit"),
            ],
            "/alliances/<int:alliance_id>/rate/<str:domain>": [("PUT", "/alliances/{alliance_id}/ratings")],
            "/alliances/<int:alliance_id>/moderate": [("POST", "/alliances/{alliance_id}/moderation")],
            "/alliances/<int:alliance_id>/stage2/<str:kind>": [
                ("POST", "/alliances/{alliance_id}/stage2/{kind}/versions")
            ],
            "/alliances/<int:alliance_id>/contract": [("POST", "/alliances/{alliance_id}/contract")],
        }.items()
    },
}

# Pages whose form has no API twin, and why.
PAGES_ONLY = {
    "/sign-in": "signing in to the pages; the API authenticates each request with a token",
    "/sign-out": "signing out of the pages",
    "/set-password/<str:uidb64>/<str:token>": "a person sets their own password from an emailed link",
    "/acting-for": "which organisation the pages act for; an API call names its organisation",
}


def _accepts_post(view) -> bool:
    """Whether a view takes POST: Django's `require_http_methods` keeps its list of methods
    in the closure of the wrapper it returns."""
    found = view
    while found is not None:
        for cell in getattr(found, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            methods = isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)
            if methods and "POST" in value:
                return True
        found = getattr(found, "__wrapped__", None)
    return False


def _pages_with_forms(patterns=None, prefix="") -> set[str]:
    found = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        text = prefix + str(pattern.pattern)
        if hasattr(pattern, "url_patterns"):
            found |= _pages_with_forms(pattern.url_patterns, text)
        elif not text.startswith(("api/", "records/")) and _accepts_post(pattern.callback):
            found.add("/" + text)
    return found


def test_the_list_of_pages_with_forms_is_found():
    pages = _pages_with_forms()
    assert "/competitions/<str:reference>/bid" in pages and "/sign-in" in pages
    assert "/competitions" not in pages  # a list only reads


def test_every_page_with_a_form_has_its_api_steps():
    pages = _pages_with_forms()
    unlisted = sorted(pages - set(PAGE_STEPS) - set(PAGES_ONLY))
    assert not unlisted, "pages whose steps the API may not offer: " + ", ".join(unlisted)
    stale = sorted((set(PAGE_STEPS) | set(PAGES_ONLY)) - pages)
    assert not stale, "listed pages that no longer take a form: " + ", ".join(stale)


@pytest.mark.parametrize("page", sorted(PAGE_STEPS))
def test_the_api_routes_for_a_page_exist(page):
    missing = [route for route in PAGE_STEPS[page] if route not in api_routes()]
    assert not missing, f"{page}: the API lacks {missing}"
