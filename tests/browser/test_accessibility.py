"""axe-core on every page, as the people who use it: no serious or critical violation."""

import pytest
from django.conf import settings

from caremarket.core import clock
from tests.browser.conftest import axe_violations

YEAR = clock.today().year
MARKETPLACE = settings.SHARED_REFERENCE_DIR / "frameworks" / "digitalmarketplace"
CATALOGUE_PAGES = [
    ("buyer@caremarket.example", "/catalogue"),
    ("buyer@caremarket.example", "/catalogue?q=ethernet&region=east&category=hscn_connectivity&sort=price"),
    ("buyer@caremarket.example", "/catalogue/shortlists"),
    ("buyer@caremarket.example", "/catalogue/advisors"),
    ("buyer@caremarket.example", "/catalogue/advisors/your-entry"),
    ("buyer@caremarket.example", "/catalogue/benchmarks"),
    ("supplier@caremarket.example", "/catalogue/your-services"),
    ("supplier@caremarket.example", "/catalogue/your-services/new"),
    ("manager@caremarket.example", "/catalogue/approvals"),
]
AGREEMENT_PAGES = [
    ("buyer@caremarket.example", "/agreements"),
    ("buyer@caremarket.example", "/agreements/RM3825"),
    ("buyer@caremarket.example", "/agreements/RM3825/lots/1"),
    ("buyer@caremarket.example", "/agreements/ACS-STP-DPF"),
    # G-Cloud 12, imported from the shared reference data when it is there.
    *([("buyer@caremarket.example", "/agreements/RM1557.12/lots/3")] if MARKETPLACE.is_dir() else []),
    ("supplier@caremarket.example", "/agreements/RM3825/apply"),
    ("supplier@caremarket.example", "/agreements/RM3825/apply?lots=2"),
    ("supplier@caremarket.example", "/agreements/applications"),
    ("supplier@caremarket.example", "/agreements/compliance"),
    ("supplier@caremarket.example", "/agreements/compliance/renew"),
    ("manager@caremarket.example", "/"),
    ("manager@caremarket.example", "/agreements/new"),
    ("manager@caremarket.example", "/agreements/RM3825/edit"),
    ("manager@caremarket.example", "/agreements/RM3825/status"),
    ("manager@caremarket.example", "/agreements/RM3825/lots/add"),
    ("manager@caremarket.example", "/agreements/RM3825/lots/1/rules"),
    ("manager@caremarket.example", "/agreements/applications/1"),
    ("manager@caremarket.example", "/agreements/RM3825/lots/1/suppliers/S1005"),
    ("manager@caremarket.example", "/agreements/RM3825/reviews"),
    ("manager@caremarket.example", f"/agreements/RM3825/reviews/{YEAR}"),
    ("manager@caremarket.example", f"/agreements/RM3825/reviews/{YEAR}/suppliers/S1001"),
    ("auditor@caremarket.example", f"/agreements/ACS-STP-DPF/reviews/{YEAR - 1}"),
]

SOURCING_PAGES = [
    ("buyer@caremarket.example", "/sourcing/clubs"),
    ("buyer@caremarket.example", "/sourcing/clubs/HSCN-EAST"),
    ("buyer@caremarket.example", "/sourcing/requirements"),
    ("buyer@caremarket.example", "/sourcing/requirements/new"),
    ("buyer@caremarket.example", "/sourcing/route-advisor"),
    ("buyer@caremarket.example", "/sourcing/route-advisor/questions/region"),
    ("buyer@caremarket.example", "/sourcing/route-advisor/questions/needs"),
    ("buyer@caremarket.example", "/sourcing/route-advisor/questions/collaboration"),
    ("buyer@caremarket.example", "/sourcing/procurements"),
    ("buyer@caremarket.example", "/sourcing/pipeline?mine=1"),
    ("buyer@caremarket.example", "/sourcing/intentions/new"),
    ("buyer@caremarket.example", "/sourcing/intentions/PI-0001"),
    ("buyer@caremarket.example", "/sourcing/phasing"),
    ("buyer@caremarket.example", "/sourcing/diagnostic"),
    ("lead@caremarket.example", "/sourcing/collaborations/new"),
    ("lead@caremarket.example", "/sourcing/collaborations/COL-0001"),
    ("lead@caremarket.example", "/sourcing/individual/new"),
    ("clubs@caremarket.example", "/"),
    ("clubs@caremarket.example", "/sourcing/clubs/new"),
    ("clubs@caremarket.example", "/sourcing/clubs/HSCN-SOUTH-WEST"),
    ("clubs@caremarket.example", "/sourcing/clubs/HSCN-SOUTH-WEST/baseline"),
    ("clubs@caremarket.example", "/sourcing/clubs/HSCN-ONCE-FOR-LONDON/launch-date"),
    ("clubs@caremarket.example", "/sourcing/requirements/RS-HSCN-ONCE-FOR-LONDON-0001"),
    ("clubs@caremarket.example", "/sourcing/requirements/RS-HSCN-ONCE-FOR-LONDON-0001/upload"),
    ("clubs@caremarket.example", "/sourcing/requirements/RS-HSCN-ONCE-FOR-LONDON-0001/lines/add"),
    ("supplier@caremarket.example", "/sourcing/pipeline"),
]

