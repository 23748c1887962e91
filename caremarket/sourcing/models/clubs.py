"""Buying clubs (aggregated procurements): the club, its members, their legal entities and
sites, and the baseline frozen at launch."""

from datetime import date, timedelta

from django.conf import settings
from django.db import models

from caremarket.core import clock
from caremarket.core.models import TimeStampedModel
from caremarket.orgs.choices import Region
from caremarket.rules.buying_clubs import CLUB_STATUS_LABELS, FROZEN, ClubFacts, ClubStatus, club_status
from caremarket.rules.club_timetable import ClubKind, join_deadline, notice_label
from caremarket.rules.milestones import DEFAULT_JOIN_NOTICE
from caremarket.sourcing.choices import CLUB_KIND_CHOICES, CLUB_STAGE_CHOICES

DEFAULT_NOTICE_DAYS = DEFAULT_JOIN_NOTICE.days


class BuyingClub(TimeStampedModel):
    """A lead body groups organisations of a region and runs one further competition on a
    DPS lot for all of them. Joining closes `join_notice_days` before launch (the stored
    `join_deadline`); the baseline freezes at launch."""

    reference = models.CharField(max_length=30, unique=True, help_text="e.g. BC-LON-2018")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=CLUB_KIND_CHOICES, default=ClubKind.REGIONAL)
    region = models.CharField(max_length=20, choices=Region.choices, blank=True, db_index=True)
    description = models.TextField(blank=True)
    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.PROTECT, related_name="buying_clubs"
    )
    lot = models.ForeignKey("agreements.Lot", on_delete=models.PROTECT, related_name="buying_clubs")
    lead_organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="led_buying_clubs"
    )
    launch_date = models.DateField(null=True, blank=True, help_text="The planned launch day")
    join_notice_days = models.PositiveSmallIntegerField(default=DEFAULT_NOTICE_DAYS)
    join_deadline = models.DateField(null=True, blank=True, help_text="Launch less the joining notice")
    stage = models.CharField(
        max_length=30, choices=CLUB_STAGE_CHOICES, default=ClubStatus.FORMING, db_index=True
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    joining_closed_at = models.DateTimeField(null=True, blank=True)
    launched_at = models.DateTimeField(null=True, blank=True)
    awarded_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)
    winner = models.CharField(max_length=255, blank=True, help_text="The single winning supplier")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["launch_date", "reference"]

    def __str__(self) -> str:
        return f"{self.reference}: {self.name}"

    @property
    def notice(self) -> timedelta:
        return timedelta(days=self.join_notice_days)

    @property
    def notice_label(self) -> str:
        return notice_label(self.notice)

    def computed_deadline(self) -> date | None:
        return join_deadline(self.launch_date, self.notice) if self.launch_date else None

    def facts(self, *, member_count: int = 0, requirement_line_count: int = 0) -> ClubFacts:
        return ClubFacts(
            name=self.name,
            stage=self.stage,
            launch_on=self.launch_date,
            notice=self.notice,
            launched_on=clock.local(self.launched_at).date() if self.launched_at else None,
            member_count=member_count,
            requirement_line_count=requirement_line_count,
        )

    def status(self, today: date | None = None) -> ClubStatus:
        return club_status(self.facts(), today or clock.today())

    def status_label(self, today: date | None = None) -> str:
        label = CLUB_STATUS_LABELS[self.status(today)]
        return label[:1].upper() + label[1:]

    @property
    def is_frozen(self) -> bool:
        return self.stage in FROZEN


class ClubMember(TimeStampedModel):
    """An organisation in a buying club: intent confirmed, requirements submitted, and
    whether it was included in the baseline at launch."""

    club = models.ForeignKey(BuyingClub, on_delete=models.PROTECT, related_name="members")
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="club_memberships"
    )
    intent_confirmed_at = models.DateTimeField(default=clock.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requirements_submitted_at = models.DateTimeField(null=True, blank=True)
    included_at_launch = models.BooleanField(default=False)

    class Meta:
        ordering = ["club_id", "organisation__name"]
        constraints = [models.UniqueConstraint(fields=["club", "organisation"], name="club_member_unique")]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.club.reference}"


class ClubLegalEntity(TimeStampedModel):
    """A legal entity a member brings into the club (the bodies that will sign call-offs)."""

    member = models.ForeignKey(ClubMember, on_delete=models.PROTECT, related_name="legal_entities")
    name = models.CharField(max_length=255)
    code = models.CharField(max_length=30, help_text="ODS code or company number")

    class Meta:
        ordering = ["member_id", "name"]
        verbose_name_plural = "club legal entities"
        constraints = [models.UniqueConstraint(fields=["member", "code"], name="club_legal_entity_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class ClubSite(TimeStampedModel):
    """A site of a member included in the club."""

    member = models.ForeignKey(ClubMember, on_delete=models.PROTECT, related_name="club_sites")
    site = models.ForeignKey("orgs.Site", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["member_id", "site__code"]
        constraints = [models.UniqueConstraint(fields=["member", "site"], name="club_site_unique")]

    def __str__(self) -> str:
        return str(self.site)


class BaselineLine(models.Model):
    """One requirement line as frozen into a club's baseline at launch (a copy: later edits
    elsewhere cannot change it)."""

    club = models.ForeignKey(BuyingClub, on_delete=models.PROTECT, related_name="baseline_lines")
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    member_code = models.CharField(max_length=20)
    site_code = models.CharField(max_length=30)
    service_type = models.CharField(max_length=100)
    unit = models.CharField(max_length=60)
    band = models.CharField(max_length=60, blank=True, help_text="Bandwidth or size")
    quantity = models.PositiveIntegerField()
    required_by = models.DateField()
    frozen_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["club_id", "id"]

    def __str__(self) -> str:
        return f"{self.member_code} {self.site_code} {self.service_type} x{self.quantity}"
