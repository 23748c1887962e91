"""Contract changes that say what happened: extensions kept in the history after a
confirmation page, variations in words and money, exceptions with who asked and who decided
(and the messages they send), refusals that keep the form, the register's downloads and the
contract's print layout and PDF."""

import csv
import io
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core import mail
from django.test import Client
from openpyxl import load_workbook

from caremarket.contracts import selectors, services
from caremarket.contracts.factories import make_contract
from caremarket.contracts.models import Contract, ContractExtension
from caremarket.notifications.models import Message
from caremarket.orgs.factories import SYSTEM, actor_for, make_organisation, make_person
from caremarket.rules.notifications import MessageKind
from caremarket.rules.roles import Role, Sector

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]  # 23 November 2026


def client_for(actor) -> Client:
    client = Client()
    client.force_login(actor.person)
    return client


@pytest.fixture
def live(buyer_org, supplier_org):
    # 1 April 2024 + 3 years, options of 12 and 12 months: live, ends 31 March 2027.
    return make_contract(buyer=buyer_org, supplier=supplier_org, starts_on=date(2024, 4, 1), term="3+1+1")


@pytest.fixture
def last_option_used(lead, buyer_org, supplier_org):
    contract = make_contract(buyer=buyer_org, supplier=supplier_org, starts_on=date(2024, 4, 1), term="3+1")
    return services.contract_extend(actor=lead, contract=contract)


def _exception(lead, contract):
    return services.contract_exception_request(
        actor=lead,
        contract=contract,
        months=6,
        reason="Market engagement overran",
        reprocurement_starts_on=date(2027, 6, 1),
        reprocurement_award_by=date(2028, 2, 1),
    )


# --- Extensions -------------------------------------------------------------------------------


def test_taking_an_option_is_kept_in_the_history(lead, live):
    services.contract_extend(actor=lead, contract=live)
    extension = ContractExtension.objects.get(contract=live)
    assert (extension.months, extension.old_ends_on, extension.new_ends_on) == (
        12,
        date(2027, 3, 31),
        date(2028, 3, 31),
    )
    assert extension.taken_by == lead.person and extension.exception is None
    [event] = selectors.contract_history(live)
    assert event.title == "Extended by 12 months by an extension option"
    assert event.who == lead.person.full_name
    assert event.lines == ("End date: 31 March 2027 → 31 March 2028",)


def test_a_refused_extension_writes_nothing(lead, buyer_org, supplier_org):
    ended = make_contract(buyer=buyer_org, supplier=supplier_org, starts_on=date(2020, 1, 1), term="2+1")
    with pytest.raises(Exception, match="cannot be extended"):
        services.contract_extend(actor=lead, contract=ended)
    assert not ContractExtension.objects.filter(contract=ended).exists()


def test_the_extend_button_asks_for_confirmation_first(lead, live):
    client = client_for(lead)
    page = client.get(f"/contracts/{live.reference}").content.decode()
    assert f'href="/contracts/{live.reference}/extend"' in page
    assert "Two extension options left: 12 months, then 12 months" in page
    # The old form action only leads to the confirmation page: nothing changes.
    moved = client.post(f"/contracts/{live.reference}/actions", {"action": "extend"})
    assert moved.status_code == 302 and moved["Location"] == f"/contracts/{live.reference}/extend"
    confirm = client.get(f"/contracts/{live.reference}/extend").content.decode()
    assert "31 March 2027" in confirm and "31 March 2028" in confirm
    assert Contract.objects.get(pk=live.pk).options_used == 0
    done = client.post(f"/contracts/{live.reference}/extend")
    assert done.status_code == 302
    page = client.get(done["Location"]).content.decode()
    assert "now ends on 31 March 2028" in page
    assert "Extended by 12 months by an extension option" in page
    assert "One extension option left: 12 months" in page


