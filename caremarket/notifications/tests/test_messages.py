"""Messages: kept for the recipient in the causing transaction, emailed on commit, sent once
per key, and readable only by their recipient (pages and API)."""

from types import SimpleNamespace

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client

from caremarket.notifications.models import Message
from caremarket.notifications.services import notify, people_with_roles
from caremarket.orgs.factories import make_organisation, make_person
from caremarket.rules.notifications import MessageKind, message_key
from caremarket.rules.roles import Role, Sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    buyer = make_organisation(Sector.BUYER, code="NTB", name="Notify ICB")
    lead = make_person(email="lead@notify.example", roles=[(buyer, Role.PROCUREMENT_LEAD)])
    approver = make_person(
        email="approver@notify.example", roles=[(buyer, Role.APPROVER), (buyer, Role.PROCUREMENT_LEAD)]
    )
    other = make_person(email="other@notify.example", roles=[(buyer, Role.BUYER)])
    return buyer, lead, approver, other


def _send(recipients, **extra):
    fields = {"kind": MessageKind.CONTRACT_EXPIRING, "subject": "CT-1 ends soon", "body": "It ends."}
    with transaction.atomic():
        return notify(recipients, **{**fields, **extra})


def test_people_with_roles_lists_each_person_once(people):
    buyer, lead, approver, _ = people
    found = people_with_roles([buyer.pk, None], [Role.PROCUREMENT_LEAD, Role.APPROVER])
    assert found == sorted([lead, approver], key=lambda p: p.pk)
    assert people_with_roles([None], [Role.BUYER]) == []


def test_a_message_is_kept_and_emailed_once_the_change_commits(people, django_capture_on_commit_callbacks):
    buyer, lead, approver, _ = people
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        kept = _send([lead, approver], link="/contracts/CT-1", organisation=buyer)
    assert len(callbacks) == 1
    assert {m.recipient for m in kept} == {lead, approver}
    assert [m.to for m in mail.outbox] == [[lead.email], [approver.email]]  # never each other's address
    assert "http://" in mail.outbox[0].body and "/contracts/CT-1" in mail.outbox[0].body


def test_a_refused_change_sends_and_keeps_nothing(people, django_capture_on_commit_callbacks):
    _, lead, _, _ = people
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        notify([lead], kind=MessageKind.AWARD, subject="Award", body="You won")
        raise RuntimeError("the change is refused")
    assert not Message.objects.exists()
    assert mail.outbox == []


def test_a_keyed_message_goes_to_each_person_once(people, django_capture_on_commit_callbacks):
    _, lead, approver, _ = people
    key = message_key(MessageKind.CONTRACT_EXPIRING, "CT-1", "2027-03-31")
    with django_capture_on_commit_callbacks(execute=True):
        _send([lead], key=key)
        _send([lead, approver], key=key)
        _send([lead, approver], key=key)
    assert sorted(Message.objects.values_list("recipient__email", flat=True)) == [approver.email, lead.email]
    assert len(mail.outbox) == 2


def test_notify_belongs_inside_a_service(people, monkeypatch):
    # Tests run inside a transaction, so pretend this call is outside any.
    _, lead, _, _ = people
    outside = SimpleNamespace(in_atomic_block=False)
    monkeypatch.setattr("caremarket.notifications.services.transaction.get_connection", lambda: outside)
    with pytest.raises(RuntimeError, match="inside the service"):
        notify([lead], kind=MessageKind.AWARD, subject="Award", body="You won")


@pytest.mark.parametrize("link", ["https://evil.example/", "//evil.example/", "contracts/CT-1"])
def test_a_message_links_only_to_caremarket(people, link):
    _, lead, _, _ = people
    with pytest.raises(ValueError, match="page of Caremarket"):
        _send([lead], link=link)


def test_people_read_only_their_own_messages(people):
    _, lead, approver, _ = people
    (mine,) = _send([lead], subject="For the lead", link="/contracts/CT-1")
    (theirs,) = _send([approver], subject="For the approver")
    client = Client()
    client.force_login(lead)
    page = client.get("/messages").content.decode()
    assert "For the lead" in page and "For the approver" not in page
    assert "Contract expiring" in page  # the kind as a person reads it, not its key
    detail = client.get(f"/messages/{mine.pk}")
    assert detail.status_code == 200 and b"Open the page this message is about" in detail.content
    assert client.get(f"/messages/{theirs.pk}").status_code == 404
    listed = client.get("/api/v1/messages").json()["items"]
    assert [m["subject"] for m in listed] == ["For the lead"]
    assert client.get(f"/api/v1/messages/{theirs.pk}").status_code == 404
    assert client.get("/api/v1/messages?kind=award").json()["items"] == []
    home = client.get("/").content.decode()
    assert "New messages" in home and "For the lead" in home
