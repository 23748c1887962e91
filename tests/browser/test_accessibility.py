"""axe-core on every page, as the people who use it: no serious or critical violation."""

import pytest

from tests.browser.conftest import axe_violations

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
