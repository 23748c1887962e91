"""Reads about agreements, lots, suppliers on lots, applications, evidence and reviews, each
scoped to what the actor may see; fetch-and-check helpers answer not-found for the rest."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from caremarket.agreements import compliance
from caremarket.agreements.choices import SCHEME_LABELS
from caremarket.agreements.models import (
    Agreement,
    Application,
    Assessment,
    Evidence,
    Lot,
    LotRules,
    LotSupplier,
    Review,
    ReviewEntry,
)
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.errors import NotFound
from caremarket.core.permissions import can, require
from caremarket.orgs.models import Organisation
from caremarket.rules.admission import PENDING, Standing, SupplierStatus, trading_refusal
from caremarket.rules.agreements import AgreementStatus
from caremarket.rules.fees import FeeRecord
from caremarket.rules.lot_routes import RouteOption, lot_routes
from caremarket.rules.roles import Role


def managed_org_ids(actor: Actor) -> list[int]:
    return [org for org, roles in actor.roles_by_org.items() if Role.AGREEMENT_MANAGER in roles]


# --- Agreements and lots --------------------------------------------------------------------


@dataclass(frozen=True)
class AgreementFilters:
    q: str = ""
    kind: str = ""
    status: str = ""
    owner: str = ""


def _status_q(status: str, today: date) -> Q:
    published = ~Q(stage=AgreementStatus.DRAFT)
    if status == AgreementStatus.EXPIRED:
        return published & Q(ends_on__lt=today)
    if status == AgreementStatus.DRAFT:
        return Q(stage=AgreementStatus.DRAFT)
    return Q(stage=status, ends_on__gte=today)


def agreements_for_actor(actor: Actor, filters: AgreementFilters | None = None) -> QuerySet[Agreement]:
    require(actor, "agreements.browse")
    f = filters or AgreementFilters()
    agreements = (
        Agreement.objects.select_related("owner").annotate(lot_count=Count("lots")).order_by("reference")
    )
    if not actor.sees_everything:
        agreements = agreements.filter(
            ~Q(stage=AgreementStatus.DRAFT) | Q(owner_id__in=managed_org_ids(actor))
        )
    if f.q:
        agreements = agreements.filter(Q(reference__icontains=f.q) | Q(title__icontains=f.q))
    if f.kind:
        agreements = agreements.filter(kind=f.kind)
    if f.status:
        agreements = agreements.filter(_status_q(f.status, clock.today()))
    if f.owner:
        agreements = agreements.filter(owner__code__iexact=f.owner)
    return agreements


def agreement_for_actor(actor: Actor, reference: str) -> Agreement:
    agreement = Agreement.objects.select_related("owner").filter(reference__iexact=reference).first()
    if agreement is None or not can(actor, "agreements.view_agreement", agreement):
        raise NotFound(f"There is no agreement with the reference {reference}")
    return agreement


def lots_of(agreement: Agreement) -> list[Lot]:
    admitted = Count("suppliers", filter=Q(suppliers__status=SupplierStatus.ADMITTED))
    return list(
        agreement.lots.select_related("current_rules", "agreement")
        .annotate(admitted=admitted)
        .order_by("number")
    )


def lot_for_actor(actor: Actor, reference: str, number: int) -> Lot:
    agreement = agreement_for_actor(actor, reference)
    lot = agreement.lots.select_related("current_rules").filter(number=number).first()
    if lot is None:
        raise NotFound(f"{agreement.reference} has no lot {number}")
    lot.agreement = agreement
    return lot


def rules_history(lot: Lot) -> QuerySet[LotRules]:
    return lot.rules_versions.select_related("created_by").order_by("-version")


# --- Suppliers on a lot -----------------------------------------------------------------------


@dataclass
class SupplierRow:
    place: LotSupplier
    gaps: list[str] = field(default_factory=list)
    refusal: str | None = None  # why the supplier cannot be invited today, if it cannot

    @property
    def supplier(self) -> Organisation:
        return self.place.supplier

    @property
    def invitable(self) -> bool:
        return self.refusal is None


def _rows(lot: Lot, places: list[LotSupplier], today: date) -> list[SupplierRow]:
    agreement = lot.agreement
    gaps = compliance.gaps_for(list(agreement.required_standards), [p.supplier_id for p in places], today)
    facts = agreement.facts(lot_count=1)
    rows = []
    for place in places:
        standing = Standing(place.supplier.name, place.status, place.ground, tuple(gaps[place.supplier_id]))
        refusal = trading_refusal(facts, lot.number, standing, today, SCHEME_LABELS)
        rows.append(
            SupplierRow(place, compliance.describe(gaps[place.supplier_id]), refusal and refusal.message)
        )
    return rows


def lot_supplier_rows(lot: Lot, today: date | None = None) -> list[SupplierRow]:
    """Every supplier ever placed on the lot, with its standing and compliance today."""
    places = list(lot.suppliers.select_related("supplier").order_by("supplier__name"))
    return _rows(lot, places, today or clock.today())


def lot_suppliers_for_actor(actor: Actor, lot: Lot) -> list[SupplierRow]:
    require(actor, "agreements.view_agreement", lot.agreement)
    return lot_supplier_rows(lot)


def invitable_suppliers(lot: Lot, today: date | None = None) -> list[Organisation]:
    """The suppliers a buyer must invite to a further competition on this lot today (and the
    only ones who may receive a call-off): admitted, not suspended or removed, compliant
    with every standard the agreement requires, on an agreement that is live."""
    places = list(
        lot.suppliers.filter(status=SupplierStatus.ADMITTED)
        .select_related("supplier")
        .order_by("supplier__name")
    )
    return [row.supplier for row in _rows(lot, places, today or clock.today()) if row.invitable]


def invitable_suppliers_for_actor(actor: Actor, lot: Lot) -> list[Organisation]:
    require(actor, "agreements.view_agreement", lot.agreement)
    return invitable_suppliers(lot)


@dataclass(frozen=True)
class LotRoutes:
    """Buy from this lot: each call-off route with why it is refused today (or None), and
    the suppliers a further competition would invite (the only ones who may receive a
    call-off)."""

    lot: Lot
    today: date
    options: tuple[RouteOption, ...]
    invitable: list[Organisation]

    def option(self, procedure: str) -> RouteOption:
        return next(o for o in self.options if o.procedure == procedure)


def lot_routes_for_actor(actor: Actor, lot: Lot) -> LotRoutes:
    require(actor, "agreements.view_agreement", lot.agreement)
    today = clock.today()
    suppliers = invitable_suppliers(lot, today)
    options = lot_routes(lot.agreement.facts(lot_count=1), lot.facts(), today, invitable=len(suppliers))
    return LotRoutes(lot, today, options, suppliers)


def place_for_actor(actor: Actor, lot: Lot, supplier_code: str) -> LotSupplier:
    place = (
        lot.suppliers.select_related("supplier", "application")
        .prefetch_related("changes__changed_by")
        .filter(supplier__code__iexact=supplier_code)
        .first()
    )
    if place is None or not can(actor, "agreements.view_standing_history", place):
        raise NotFound(f"{supplier_code} has no place on {lot.label} that you can see")
    place.lot = lot
    return place


# --- Applications and evidence ----------------------------------------------------------------


@dataclass(frozen=True)
class ApplicationFilters:
    status: str = ""  # an application status, or "pending"
    agreement: str = ""
    supplier: str = ""


def _visible_applications(actor: Actor) -> Q:
    if actor.sees_everything:
        return Q()
    return Q(supplier_id__in=actor.organisation_ids) | Q(lot__agreement__owner_id__in=managed_org_ids(actor))


def applications_for_actor(actor: Actor, filters: ApplicationFilters | None = None) -> QuerySet[Application]:
    require(actor, "agreements.browse")
    f = filters or ApplicationFilters()
    applications = (
        Application.objects.filter(_visible_applications(actor))
        .select_related("supplier", "lot__agreement")
        .prefetch_related(
            Prefetch("assessments", queryset=Assessment.objects.order_by("-assessed_at", "-id"))
        )
        .order_by("-submitted_at", "-id")
    )
    if f.status == "pending":
        applications = applications.filter(status__in=PENDING)
    elif f.status:
        applications = applications.filter(status=f.status)
    if f.agreement:
        applications = applications.filter(lot__agreement__reference__iexact=f.agreement)
    if f.supplier:
        applications = applications.filter(supplier__code__iexact=f.supplier)
    return applications


def application_for_actor(actor: Actor, application_id: int) -> Application:
    application = (
        Application.objects.select_related(
            "supplier", "lot__agreement__owner", "rules", "submitted_by", "decided_by"
        )
        .prefetch_related(
            Prefetch(
                "assessments",
                queryset=Assessment.objects.select_related("assessed_by").order_by("-assessed_at", "-id"),
            ),
            "evidence",
        )
        .filter(pk=application_id)
        .first()
    )
    if application is None or not can(actor, "agreements.view_application", application):
        raise NotFound(f"There is no application #{application_id} that you can see")
    return application


def applications_to_assess(actor: Actor) -> QuerySet[Application]:
    """Pending applications on the agreements the actor runs."""
    return (
        Application.objects.filter(status__in=PENDING, lot__agreement__owner_id__in=managed_org_ids(actor))
        .select_related("supplier", "lot__agreement")
        .order_by("submitted_at", "id")
    )


def application_evidence(application: Application) -> list[Evidence]:
    return list(application.evidence.all())


def application_assessments(application: Application) -> list:
    return list(application.assessments.all())


def certifications_held(supplier: Organisation, schemes: list[str]) -> list:
    """The supplier's certifications in any of `schemes`."""
    return list(supplier.certifications.filter(scheme__in=schemes))


