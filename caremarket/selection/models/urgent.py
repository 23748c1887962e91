"""An urgent award under the Provider Selection Regime (regulation 14): a contract awarded
without following the Regime's processes, because it must be made urgently, the urgency was
not foreseeable by or attributable to the authority, and delay would likely put patients or the
public at risk. The notice of the urgent award (PSR_URGENT) follows the award."""

from django.conf import settings
from django.db import models

from caremarket.core.models import TimeStampedModel

__all__ = ["UrgentAward"]


class UrgentAward(TimeStampedModel):
    # Named as on a selection process, so the lead commissioner's permissions read it alike.
    lead_commissioner = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="urgent_awards"
    )
    provider = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    contract = models.OneToOneField(
        "contracts.Contract", on_delete=models.PROTECT, related_name="urgent_award"
    )
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    value = models.DecimalField(max_digits=15, decimal_places=2)
    starts_on = models.DateField()
    term_months = models.PositiveSmallIntegerField()
    # The three facts of regulation 14(1), as the commissioner answered them.
    must_be_made_urgently = models.BooleanField()
    urgency_unforeseeable_and_not_attributable = models.BooleanField()
    delay_risks_patient_or_public_safety = models.BooleanField()
    urgency_reason = models.TextField()
    # The rules' sentences (why it was permitted) and advice (a term longer than advised).
    reasons = models.JSONField(default=list, blank=True)
    advice = models.JSONField(default=list, blank=True)
    awarded_on = models.DateField()
    notice = models.ForeignKey(
        "transparency.Notice", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-awarded_on", "-pk"]

    def __str__(self) -> str:
        return f"Urgent award {self.pk}: {self.title}"