def test_the_confirmation_page_says_when_no_option_is_left(lead, last_option_used):
    page = client_for(lead).get(f"/contracts/{last_option_used.reference}/extend")
    text = page.content.decode()
    assert page.status_code == 200 and "cannot be extended now" in text
    assert "has used every extension option" in text
    refused = client_for(lead).post(f"/contracts/{last_option_used.reference}/extend")
    assert refused.status_code in (400, 409) and "has used every extension option" in refused.content.decode()


def test_only_those_who_manage_the_contract_see_the_confirmation(buyer, live):
    assert client_for(buyer).get(f"/contracts/{live.reference}/extend").status_code == 403


# --- Exceptions -------------------------------------------------------------------------------


def test_an_exception_tells_the_approvers_then_the_requester(
    lead, approver, last_option_used, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        time_machine.travel(datetime(2026, 11, 24, 10, tzinfo=UTC), tick=False),
    ):
        exception = _exception(lead, last_option_used)
    waiting = Message.objects.get(kind=MessageKind.EXCEPTION_WAITING)
    assert waiting.recipient == approver.person
    assert waiting.link == f"/contracts/{last_option_used.reference}"
    assert "Market engagement overran" in waiting.body
    assert [m.to for m in mail.outbox] == [[approver.person.email]]
    with (
        django_capture_on_commit_callbacks(execute=True),
        time_machine.travel(datetime(2026, 11, 25, 10, tzinfo=UTC), tick=False),
    ):
        services.contract_exception_decide(actor=approver, exception=exception, approve=True, reason="Agreed")
    decided = Message.objects.get(kind=MessageKind.EXCEPTION_DECIDED)
    assert decided.recipient == lead.person and "approved" in decided.subject
    assert "now ends on 30 September 2028" in decided.body
    extension = ContractExtension.objects.get(contract=last_option_used, exception=exception)
    assert (extension.old_ends_on, extension.new_ends_on, extension.taken_by) == (
        date(2028, 3, 31),
        date(2028, 9, 30),
        approver.person,
    )
    titles = [e.title for e in selectors.contract_history(last_option_used)]
    assert titles == [
        "Extended by 12 months by an extension option",
        "Asked to run 6 months past the last option",
        "Approved the request to run 6 months past the last option",
        "Extended by 6 months by an approved exception",
    ]


def test_a_refused_exception_tells_the_requester_why(lead, approver, last_option_used):
    exception = _exception(lead, last_option_used)
    services.contract_exception_decide(
        actor=approver, exception=exception, approve=False, reason="Start the re-procurement sooner"
    )
    decided = Message.objects.get(kind=MessageKind.EXCEPTION_DECIDED)
    assert "refused" in decided.subject and "Start the re-procurement sooner" in decided.body
    assert not ContractExtension.objects.filter(exception=exception).exists()


def test_the_exception_shows_who_asked_why_and_who_decided(lead, approver, last_option_used):
    exception = _exception(lead, last_option_used)
    page = client_for(approver).get(f"/contracts/{last_option_used.reference}").content.decode()
    assert f"Asked by {lead.person.full_name} on 23 November 2026" in page
    assert "Why: Market engagement overran" in page
    home = client_for(approver).get("/").content.decode()
    assert f'name="exception" value="{exception.pk}"' in home and "Market engagement overran" in home
    services.contract_exception_decide(actor=approver, exception=exception, approve=True, reason="Agreed")
    page = client_for(lead).get(f"/contracts/{last_option_used.reference}").content.decode()
    assert f"Approved by {approver.person.full_name} on 23 November 2026: Agreed" in page


# --- Expiry alerts ----------------------------------------------------------------------------