def standing_history(place: LotSupplier) -> list:
    """Every change to a supplier's standing on a lot."""
    return list(place.changes.all())


def evidence_for_actor(actor: Actor, evidence_id: int) -> Evidence:
    evidence = Evidence.objects.select_related("supplier").filter(pk=evidence_id).first()
    if evidence is None or not can(actor, "agreements.view_evidence", evidence):
        raise NotFound(f"There is no evidence file #{evidence_id} that you can see")
    return evidence


def evidence_of_supplier(actor: Actor, supplier: Organisation) -> QuerySet[Evidence]:
    require(actor, "agreements.view_compliance", supplier)
    return supplier.evidence.order_by("-uploaded_at", "-id")


# --- A supplier's own view ---------------------------------------------------------------------


@dataclass
class AgreementCompliance:
    agreement: Agreement
    places: list[LotSupplier]
    pending: list[Application]
    gaps: list[str]
    # The day the agreement ended, when it has expired: its suppliers are then neither
    # compliant nor not, there is nothing left to comply with.
    ended_on: date | None = None


def supplier_overview_for_actor(actor: Actor, supplier: Organisation) -> list[AgreementCompliance]:
    """Per agreement the supplier is on or has applied to: its places, pending applications
    and whether it holds every standard the agreement requires today."""
    require(actor, "agreements.view_compliance", supplier)
    places = list(
        supplier.lot_places.select_related("lot__agreement").order_by(
            "lot__agreement__reference", "lot__number"
        )
    )
    pending = list(
        supplier.applications.filter(status__in=PENDING)
        .select_related("lot__agreement")
        .order_by("lot__number")
    )
    agreements = {p.lot.agreement.pk: p.lot.agreement for p in places} | {
        a.lot.agreement.pk: a.lot.agreement for a in pending
    }
    rows = []
    today = clock.today()
    for agreement in sorted(agreements.values(), key=lambda a: a.reference):
        gaps = compliance.gaps_for(list(agreement.required_standards), [supplier.pk])[supplier.pk]
        rows.append(
            AgreementCompliance(
                agreement,
                [p for p in places if p.lot.agreement_id == agreement.pk],
                [a for a in pending if a.lot.agreement_id == agreement.pk],
                compliance.describe(gaps),
                agreement.ends_on if agreement.status(today) == AgreementStatus.EXPIRED else None,
            )
        )
    return rows


