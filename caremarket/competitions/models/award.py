"""The award decision, its standstill and challenges; and direct awards from a shortlist."""

from django.conf import settings
from django.db import models

from caremarket.competitions.choices import OUTCOME_CHOICES, REGIME_CHOICES
from caremarket.core import clock
from caremarket.rules.standstill import Challenge as ChallengeFacts
from caremarket.rules.standstill import Standstill

USER = settings.AUTH_USER_MODEL


class Award(models.Model):
    competition = models.OneToOneField(
        "competitions.Competition", on_delete=models.PROTECT, related_name="award"
    )
    bid = models.ForeignKey("competitions.Bid", on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=clock.now)
    decided_on = models.DateField()
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    regime = models.CharField(max_length=40, choices=REGIME_CHOICES)
    standstill_days = models.PositiveSmallIntegerField()
    standstill_ends_on = models.DateField()
    reasons = models.TextField()
    # Every figure of the confirmed ranking, as the one scoring engine produced it.
    ranking = models.JSONField(default=dict)
    value = models.DecimalField(max_digits=15, decimal_places=2, null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True, help_text="Standstill ended, award made")
    withdrawn_at = models.DateTimeField(null=True, blank=True, help_text="A challenge was upheld")

    class Meta:
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"Award of {self.competition.reference}"

    def standstill(self) -> Standstill:
        challenges = tuple(
            ChallengeFacts(c.supplier.name, c.recorded_on, c.outcome or None, c.outcome_on)
            for c in self.challenges.select_related("supplier").order_by("id")
        )
        return Standstill(self.decided_on, self.standstill_days, challenges)


class Challenge(models.Model):
    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="challenges")
    supplier = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    grounds = models.TextField()
    recorded_on = models.DateField()
    recorded_at = models.DateTimeField(default=clock.now)
    recorded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=20, choices=OUTCOME_CHOICES, blank=True)
    outcome_on = models.DateField(null=True, blank=True)
    outcome_reason = models.TextField(blank=True)
    outcome_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["award_id", "id"]

    def __str__(self) -> str:
        return f"Challenge {self.pk}"


class DirectAward(models.Model):
    """A call-off awarded directly, only from a locked shortlist, with the justification."""

    reference = models.CharField(max_length=30, unique=True)
    buyer = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="direct_awards")
    lot = models.ForeignKey("agreements.Lot", on_delete=models.PROTECT, related_name="direct_awards")
    shortlist = models.ForeignKey("catalogue.Shortlist", on_delete=models.PROTECT, related_name="+")
    entry = models.ForeignKey("catalogue.ShortlistEntry", on_delete=models.PROTECT, related_name="+")
    supplier = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    service_name = models.CharField(max_length=255)
    justification = models.TextField()
    value = models.DecimalField(max_digits=15, decimal_places=2, null=True, blank=True)
    awarded_at = models.DateTimeField(default=clock.now)
    awarded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-awarded_at", "-id"]

    def __str__(self) -> str:
        return self.reference
