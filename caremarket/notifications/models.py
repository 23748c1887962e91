"""What Caremarket sent each person: kept so that a person can read it again on the Messages
page, whatever happened to the email."""

from django.conf import settings
from django.db import models

from caremarket.core import clock
from caremarket.rules.notifications import MessageKind, kind_label

KIND_CHOICES = [(k.value, k.value) for k in MessageKind]


class Message(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="messages_received"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=40, choices=KIND_CHOICES)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    link = models.CharField(max_length=300, blank=True, help_text="The page it is about")
    key = models.CharField(
        max_length=200, blank=True, help_text="Set for messages sent once: kind, object and window"
    )
    sent_at = models.DateTimeField(default=clock.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["recipient", "-sent_at"], name="message_inbox")]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], condition=~models.Q(key=""), name="message_sent_once"
            )
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)
