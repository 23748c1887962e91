"""Self-serve procurements: collaborations of partners under a lead organisation, and
individual procurements, each with its readiness milestones."""

from django.conf import settings
from django.db import models

from caremarket.core.models import TimeStampedModel
from caremarket.rules.dates import spoken_date
from caremarket.rules.milestones import Milestone as MilestoneFacts
from caremarket.sourcing.choices import CollaborationRoute, ProcurementStatus


class SelfServeProcurement(TimeStampedModel):
    """What a collaboration and an individual procurement both hold: a reference, the route
    and agreement chosen, where it stands, and who started it."""

    reference = models.CharField(max_length=30, unique=True)
    route = models.CharField(
        max_length=20, choices=CollaborationRoute.choices, default=CollaborationRoute.DPS
    )
    agreement = models.ForeignKey(
        "agreements.Agreement", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=ProcurementStatus.choices, default=ProcurementStatus.PLANNING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["reference"]


class Collaboration(SelfServeProcurement):
    name = models.CharField(max_length=200)
    lead_organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="led_collaborations"
    )
    intelligent_client_function = models.TextField(
        blank=True, help_text="Who holds the intelligent client function, and how"
    )
    technical_design_authority = models.TextField(blank=True)
    legal_access = models.TextField(blank=True, help_text="How the partners may lawfully use the route")

    def __str__(self) -> str:
        return f"{self.reference}: {self.name}"


class CollaborationPartner(TimeStampedModel):
    collaboration = models.ForeignKey(Collaboration, on_delete=models.PROTECT, related_name="partners")
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    commitment = models.TextField(blank=True, help_text="Evidence of its commitment")

    class Meta:
        ordering = ["collaboration_id", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "organisation"], name="collaboration_partner_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class IndividualProcurement(SelfServeProcurement):
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="individual_procurements"
    )
    title = models.CharField(max_length=200)

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"


class ProcurementMilestone(TimeStampedModel):
    """One readiness milestone of a collaboration or an individual procurement."""

    collaboration = models.ForeignKey(
        Collaboration, null=True, blank=True, on_delete=models.CASCADE, related_name="milestones"
    )
    individual = models.ForeignKey(
        IndividualProcurement, null=True, blank=True, on_delete=models.CASCADE, related_name="milestones"
    )
    key = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    consequence = models.CharField(max_length=255, blank=True)
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(collaboration__isnull=False, individual__isnull=True)
                | models.Q(collaboration__isnull=True, individual__isnull=False),
                name="milestone_belongs_to_one_procurement",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} by {spoken_date(self.due_on)}"

    def facts(self) -> MilestoneFacts:
        return MilestoneFacts(self.key, self.title, self.due_on, self.detail, self.consequence)
