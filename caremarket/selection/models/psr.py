"""The Provider Selection Regime's decisions: the process chosen, the decision record against the
key criteria, the intention to award and its standstill, representations, urgent awards and
modifications."""

from django.conf import settings
from django.db import models

from caremarket.core.models import TimeStampedModel
from caremarket.rules.psr import ReviewDecision

__all__ = ["PsrDecision", "PsrRepresentation"]


class PsrDecision(TimeStampedModel):
    """The decision of one selection process: the provider chosen and the contract value, how
    each key criterion was taken into account, then the notice of intention (which locks it),
    the authority's review of representations and the award.

    `round` counts the notices of intention: a decision to repeat from an earlier step keeps
    the old round in `history` and starts a new one."""

    selection = models.OneToOneField(
        "selection.SelectionProcess", on_delete=models.CASCADE, related_name="psr_decision"
    )
    provider = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contract_value = models.DecimalField(max_digits=15, decimal_places=2, null=True, blank=True)
    # [{criterion, weight (str or None), importance, rationale}] in the key criteria's order.
    criteria = models.JSONField(default=list, blank=True)
    complete = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    round = models.PositiveSmallIntegerField(default=1)
    intention_published_on = models.DateField(null=True, blank=True)
    intention_notice = models.ForeignKey(
        "transparency.Notice", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_decision = models.CharField(
        max_length=20, blank=True, choices=[(str(d), str(d)) for d in ReviewDecision]
    )
    review_decided_on = models.DateField(null=True, blank=True)
    review_reasons = models.TextField(blank=True)
    repeat_from = models.CharField(max_length=255, blank=True)
    awarded_on = models.DateField(null=True, blank=True)
    award_notice = models.ForeignKey(
        "transparency.Notice", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Earlier rounds (a decision to repeat from an earlier step), oldest first.
    history = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"Decision for {self.selection_id}"


class PsrRepresentation(TimeStampedModel):
    """A provider's representation received during the standstill, with the authority's
    clarification of it."""

    selection = models.ForeignKey(
        "selection.SelectionProcess", on_delete=models.CASCADE, related_name="psr_representations"
    )
    round = models.PositiveSmallIntegerField(default=1)
    provider = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField()
    summary = models.TextField()
    # Recorded by the commissioner from a representation received by email (not by the provider).
    received_by_email = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    clarification = models.TextField(blank=True)
    clarified_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return f"Representation by {self.provider_id} on {self.received_on}"
