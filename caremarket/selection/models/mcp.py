"""The Most Suitable (formerly Most Capable) Provider process: alliances, dialogue, submission,
assessment and moderation, the gateways and stage 2 negotiation.

The evaluation framework (domains, sub-criteria, stages, gateway 1 policy) is data in
caremarket/rules/data/mcp_frameworks.yaml; a process names its framework in `MspSetup`."""

from django.conf import settings
from django.db import models

from caremarket.core import clock
from caremarket.core.models import TimeStampedModel
from caremarket.rules.moderation import Declaration
from caremarket.rules.provider_assessment import (
    RATING_LABELS,
    Gateway1Decision,
    Rating,
    Side,
)
from caremarket.rules.provider_assessment import Stage2Document as DocumentKind

__all__ = [
    "Alliance",
    "AllianceMember",
    "DialogueSession",
    "DomainModeration",
    "EngagementRecord",
    "GatewayDecision",
    "ModeratedRating",
    "MspSetup",
    "PanelMember",
    "PanelRating",
    "Stage2Document",
    "Stage2Version",
    "Submission",
    "SubmissionDocument",
]

RATING_CHOICES = [(str(r), RATING_LABELS[r]) for r in Rating]
SIDE_CHOICES = [(str(s), s.label) for s in Side]
PERSON = settings.AUTH_USER_MODEL


class MspSetup(TimeStampedModel):
    """A process run as the Most Suitable Provider process: its evaluation framework, the
    notice to the market, and the written submission's deadline."""

    process = models.OneToOneField("selection.SelectionProcess", on_delete=models.CASCADE, related_name="msp")
    framework_code = models.CharField(max_length=60)
    framework_version = models.PositiveSmallIntegerField(default=1)
    market_notice = models.ForeignKey(
        "transparency.Notice", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    market_notice_at = models.DateTimeField(null=True, blank=True)
    submission_deadline = models.DateField(null=True, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    award_notice = models.ForeignKey(
        "transparency.Notice", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.process.reference}: Most Suitable Provider process"


class Alliance(TimeStampedModel):
    """Providers who offer to deliver the services together, with a lead and a signed letter of
    commitment. One process may have several (Suffolk had two, East and West)."""

    process = models.ForeignKey(
        "selection.SelectionProcess", on_delete=models.CASCADE, related_name="alliances"
    )
    name = models.CharField(max_length=200)
    lead = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="alliances_led")
    letter_signed_on = models.DateField(null=True, blank=True)
    letter_signed_by = models.CharField(max_length=255, blank=True, help_text="Who signed it, as written")
    letter_file = models.FileField(max_length=255, blank=True)
    letter_name = models.CharField(max_length=255, blank=True)
    letter_size = models.PositiveBigIntegerField(null=True, blank=True)
    letter_sha256 = models.CharField(max_length=64, blank=True)
    letter_recorded_by = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contract = models.ForeignKey(
        "contracts.Contract", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["process", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["process", "name"], name="selection_alliance_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_letter(self) -> bool:
        return bool(self.letter_signed_on and self.letter_sha256)


class AllianceMember(models.Model):
    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["alliance", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "organisation"], name="selection_alliance_member_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.alliance}"


class DialogueSession(models.Model):
    """One constructive dialogue session: its subjects (framework domain ids), the alliance's
    presentation and the questions and answers (`qa`: [{"question", "answer"}])."""

    process = models.ForeignKey(
        "selection.SelectionProcess", on_delete=models.CASCADE, related_name="dialogue_sessions"
    )
    number = models.PositiveSmallIntegerField()
    held_on = models.DateField()
    subjects = models.JSONField(default=list)
    presentation_notes = models.TextField(blank=True)
    qa = models.JSONField(default=list, blank=True)
    recorded_by = models.ForeignKey(PERSON, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["process", "number"]
        constraints = [
            models.UniqueConstraint(fields=["process", "number"], name="selection_dialogue_number_once")
        ]

    def __str__(self) -> str:
        return f"Dialogue session {self.number}"


class Submission(models.Model):
    """An alliance's written submission at the end of stage 1."""

    alliance = models.OneToOneField(Alliance, on_delete=models.CASCADE, related_name="submission")
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.alliance}'s written submission"


class SubmissionDocument(models.Model):
    """One document of a written submission (a new upload of a kind replaces the older one
    until submission; every upload is kept)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=40)
    file = models.FileField(max_length=255)
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(PERSON, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["submission", "kind", "-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.name


class PanelMember(models.Model):
    """A commissioner's representative on the assessment panel, with their declaration of
    interests (made before they may rate)."""

    process = models.ForeignKey(
        "selection.SelectionProcess", on_delete=models.CASCADE, related_name="panel_members"
    )
    person = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="selection_panels")
    declaration = models.CharField(max_length=20, blank=True, choices=[(str(d), str(d)) for d in Declaration])
    conflict_text = models.TextField(blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["process", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["process", "person"], name="selection_panel_member_once")
        ]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def free_to_rate(self) -> bool:
        return self.declaration == Declaration.NO_CONFLICT

    @property
    def conflicted(self) -> bool:
        return self.declaration == Declaration.CONFLICT


class PanelRating(models.Model):
    """One panel member's rating of one sub-criterion of one alliance's submission. Kept as
    given: moderation never changes it."""

    panel_member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="ratings")
    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="panel_ratings")
    sub_criterion = models.CharField(max_length=20)
    rating = models.CharField(max_length=20, choices=RATING_CHOICES)
    comment = models.TextField()
    rated_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["alliance", "sub_criterion", "panel_member"]
        constraints = [
            models.UniqueConstraint(
                fields=["panel_member", "alliance", "sub_criterion"], name="selection_panel_rating_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sub_criterion}: {self.rating_label}"

    @property
    def rating_label(self) -> str:
        return RATING_LABELS[Rating(self.rating)]


class ModeratedRating(models.Model):
    """The moderating panel's agreed rating of one sub-criterion of one alliance's submission."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="moderated_ratings")
    sub_criterion = models.CharField(max_length=20)
    rating = models.CharField(max_length=20, choices=RATING_CHOICES)
    suggested = models.CharField(max_length=20, choices=RATING_CHOICES, blank=True)
    rationale = models.TextField(blank=True)

    class Meta:
        ordering = ["alliance", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "sub_criterion"], name="selection_moderated_once")
        ]

    def __str__(self) -> str:
        return f"{self.sub_criterion}: {self.rating_label} (agreed)"

    @property
    def rating_label(self) -> str:
        return RATING_LABELS[Rating(self.rating)]


class DomainModeration(models.Model):
    """The agreed collective rating of one domain (or, with `domain` "overall", of the whole
    submission): the rating Caremarket suggested, the one agreed, and why."""

    OVERALL = "overall"

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="domain_moderations")
    domain = models.CharField(max_length=20)
    suggested = models.CharField(max_length=20, choices=RATING_CHOICES)
    agreed = models.CharField(max_length=20, choices=RATING_CHOICES)
    rationale = models.TextField(blank=True)

    class Meta:
        ordering = ["alliance", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "domain"], name="selection_domain_moderated_once")
        ]

    def __str__(self) -> str:
        return f"{self.domain}: {self.agreed_label} (agreed)"

    @property
    def agreed_label(self) -> str:
        return RATING_LABELS[Rating(self.agreed)]

    @property
    def suggested_label(self) -> str:
        return RATING_LABELS[Rating(self.suggested)]


