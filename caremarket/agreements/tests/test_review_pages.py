"""The annual review on pages: each supplier's fee record (the same figure as the fees page),
performance, data handling and interoperability; a non-payer removed with its ground; the
review completed."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client

from caremarket.agreements import selectors, services
from caremarket.agreements.models import LotSupplier
from caremarket.agreements.tests.test_reviews import late_supplier, places, record, unpaid_invoices  # noqa: F401
from caremarket.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def as_manager(manager):
    client = Client()
    client.force_login(manager.person)
    return client


@pytest.fixture
def review(manager, dps, places):  # noqa: F811
    review = services.review_open(actor=manager, agreement=dps)
    unpaid_invoices(late_supplier(places), dps, ["212500.00", "212500.00"])
    return review


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _cell(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</(td|dd)>', html, re.S)
    assert match, element_id
    return _text(match.group(1)).strip()


def _fees_row(html: str, supplier_name: str) -> str:
    table = html[html.index('id="fees-RM3825"') :]
    row = next(r for r in table.split("<tr") if supplier_name in r)
    return _text(row)


def test_the_review_and_the_fees_page_show_the_same_fee_figure(as_manager, review):
    page = as_manager.get("/agreements/RM3825/reviews/2026").content.decode()
    albion = _cell(page, "fees-S1005")
    assert re.match(r"Fees Overdue\s*:\s*£4,250\.00", albion), albion
    assert "Invoiced £4,250.00, paid £0.00" in albion
    assert _cell(page, "fees-S1003").startswith("Fees None due")
    fees = as_manager.get("/fees").content.decode()
    row = _fees_row(fees, "Albion Data Services Ltd")
    # Invoiced, paid, overdue: the fees page reads the same invoices through the same selector.
    assert "Invoiced £4,250.00 Paid £0.00 Overdue £4,250.00" in row, row
    assert "None" not in _text(page).replace("None due", "")


def test_the_manager_records_data_handling_and_interoperability_not_a_fee_figure(as_manager, review):
    url = "/agreements/RM3825/reviews/2026/suppliers/S1005"
    form = as_manager.get(url).content.decode()
    assert 'name="fees_outstanding"' not in form and 'name="fees_status"' not in form
    assert "£4,250.00 overdue" in _text(form)
    refused = as_manager.post(url, {"performance": "good"})
    assert "Choose how the supplier handled sensitive data" in refused.content.decode()
    done = as_manager.post(
        url,
        {
            "performance": "requires_improvement",
            "data_handling": "concerns",
            "interoperability": "meets",
            "notes": "One late DSPT action plan",
        },
        follow=True,
    )
    text = _text(done.content.decode())
    assert "ground for removal (unpaid management fees)" in text
    assert "Concerns raised, being put right" in text and "Meets the NHS interoperability standards" in text
    entry = review.entries.get(supplier__code="S1005")
    assert (entry.data_handling, entry.interoperability, entry.fees_status) == (
        "concerns",
        "meets",
        "overdue",
    )


def test_the_manager_removes_the_non_payer_with_its_ground_and_completes_the_review(
    manager, as_manager, review, dps
):
    page = as_manager.get("/agreements/RM3825/reviews/2026").content.decode()
    assert "/agreements/RM3825/reviews/2026/suppliers/S1005/remove" in page
    url = "/agreements/RM3825/reviews/2026/suppliers/S1005/remove"
    form = as_manager.get(url).content.decode()
    assert '<option value="unpaid_management_fees" selected' in form
    refused = as_manager.post(url, {"ground": "unpaid_management_fees", "reason": ""})
    assert "Give the reason for removal" in refused.content.decode()
    done = as_manager.post(
        url,
        {"ground": "unpaid_management_fees", "reason": "£4,250.00 unpaid after two reminders"},
        follow=True,
    )
    assert "Albion Data Services Ltd was removed from RM3825 (lot 1)" in _text(done.content.decode())
    place = LotSupplier.objects.get(supplier__code="S1005", lot__agreement=dps)
    assert (place.status, place.ground) == ("removed", "unpaid_management_fees")
    assert AuditEvent.objects.filter(action="review.supplier_removed").exists()
    assert "S1005" not in [s.code for s in selectors.invitable_suppliers(dps.lots.get(number=1))]
    lot = as_manager.get("/agreements/RM3825/lots/1").content.decode()
    assert "Albion Data Services Ltd" in lot and "Removed" in lot

    refused = as_manager.post("/agreements/RM3825/reviews/2026/complete", {"summary": "Done"})
    assert "3 suppliers have not been reviewed yet" in refused.content.decode()
    for code in ("S1003", "S1004", "S1005"):
        record(manager, review, code, performance="requires_improvement")
    completed = as_manager.post(
        "/agreements/RM3825/reviews/2026/complete", {"summary": "Albion removed for unpaid fees"}, follow=True
    )
    text = _text(completed.content.decode())
    assert "The 2026 review of RM3825 is complete" in text
    assert "completed 23 November 2026" in text
    assert "Remove Albion" not in text


def test_only_the_manager_gets_the_removal_page(client, supplier_user, buyer, review):
    url = "/agreements/RM3825/reviews/2026/suppliers/S1005/remove"
    for actor in (buyer, supplier_user):
        client.force_login(actor.person)
        assert client.get(url).status_code in (403, 404)
        assert client.post(url, {"ground": "other", "reason": "x"}).status_code in (403, 404)
    assert LotSupplier.objects.get(supplier__code="S1005").status == "admitted"
