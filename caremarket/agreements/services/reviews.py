"""The annual review: open it (one entry per supplier on the agreement), record each
supplier's performance, fee payments and compliance, and complete it."""

from decimal import Decimal, InvalidOperation

from django.db import transaction

from caremarket.agreements import compliance
from caremarket.agreements.choices import ReviewStatus
from caremarket.agreements.models import Agreement, LotSupplier, Review, ReviewEntry
from caremarket.agreements.services.problems import Problems
from caremarket.audit.services import audit_record
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import Conflict, RuleViolation
from caremarket.core.money import to_money
from caremarket.core.permissions import require
from caremarket.rules.admission import FeeStatus, Performance, SupplierStatus, review_completion_refusal
from caremarket.rules.agreements import review_refusal


@transaction.atomic
def review_open(*, actor: Actor, agreement: Agreement, year: int | None = None) -> Review:
    """Open the year's review, listing every supplier admitted to (or suspended from) a lot."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    require(actor, "agreements.manage_agreement", agreement)
    refusal = review_refusal(agreement.facts(lot_count=1), clock.today())
    if refusal:
        raise refusal.error()
    year = year or clock.today().year
    if not 2000 <= year <= clock.today().year + 1:
        raise RuleViolation(
            f"A review is for this year or last ones, not {year}", code=ErrorCode.REVIEW_NOT_POSSIBLE
        )
    if agreement.reviews.filter(year=year).exists():
        raise Conflict(f"{agreement.reference} already has a {year} review", code=ErrorCode.REVIEW_EXISTS)
    review = Review.objects.create(agreement=agreement, year=year, opened_by=actor.person)
    suppliers = (
        LotSupplier.objects.filter(
            lot__agreement=agreement, status__in=[SupplierStatus.ADMITTED, SupplierStatus.SUSPENDED]
        )
        .values_list("supplier_id", flat=True)
        .distinct()
    )
    ReviewEntry.objects.bulk_create([ReviewEntry(review=review, supplier_id=s) for s in set(suppliers)])
    audit_record(
        actor=actor,
        action="review.opened",
        obj=review,
        organisation_id=agreement.owner_id,
        after={"agreement": agreement.reference, "year": year, "suppliers": review.entries.count()},
    )
    return review


def _refuse_if_completed(review: Review) -> None:
    if not review.is_open:
        raise RuleViolation(
            f"The {review.year} review of {review.agreement.reference} was completed on "
            f"{clock.local(review.completed_at).date().isoformat()}: it cannot change",
            code=ErrorCode.REVIEW_COMPLETED,
        )


@transaction.atomic
def review_entry_record(
    *,
    actor: Actor,
    entry: ReviewEntry,
    performance: str,
    fees_status: str,
    fees_outstanding: Decimal | str = Decimal("0"),
    performance_notes: str = "",
    notes: str = "",
) -> ReviewEntry:
    """Record a supplier's evidence in the review; its compliance is taken from the clock."""
    entry = (
        ReviewEntry.objects.select_for_update(of=("self",))
        .select_related("review__agreement", "supplier")
        .get(pk=entry.pk)
    )
    review = entry.review
    require(actor, "agreements.manage_agreement", review.agreement)
    _refuse_if_completed(review)
    problems = Problems()
    problems.check(performance in set(Performance), "performance", "Choose how the supplier performed")
    problems.check(
        fees_status in set(FeeStatus), "fees_status", "Choose whether its management fees are paid"
    )
    try:
        outstanding = to_money(Decimal(str(fees_outstanding or "0").replace("£", "").replace(",", "")))
    except InvalidOperation:
        outstanding = Decimal("-1")
    if not outstanding.is_finite() or outstanding < 0:
        problems.add("fees_outstanding", "Enter the fees outstanding in pounds, like 1250.00")
    elif fees_status == FeeStatus.OVERDUE and outstanding == 0:
        problems.add("fees_outstanding", "Enter how much is overdue")
    elif fees_status != FeeStatus.OVERDUE and outstanding != 0:
        problems.add("fees_outstanding", "Only overdue fees are outstanding: enter 0 or choose overdue")
    problems.check(
        performance != Performance.POOR or bool(performance_notes.strip()),
        "performance_notes",
        "Describe the evidence of poor performance",
    )
    problems.raise_if_any("The review of this supplier is not complete")
    gaps = compliance.gaps_for(list(review.agreement.required_standards), [entry.supplier_id])[
        entry.supplier_id
    ]
    before = (
        {"performance": entry.performance, "fees_status": entry.fees_status} if entry.is_recorded else None
    )
    entry.performance, entry.fees_status, entry.fees_outstanding = performance, fees_status, outstanding
    entry.performance_notes, entry.notes = performance_notes.strip(), notes.strip()
    entry.compliance = compliance.describe(gaps)
    entry.recorded_at, entry.recorded_by = clock.now(), actor.person
    entry.save()
    audit_record(
        actor=actor,
        action="review.entry_recorded",
        obj=entry,
        organisation_id=entry.supplier_id,
        before=before,
        after={
            "review": str(review),
            "performance": performance,
            "fees_status": fees_status,
            "fees_outstanding": outstanding,
            "compliance": entry.compliance,
        },
    )
    return entry


@transaction.atomic
def review_complete(*, actor: Actor, review: Review, summary: str = "") -> Review:
    review = Review.objects.select_for_update(of=("self",)).select_related("agreement").get(pk=review.pk)
    require(actor, "agreements.manage_agreement", review.agreement)
    _refuse_if_completed(review)
    unreviewed = [
        e.supplier.name for e in review.entries.select_related("supplier").filter(recorded_at__isnull=True)
    ]
    refusal = review_completion_refusal(sorted(unreviewed))
    if refusal:
        raise refusal.error()
    review.status, review.summary = ReviewStatus.COMPLETED, summary.strip()
    review.completed_at, review.completed_by = clock.now(), actor.person
    review.touch()
    review.save()
    audit_record(
        actor=actor,
        action="review.completed",
        obj=review,
        organisation_id=review.agreement.owner_id,
        after={"summary": review.summary, "suppliers": review.entries.count()},
    )
    return review