# --- Reviews ----------------------------------------------------------------------------------


def managed_agreements_for_actor(actor: Actor) -> list[Agreement]:
    """The agreements the actor can see that its own organisations manage, with their reviews."""
    return list(
        agreements_for_actor(actor).filter(owner_id__in=managed_org_ids(actor)).prefetch_related("reviews")
    )


def reviews_of(agreement: Agreement) -> list[Review]:
    """The agreement's reviews (prefetched by `managed_agreements_for_actor`)."""
    return list(agreement.reviews.all())


def latest_reviews(agreement: Agreement) -> tuple[Review | None, Review | None]:
    """The agreement's last completed review and its open one, if any."""
    last = agreement.reviews.filter(status="completed").order_by("-completed_at").first()
    return last, agreement.reviews.filter(status="open").first()


def published_agreements_for_actor(actor: Actor) -> QuerySet[Agreement]:
    """The agreements the actor can see that are past their draft, by reference."""
    return agreements_for_actor(actor).exclude(stage=AgreementStatus.DRAFT).order_by("reference")


def reviews_for_actor(actor: Actor, agreement: Agreement) -> QuerySet[Review]:
    require(actor, "agreements.view_review", agreement)
    return agreement.reviews.annotate(
        suppliers=Count("entries"), recorded=Count("entries", filter=Q(entries__recorded_at__isnull=False))
    ).order_by("-year")


