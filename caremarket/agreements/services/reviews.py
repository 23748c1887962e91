"""The annual review: open it (one entry per supplier on the agreement), record each
supplier's performance, fee payments and compliance, write the management fee flags raised
against a supplier into its entry, and complete it."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from caremarket.agreements import compliance
from caremarket.agreements.choices import ReviewStatus
from caremarket.agreements.models import Agreement, LotSupplier, Review, ReviewEntry, ReviewFlag
from caremarket.agreements.services.problems import Problems
from caremarket.agreements.services.standing import _lot_supplier_remove
from caremarket.audit.services import audit_record
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import Conflict, RuleViolation, ValidationFailed
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.rules.admission import (
    DataHandling,
    Interoperability,
    Performance,
    SupplierStatus,
    review_completion_refusal,
)
from caremarket.rules.agreements import review_refusal
from caremarket.rules.dates import spoken_date
from caremarket.rules.fees import FeeFlagKind


def _review_open(*, actor: Actor, agreement: Agreement, year: int | None = None) -> Review:
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


review_open = service(_review_open)


def _refuse_if_completed(review: Review) -> None:
    if not review.is_open:
        raise RuleViolation(
            f"The {review.year} review of {review.agreement.reference} was completed on "
            f"{spoken_date(clock.local(review.completed_at).date())}: it cannot change",
            code=ErrorCode.REVIEW_COMPLETED,
        )


@service
def review_entry_record(
    *,
    actor: Actor,
    entry: ReviewEntry,
    performance: str,
    data_handling: str,
    interoperability: str,
    performance_notes: str = "",
    notes: str = "",
) -> ReviewEntry:
    """Record a supplier's evidence in the review. Its fee record is not typed: it is read from
    its management fee invoices (as the fees page reads it), and its compliance from the clock."""
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
        data_handling in set(DataHandling), "data_handling", "Choose how the supplier handled sensitive data"
    )
    problems.check(
        interoperability in set(Interoperability),
        "interoperability",
        "Choose whether its IT systems meet the interoperability standards",
    )
    problems.check(
        performance != Performance.POOR or bool(performance_notes.strip()),
        "performance_notes",
        "Describe the evidence of poor performance",
    )
    problems.check(
        (
            data_handling not in (DataHandling.CONCERNS, DataHandling.MISHANDLED)
            and interoperability != Interoperability.FAILS
        )
        or bool(notes.strip()),
        "notes",
        "Describe the data handling or interoperability evidence",
    )
    problems.raise_if_any("The review of this supplier is not complete")
    from caremarket.contracts.selectors import fee_records  # contracts imports this module

    fees = fee_records(review.agreement, [entry.supplier_id])[entry.supplier_id]
    gaps = compliance.gaps_for(list(review.agreement.required_standards), [entry.supplier_id])[
        entry.supplier_id
    ]
    before = (
        {
            "performance": entry.performance,
            "data_handling": entry.data_handling,
            "interoperability": entry.interoperability,
            "fees_status": entry.fees_status,
        }
        if entry.is_recorded
        else None
    )
    entry.performance, entry.data_handling, entry.interoperability = (
        performance,
        data_handling,
        interoperability,
    )
    entry.fees_status, entry.fees_outstanding = str(fees.status), fees.overdue
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
            "data_handling": data_handling,
            "interoperability": interoperability,
            "fees_status": entry.fees_status,
            "fees_outstanding": fees.overdue,
            "compliance": entry.compliance,
        },
    )
    return entry


@service
def review_supplier_remove(
    *, actor: Actor, entry: ReviewEntry, ground: str, reason: str
) -> list[LotSupplier]:
    """Remove a supplier the review finds against from every lot of the agreement it is still
    on, with the ground and the reason kept on each lot's history and in the audit log. A
    removed supplier can no longer be invited or receive a call-off (selectors.invitable_suppliers)."""
    entry = (
        ReviewEntry.objects.select_for_update(of=("self",))
        .select_related("review__agreement", "supplier")
        .get(pk=entry.pk)
    )
    review = entry.review
    require(actor, "agreements.manage_agreement", review.agreement)
    _refuse_if_completed(review)
    places = list(
        LotSupplier.objects.filter(
            lot__agreement=review.agreement,
            supplier_id=entry.supplier_id,
            status__in=[SupplierStatus.ADMITTED, SupplierStatus.SUSPENDED],
        )
        .select_related("lot")
        .order_by("lot__number")
    )
    if not places:
        raise RuleViolation(
            f"{entry.supplier.name} is on no lot of {review.agreement.reference}: there is nothing to remove",
            code=ErrorCode.LOT_SUPPLIER_TRANSITION_REFUSED,
        )
    removed = [
        _lot_supplier_remove(actor=actor, place=place, ground=ground, reason=reason) for place in places
    ]
    audit_record(
        actor=actor,
        action="review.supplier_removed",
        obj=entry,
        organisation_id=entry.supplier_id,
        after={
            "review": str(review),
            "ground": ground,
            "reason": reason.strip(),
            "lots": [p.lot.label for p in places],
        },
    )
    return removed


@service
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


@dataclass(frozen=True)
class FeeFlagIn:
    supplier_id: int
    kind: str  # rules.fees.FeeFlagKind
    period: date
    detail: str


def _review_for_flags(actor: Actor, agreement: Agreement) -> Review | None:
    """The review flags go into: the latest open one; else this year's, opened now; else, once
    this year's is completed, next year's. None when the agreement can have no review today."""
    review = (
        Review.objects.select_for_update(of=("self",))
        .filter(agreement=agreement, status=ReviewStatus.OPEN)
        .order_by("-year")
        .first()
    )
    if review is not None:
        return review
    if review_refusal(agreement.facts(lot_count=1), clock.today()):
        return None
    year = clock.today().year
    if agreement.reviews.filter(year=year).exists():
        year += 1
    return _review_open(actor=actor, agreement=agreement, year=year)


def _review_fee_flags_record(
    *, actor: Actor, agreement: Agreement, flags: Sequence[FeeFlagIn]
) -> list[ReviewFlag]:
    """Write management fee flags (late or missing returns, unpaid fees) into each supplier's
    entry in the agreement's annual review. A flag already written is not written again, so
    flagging twice changes nothing; the new ones are returned."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    require(actor, "agreements.manage_agreement", agreement)
    kinds = set(FeeFlagKind)
    unknown = sorted({f.kind for f in flags if f.kind not in kinds})
    if unknown:
        raise ValidationFailed(f"Not a management fee flag: {', '.join(unknown)}")
    if not flags:
        return []
    review = _review_for_flags(actor, agreement)
    if review is None:
        return []
    entries = {e.supplier_id: e for e in review.entries.all()}
    for supplier_id in {f.supplier_id for f in flags} - set(entries):
        # A supplier admitted after the review opened is added to it with its first flag.
        entries[supplier_id] = ReviewEntry.objects.create(review=review, supplier_id=supplier_id)
    written = set(
        ReviewFlag.objects.filter(entry__review=review).values_list("entry__supplier_id", "kind", "period")
    )
    new = []
    for f in flags:
        key = (f.supplier_id, str(f.kind), f.period)
        if key in written:
            continue
        written.add(key)
        new.append(
            ReviewFlag(entry=entries[f.supplier_id], kind=str(f.kind), period=f.period, detail=f.detail[:255])
        )
    ReviewFlag.objects.bulk_create(new)
    if new:
        review.touch()
        review.save(update_fields=["updated_at"])
        audit_record(
            actor=actor,
            action="review.fee_flags_recorded",
            obj=review,
            organisation_id=agreement.owner_id,
            after={
                "review": str(review),
                "flags": [
                    {"supplier": x.entry.supplier_id, "kind": x.kind, "period": x.period.isoformat()}
                    for x in new
                ],
            },
        )
    return new


review_fee_flags_record = service(_review_fee_flags_record)
