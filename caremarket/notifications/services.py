"""Telling people: each message is kept for the recipient's Messages page in the caller's
transaction, and emailed once that transaction commits (so a refused change sends nothing).

`notify` is called from inside other services, never on its own: it is part of the change
that causes it, and the change's own audit event records what happened."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from caremarket.notifications.models import Message
from caremarket.orgs.models import Membership, Person
from caremarket.rules.notifications import fit

log = logging.getLogger(__name__)


def people_with_roles(organisation_ids: Iterable[int | None], roles: Iterable[str]) -> list[Person]:
    """The people holding any of `roles` in any of the organisations, each once."""
    ids = [i for i in organisation_ids if i is not None]
    if not ids:
        return []
    person_ids = Membership.objects.filter(organisation_id__in=ids, role__in=list(roles)).values("person_id")
    return list(Person.objects.filter(pk__in=person_ids, is_active=True).order_by("pk"))


def notify(
    people: Iterable[Person],
    *,
    kind: str,
    subject: str,
    body: str,
    link: str = "",
    organisation=None,
    key: str = "",
) -> list[Message]:
    """Keep a message for each person and email it on commit. With a `key`, a person who has
    already been sent that message is not sent it again (safe to run twice, as from cron)."""
    if link and (not link.startswith("/") or link.startswith("//")):
        raise ValueError("a message links to a page of Caremarket")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("notify runs inside the service that causes it")
    recipients = {p.pk: p for p in people if p is not None}
    if key:
        told = set(
            Message.objects.filter(recipient_id__in=list(recipients), key=key).values_list(
                "recipient_id", flat=True
            )
        )
        recipients = {pk: p for pk, p in recipients.items() if pk not in told}
    if not recipients:
        return []
    subject, body = fit(subject, body)
    kept = Message.objects.bulk_create(
        Message(
            recipient=person,
            organisation=organisation,
            kind=kind,
            subject=subject,
            body=body,
            link=link,
            key=key,
        )
        for person in recipients.values()
    )
    text = body + (f"\n\nSee it on Caremarket: {settings.CAREMARKET_BASE_URL}{link}\n" if link else "\n")
    addresses = [p.email for p in recipients.values()]
    transaction.on_commit(lambda: _send(subject, text, addresses), robust=True)
    return kept


def _send(subject: str, text: str, addresses: list[str]) -> None:
    # One email per person: recipients never see each other's addresses.
    for address in addresses:
        try:
            send_mail(subject, text, None, [address])
        except OSError:
            # The message is on the person's Messages page whatever the mail server does.
            log.exception("could not email %s", address)