def test_expiry_alerts_are_sent_once_per_window_and_again_after_an_extension(
    lead, buyer_org, supplier_org, django_capture_on_commit_callbacks
):
    contract = make_contract(buyer=buyer_org, supplier=supplier_org, starts_on=date(2024, 1, 1), term="3+1")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.contracts_send_expiry_alerts(actor=SYSTEM) == [contract]
    # The cron job running twice, even with the alert date cleared, tells nobody twice.
    Contract.objects.filter(pk=contract.pk).update(expiry_alerted_on=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.contracts_send_expiry_alerts(actor=SYSTEM)
    messages = Message.objects.filter(kind=MessageKind.CONTRACT_EXPIRING)
    assert messages.count() == 1 and len(mail.outbox) == 1
    assert messages.get().key == f"contract_expiring:{contract.reference}:2026-12-31"
    assert "One extension option left: 12 months" in messages.get().body
    services.contract_extend(actor=lead, contract=contract)
    with time_machine.travel(date(2027, 11, 1), tick=False):
        assert len(services.contracts_send_expiry_alerts(actor=SYSTEM)) == 1
    assert messages.count() == 2
    assert "No extension options left" in messages.order_by("-id").first().body


# --- Variations -------------------------------------------------------------------------------


def test_a_variation_reads_in_words_and_money(lead, live):
    client = client_for(lead)
    done = client.post(
        f"/contracts/{live.reference}/actions",
        {"action": "vary", "summary": "More sites", "value": "£2,550,000.00", "notice_months": "6"},
    )
    assert done.status_code == 302
    page = client.get(f"/contracts/{live.reference}").content.decode()
    assert "Value: £100,000.00 → £2,550,000.00" in page
    assert "Notice: 3 months → 6 months" in page
    client.post(
        f"/contracts/{live.reference}/actions", {"action": "vary", "summary": "Less", "value": "2,500,000"}
    )
    assert Contract.objects.get(pk=live.pk).value == 2500000


def test_a_refused_variation_keeps_what_was_typed(lead, live):
    page = client_for(lead).post(
        f"/contracts/{live.reference}/actions",
        {"action": "vary", "summary": "Bigger", "value": "lots", "notice_months": "6"},
    )
    text = page.content.decode()
    assert page.status_code == 400
    assert 'value="lots"' in text and 'value="Bigger"' in text and "nhsuk-error-summary" in text


def test_labels_read_as_a_person_would_write_them(lead, last_option_used):
    page = client_for(lead).get(f"/contracts/{last_option_used.reference}").content.decode()
    assert "No risk and reward share" in page and "No extension options left" in page
    assert "option(s)" not in page and ">None<" not in page


# --- Refusals keep the form -------------------------------------------------------------------


def test_an_unknown_subcontractor_code_is_an_error_beside_the_field(lead, live):
    page = client_for(lead).post(
        f"/contracts/{live.reference}/actions",
        {"action": "subcontract", "subcontractor": "NOPE1", "share_percent": "20", "services": "Nursing"},
    )
    text = page.content.decode()
    assert page.status_code == 400
    assert "There is no organisation with the code NOPE1" in text
    assert 'href="#subcontractor"' in text and 'id="subcontractor-error"' in text
    assert 'value="NOPE1"' in text and 'value="20"' in text and 'value="Nursing"' in text
    assert "not_found" not in text


def test_a_known_subcontractor_is_added(lead, live):
    make_organisation(Sector.SUPPLIER, code="SUB01", name="Niche Care CIC")
    done = client_for(lead).post(
        f"/contracts/{live.reference}/actions",
        {"action": "subcontract", "subcontractor": "SUB01", "share_percent": "20"},
    )
    assert done.status_code == 302 and live.subcontracts.count() == 1


# --- Downloads and print ----------------------------------------------------------------------


def test_the_register_downloads_with_its_filters_and_the_actors_visibility(
    lead, live, buyer_org, supplier_org
):
    make_contract(
        buyer=buyer_org, supplier=supplier_org, starts_on=date(2020, 1, 1), term="2", title="Old one"
    )
    other = make_organisation(Sector.BUYER, code="OTH", name="Elsewhere ICB")
    make_contract(buyer=other, supplier=supplier_org, starts_on=date(2024, 4, 1), term="3", title="Not ours")
    client = client_for(lead)
    got = client.get("/contracts/register.csv?status=in_force")
    assert got["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(got.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Reference", "Title"]
    assert [r[0] for r in rows[1:]] == [live.reference]
    assert (
        rows[1][9] == "100000.00" and rows[1][13] == "Two extension options left: 12 months, then 12 months"
    )
    book = load_workbook(io.BytesIO(client.get("/contracts/register.xlsx").content))
    sheet = book.active
    titles = [sheet.cell(row=r, column=2).value for r in range(2, sheet.max_row + 1)]
    assert sorted(titles) == sorted([live.title, "Old one"])
    money = sheet.cell(row=2, column=10)
    assert isinstance(money.value, int | float) and "£" in money.number_format
    assert client.get("/contracts/register.pdf").status_code == 404


def test_the_register_download_keeps_formulas_out(lead, buyer_org, supplier_org):
    make_contract(
        buyer=buyer_org, supplier=supplier_org, starts_on=date(2024, 4, 1), term="3", title="=HYPERLINK(1)"
    )
    rows = list(
        csv.reader(io.StringIO(client_for(lead).get("/contracts/register.csv").content.decode("utf-8-sig")))
    )
    assert rows[1][1] == "'=HYPERLINK(1)"


def test_the_summary_prints_and_downloads_as_a_pdf(lead, live, supplier_user):
    services.contract_extend(actor=lead, contract=live)
    client = client_for(lead)
    page = client.get(f"/contracts/{live.reference}/summary").content.decode()
    assert "contract-print.css" in page and "data-print" in page
    assert "No risk and reward share" in page and "Extended by 12 months" in page
    pdf = client.get(f"/contracts/{live.reference}/summary.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    # The supplier, a party, may print it too; someone else may not see it at all.
    assert client_for(supplier_user).get(f"/contracts/{live.reference}/summary.pdf").status_code == 200
    stranger_org = make_organisation(Sector.BUYER, code="STR", name="Stranger ICB")
    stranger = actor_for(make_person(roles=[(stranger_org, Role.BUYER)]), stranger_org)
    assert client_for(stranger).get(f"/contracts/{live.reference}/summary").status_code == 404


def test_the_api_offers_the_history_the_register_file_and_the_pdf(lead, live):
    services.contract_extend(actor=lead, contract=live)
    client = client_for(lead)
    body = client.get(f"/api/v1/contracts/{live.reference}").json()
    [extension] = body["extensions"]
    assert extension["old_ends_on"] == "2027-03-31" and extension["new_ends_on"] == "2028-03-31"
    assert extension["by_exception"] is False and extension["taken_by"] == lead.person.full_name
    got = client.get("/api/v1/contracts/register/xlsx?status=in_force")
    assert got.status_code == 200 and got.content.startswith(b"PK")
    assert client.get("/api/v1/contracts/register/pdf").status_code in (400, 422)
    pdf = client.get(f"/api/v1/contracts/{live.reference}/summary.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


# --- The compliance page of an expired agreement ------------------------------------------------


def test_the_compliance_page_says_an_agreement_has_expired():
    from caremarket.agreements import selectors as agreement_selectors
    from caremarket.agreements.factories import admitted_supplier, make_agreement

    agreement = make_agreement(ends_on=date(2027, 1, 31))
    place = admitted_supplier(agreement, code="S7001", name="Expiring Care Ltd")
    user = actor_for(make_person(roles=[(place.supplier, Role.SUPPLIER_USER)]), place.supplier)
    [row] = agreement_selectors.supplier_overview_for_actor(user, place.supplier)
    assert row.ended_on is None
    with time_machine.travel(date(2027, 3, 1), tick=False):
        [row] = agreement_selectors.supplier_overview_for_actor(user, place.supplier)
        assert row.ended_on == date(2027, 1, 31)
        page = client_for(user).get("/agreements/compliance").content.decode()
    assert "This agreement ended on 31 January 2027" in page
    assert "Compliant" not in page.split('<h2 id="certifications">')[0]