CONTRACT_PAGES = [
    ("buyer@caremarket.example", "/contracts"),
    ("buyer@caremarket.example", "/contracts/CT-QJG-HSCN"),
    ("buyer@caremarket.example", "/contracts/CT-QJG-HSCN/order"),
    ("buyer@caremarket.example", "/contracts/CT-QJG-HSCN/performance"),
    ("buyer@caremarket.example", "/orders"),
    ("buyer@caremarket.example", "/delivery"),
    ("lead@caremarket.example", "/contracts/new"),
    ("lead@caremarket.example", "/contracts/CT-QJG-REDESIGN"),
    ("approver@caremarket.example", "/contracts/CT-QJG-BI"),
    ("approver@caremarket.example", "/gp-it"),
    ("supplier@caremarket.example", "/fees"),
    ("manager@caremarket.example", "/fees"),
]

NOTICE_PAGES = [
    (None, "/notices"),
    (None, "/notices?q=care&published_from=2026-02-30&value_min=-1"),
    (None, "/notices/publication-policy"),
    (None, "/notices/buyers/QJG"),
    ("buyer@caremarket.example", "/notices"),
]

PAGES = [
    (None, "/"),
    (None, "/sign-in"),
    ("buyer@caremarket.example", "/"),
    ("buyer@caremarket.example", "/organisations"),
    ("buyer@caremarket.example", "/organisations?sector=supplier&region=east"),
    ("buyer@caremarket.example", "/organisations/QJG"),
    ("buyer@caremarket.example", "/organisations/QJG/people"),
    ("buyer@caremarket.example", "/organisations/S1004"),
    ("buyer@caremarket.example", "/account"),
    ("buyer@caremarket.example", "/acting-for"),
    ("buyer@caremarket.example", "/no-such-page"),
    ("buyer@caremarket.example", "/audit"),
    ("lead@caremarket.example", "/organisations/QJG/people/add"),
    ("lead@caremarket.example", "/organisations/QJG/edit"),
    ("lead@caremarket.example", "/organisations/QJG/sites/add"),
    ("supplier@caremarket.example", "/"),
    ("supplier@caremarket.example", "/organisations/S1001/certifications/add"),
    ("auditor@caremarket.example", "/"),
    ("auditor@caremarket.example", "/audit"),
    ("auditor@caremarket.example", "/audit/1"),
    ("auditor@caremarket.example", "/audit/verify"),
    ("admin@caremarket.example", "/"),
    *AGREEMENT_PAGES,
    *CATALOGUE_PAGES,
    *SOURCING_PAGES,
    *CONTRACT_PAGES,
    *NOTICE_PAGES,
]


@pytest.mark.parametrize(("email", "path"), PAGES, ids=[f"{e or 'visitor'} {p}" for e, p in PAGES])
def test_page_has_no_serious_accessibility_violations(sign_in, email, path):
    page = sign_in(email)
    page.goto(path)
    assert page.title().endswith("– Caremarket")
    assert axe_violations(page) == []


def test_a_form_showing_errors_is_accessible(sign_in):
    page = sign_in("lead@caremarket.example")
    page.goto("/organisations/QJG/sites/add")
    page.click("button:has-text('Add site')")
    assert page.locator(".nhsuk-error-summary").is_visible()
    assert page.title().startswith("Error: ")
    assert axe_violations(page) == []


def test_an_application_showing_errors_is_accessible(sign_in):
    page = sign_in("supplier@caremarket.example")
    page.goto("/agreements/RM3825/apply?lots=1")
    page.click("button:has-text('Submit application')")
    assert page.locator(".nhsuk-error-summary").is_visible()
    assert page.title().startswith("Error: ")
    assert axe_violations(page) == []


def test_catalogue_pages_reached_by_their_links_are_accessible(sign_in):
    buyer = sign_in("buyer@caremarket.example")
    buyer.goto("/catalogue?q=ethernet")
    ids = [box.get_attribute("value") for box in buyer.locator("#results input[name=id]").all()[:3]]
    buyer.goto("/catalogue/compare?" + "&".join(f"id={i}" for i in ids) + "&quantity=10")
    assert axe_violations(buyer) == []
    buyer.goto("/catalogue/shortlists")
    buyer.locator("#shortlists a").first.click()
    assert axe_violations(buyer) == []
    supplier = sign_in("supplier@caremarket.example")
    supplier.goto("/catalogue/your-services")
    supplier.locator("#services a").first.click()
    assert axe_violations(supplier) == []
    listing = supplier.url
    for tail in ("/edit", "/prices", "/versions"):
        supplier.goto(listing + tail)
        assert axe_violations(supplier) == [], tail
    manager = sign_in("manager@caremarket.example")
    manager.goto("/catalogue/approvals")
    manager.locator("#approvals a").first.click()
    assert axe_violations(manager) == []