class GatewayDecision(models.Model):
    """Gateway 1 (progress or divert, with the rationale and the themes for stage 2) or
    gateway 2 (passed once the stage 2 documents are agreed)."""

    process = models.ForeignKey(
        "selection.SelectionProcess", on_delete=models.CASCADE, related_name="gateways"
    )
    gateway = models.PositiveSmallIntegerField(choices=[(1, "Gateway 1"), (2, "Gateway 2")])
    decision = models.CharField(
        max_length=20, choices=[(str(d), d.label) for d in Gateway1Decision] + [("passed", "Passed")]
    )
    rationale = models.TextField(blank=True)
    themes = models.JSONField(default=list, blank=True)
    # Gateway 1: for each domain not assured, why the process progresses (domain id -> note).
    notes = models.JSONField(default=dict, blank=True)
    decided_by = models.ForeignKey(PERSON, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["process", "gateway"]
        constraints = [models.UniqueConstraint(fields=["process", "gateway"], name="selection_gateway_once")]

    def __str__(self) -> str:
        return f"Gateway {self.gateway}: {self.decision_label}"

    @property
    def decision_label(self) -> str:
        if self.decision == "passed":
            return "Passed"
        return Gateway1Decision(self.decision).label


class Stage2Document(models.Model):
    """A stage 2 document negotiated with one alliance: the delivery plan, the innovation plan or
    the service contract."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="stage2_documents")
    kind = models.CharField(max_length=30, choices=[(str(k), k.label) for k in DocumentKind])

    class Meta:
        ordering = ["alliance", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "kind"], name="selection_stage2_document_once")
        ]

    def __str__(self) -> str:
        return DocumentKind(self.kind).label

    @property
    def label(self) -> str:
        return DocumentKind(self.kind).label


class Stage2Version(models.Model):
    """One version of a stage 2 document: its text or file (with SHA-256), the side that drafted
    it, and each side's agreement of this version."""

    document = models.ForeignKey(Stage2Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    text = models.TextField(blank=True)
    file = models.FileField(max_length=255, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    drafted_by_side = models.CharField(max_length=20, choices=SIDE_CHOICES)
    drafted_by = models.ForeignKey(PERSON, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField(default=clock.now)
    commissioners_agreed_at = models.DateTimeField(null=True, blank=True)
    commissioners_agreed_by = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    alliance_agreed_at = models.DateTimeField(null=True, blank=True)
    alliance_agreed_by = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="selection_stage2_version_once")
        ]

    def __str__(self) -> str:
        return f"Version {self.number}"

    @property
    def agreed_by(self) -> frozenset[str]:
        sides = set()
        if self.commissioners_agreed_at:
            sides.add(str(Side.COMMISSIONERS))
        if self.alliance_agreed_at:
            sides.add(str(Side.ALLIANCE_LEAD))
        return frozenset(sides)

    @property
    def drafted_by_label(self) -> str:
        return Side(self.drafted_by_side).label


class EngagementRecord(models.Model):
    """Patient and public engagement in stage 2 (a focus group, a pathway group, patient experts
    working up a service)."""

    process = models.ForeignKey(
        "selection.SelectionProcess", on_delete=models.CASCADE, related_name="engagement_records"
    )
    held_on = models.DateField()
    who = models.CharField(max_length=255)
    summary = models.TextField()
    recorded_by = models.ForeignKey(PERSON, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["process", "held_on", "pk"]

    def __str__(self) -> str:
        return f"Engagement with {self.who}"
