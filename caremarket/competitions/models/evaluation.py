"""The evaluation panel's work: evaluators and their declarations, individual scores,
consensus scores with every original kept, pass/fail results and decisions on flags."""

from django.conf import settings
from django.db import models

from caremarket.competitions.choices import DECLARATION_CHOICES
from caremarket.core import clock

USER = settings.AUTH_USER_MODEL


class Evaluator(models.Model):
    competition = models.ForeignKey(
        "competitions.Competition", on_delete=models.PROTECT, related_name="evaluators"
    )
    person = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="evaluations")
    assigned_at = models.DateTimeField(default=clock.now)
    assigned_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    declaration = models.CharField(max_length=20, choices=DECLARATION_CHOICES, blank=True)
    declaration_note = models.TextField(blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["competition_id", "id"]
        constraints = [models.UniqueConstraint(fields=["competition", "person"], name="evaluator_unique")]

    def __str__(self) -> str:
        return f"{self.person} on {self.competition.reference}"


class Score(models.Model):
    """One evaluator's score for one bid and quality criterion, with its justification."""

    evaluator = models.ForeignKey(Evaluator, on_delete=models.PROTECT, related_name="scores")
    bid = models.ForeignKey("competitions.Bid", on_delete=models.PROTECT, related_name="scores")
    criterion_id = models.CharField(max_length=60)
    score = models.PositiveSmallIntegerField()
    justification = models.TextField()
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["bid_id", "criterion_id", "evaluator_id"]
        constraints = [
            models.UniqueConstraint(fields=["evaluator", "bid", "criterion_id"], name="score_unique")
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.score}"


class Consensus(models.Model):
    """The moderated score for one bid and criterion; `originals` keeps every individual score."""

    bid = models.ForeignKey("competitions.Bid", on_delete=models.PROTECT, related_name="consensus")
    criterion_id = models.CharField(max_length=60)
    score = models.PositiveSmallIntegerField()
    rationale = models.TextField()
    originals = models.JSONField(default=list)
    spread = models.JSONField(default=dict)
    recorded_at = models.DateTimeField(default=clock.now)
    recorded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["bid_id", "criterion_id"]
        verbose_name_plural = "consensus scores"
        constraints = [models.UniqueConstraint(fields=["bid", "criterion_id"], name="consensus_unique")]

    def __str__(self) -> str:
        return f"Consensus {self.criterion_id}: {self.score}"


class GateResult(models.Model):
    """Pass or fail on a pass/fail criterion, recorded in moderation with the reason."""

    bid = models.ForeignKey("competitions.Bid", on_delete=models.PROTECT, related_name="gate_results")
    criterion_id = models.CharField(max_length=60)
    passed = models.BooleanField()
    rationale = models.TextField()
    recorded_at = models.DateTimeField(default=clock.now)
    recorded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["bid_id", "criterion_id"]
        constraints = [models.UniqueConstraint(fields=["bid", "criterion_id"], name="gate_result_unique")]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {'pass' if self.passed else 'fail'}"


class FlagDecision(models.Model):
    """The buyer's recorded decision on a tie or an abnormally low price."""

    competition = models.ForeignKey(
        "competitions.Competition", on_delete=models.PROTECT, related_name="flag_decisions"
    )
    key = models.CharField(max_length=200, help_text="The flag's kind and bids")
    kind = models.CharField(max_length=30)
    message = models.TextField()
    decision = models.TextField()
    recorded_at = models.DateTimeField(default=clock.now)
    recorded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["competition_id", "id"]
        constraints = [models.UniqueConstraint(fields=["competition", "key"], name="flag_decision_unique")]

    def __str__(self) -> str:
        return self.key