def review_for_actor(actor: Actor, reference: str, year: int) -> Review:
    agreement = agreement_for_actor(actor, reference)
    review = agreement.reviews.filter(year=year).first()
    if review is None or not can(actor, "agreements.view_review", review):
        raise NotFound(f"{agreement.reference} has no {year} review that you can see")
    review.agreement = agreement
    return review


@dataclass
class ReviewRow:
    entry: ReviewEntry
    places: list[LotSupplier]
    gaps: list[str]
    fees: FeeRecord  # from the fee invoices, as the fees page shows it

    @property
    def on_the_agreement(self) -> bool:
        """Still on a lot (admitted or suspended): the review can remove it."""
        return any(p.status != SupplierStatus.REMOVED for p in self.places)


def review_rows(review: Review) -> list[ReviewRow]:
    """Every supplier in the review: its places on the lots, its compliance today, its fee
    record from its fee invoices (the same figures as the fees page, from
    contracts.selectors.fee_records) and the management fee flags written into its entry."""
    from caremarket.contracts.selectors import fee_records  # contracts imports this module

    entries = list(
        review.entries.select_related("supplier", "recorded_by")
        .prefetch_related("flags")
        .order_by("supplier__name")
    )
    ids = [e.supplier_id for e in entries]
    places = LotSupplier.objects.filter(lot__agreement=review.agreement, supplier_id__in=ids).select_related(
        "lot"
    )
    gaps = compliance.gaps_for(list(review.agreement.required_standards), ids)
    fees = fee_records(review.agreement, ids)
    return [
        ReviewRow(
            e,
            sorted([p for p in places if p.supplier_id == e.supplier_id], key=lambda p: p.lot.number),
            compliance.describe(gaps[e.supplier_id]),
            fees[e.supplier_id],
        )
        for e in entries
    ]


def review_entry_for_actor(actor: Actor, review: Review, supplier_code: str) -> ReviewEntry:
    entry = review.entries.select_related("supplier").filter(supplier__code__iexact=supplier_code).first()
    if entry is None:
        raise NotFound(f"{supplier_code} is not in the {review.year} review of {review.agreement.reference}")
    entry.review = review
    return entry
