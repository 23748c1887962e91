"""Commercial agreements: frameworks and DPS, their lots and versioned rules, who is on each
lot (and who can be invited), suspension and removal, and the annual review."""

from ninja import Query, Router, Status
from ninja.pagination import paginate

from caremarket.agreements import selectors, services
from caremarket.api.agreement_schemas import (
    AgreementDetailOut,
    AgreementIn,
    AgreementOut,
    AgreementPatch,
    AgreementQuery,
    LotDetailOut,
    LotIn,
    LotOut,
    LotRoutesOut,
    LotSupplierOut,
    PlaceOut,
    ReinstatementIn,
    ReviewCompleteIn,
    ReviewDetailOut,
    ReviewEntryIn,
    ReviewEntryOut,
    ReviewIn,
    ReviewOut,
    RouteOut,
    RulesIn,
    RulesWithQuestionsOut,
    StandingChangeOut,
    SupplierOut,
    SuspensionIn,
    TransitionIn,
)
from caremarket.api.schemas import ERRORS, LotNumber, Pages, Year, responses
from caremarket.core.permissions import can
from caremarket.orgs.selectors import organisation_for_actor

router = Router(tags=["Agreements"])

# --- Helpers ------------------------------------------------------------------------------------


def _supplier(org) -> SupplierOut:
    return SupplierOut(code=org.code, name=org.name, is_sme=org.is_sme, is_vcse=org.is_vcse)


def _place_out(row, actor) -> LotSupplierOut:
    place = row.place
    return LotSupplierOut(
        supplier=_supplier(place.supplier),
        status=place.status,
        ground=place.ground if can(actor, "agreements.view_standing_history", place) else "",
        admitted_on=place.admitted_on,
        compliance_gaps=row.gaps,
        invitable=row.invitable,
        reason=row.refusal,
    )


def _row_for(actor, lot, code):
    place = selectors.place_for_actor(actor, lot, code)
    return next(row for row in selectors.lot_supplier_rows(lot) if row.place.pk == place.pk)


def _review_out(review) -> ReviewDetailOut:
    return ReviewDetailOut(
        agreement=review.agreement.reference,
        year=review.year,
        status=review.status,
        completed_at=review.completed_at,
        summary=review.summary,
        entries=[
            ReviewEntryOut(
                supplier=_supplier(row.entry.supplier),
                lots=[f"{p.lot.label} ({p.status})" for p in row.places],
                performance=row.entry.performance,
                performance_notes=row.entry.performance_notes,
                fees_status=str(row.fees.status),
                fees_outstanding=str(row.fees.overdue),
                data_handling=row.entry.data_handling,
                interoperability=row.entry.interoperability,
                compliance_gaps=row.gaps,
                recorded_at=row.entry.recorded_at,
            )
            for row in selectors.review_rows(review)
        ],
    )


def _rules(payload: RulesIn) -> dict:
    data = payload.dict()
    data.pop("note", None)
    data["thresholds"] = {str(k): v for k, v in data["thresholds"].items()}
    return data


# --- Agreements ---------------------------------------------------------------------------------


@router.get("/agreements", response={200: list[AgreementOut], **ERRORS})
@paginate(Pages)
def list_agreements(request, filters: Query[AgreementQuery]):
    """Frameworks and dynamic purchasing systems you can see (drafts only to their managers)."""
    data = filters.dict()
    data = {k: (str(v) if v else "") for k, v in data.items()}
    return selectors.agreements_for_actor(request.actor, selectors.AgreementFilters(**data))


@router.post("/agreements", response=responses(201, AgreementDetailOut))
def create_agreement(request, payload: AgreementIn):
    data = payload.dict()
    owner = organisation_for_actor(request.actor, data.pop("owner_code"))
    data["required_standards"] = [str(s) for s in data["required_standards"]]
    return Status(201, services.agreement_create(actor=request.actor, owner=owner, **data))


@router.get("/agreements/{reference}", response=responses(200, AgreementDetailOut))
def get_agreement(request, reference: str):
    return selectors.agreement_for_actor(request.actor, reference)


@router.patch("/agreements/{reference}", response=responses(200, AgreementDetailOut))
def update_agreement(request, reference: str, payload: AgreementPatch):
    agreement = selectors.agreement_for_actor(request.actor, reference)
    changes = payload.dict(exclude_unset=True)
    if changes.get("required_standards") is not None:
        changes["required_standards"] = [str(s) for s in changes["required_standards"]]
    changes = {k: v for k, v in changes.items() if v is not None or k == "max_call_off_term_months"}
    return services.agreement_update(actor=request.actor, agreement=agreement, **changes)


@router.post("/agreements/{reference}/status", response=responses(200, AgreementDetailOut))
def move_agreement(request, reference: str, payload: TransitionIn):
    """Publish (open for applications), make live, close to new suppliers, or reopen."""
    agreement = selectors.agreement_for_actor(request.actor, reference)
    return services.agreement_transition(
        actor=request.actor,
        agreement=agreement,
        to=str(payload.to),
        applications_open_on=payload.applications_open_on,
        applications_close_on=payload.applications_close_on,
    )


# --- Lots ----------------------------------------------------------------------------------------


@router.get("/agreements/{reference}/lots", response=responses(200, list[LotOut]))
def list_lots(request, reference: str):
    return selectors.lots_of(selectors.agreement_for_actor(request.actor, reference))


@router.post("/agreements/{reference}/lots", response=responses(201, LotDetailOut))
def add_lot(request, reference: str, payload: LotIn):
    agreement = selectors.agreement_for_actor(request.actor, reference)
    data = _rules(payload)
    data["questions"] = data["questions"] or []
    lot = services.lot_add(actor=request.actor, agreement=agreement, **data)
    return Status(201, lot)


@router.get("/agreements/{reference}/lots/{number}", response=responses(200, LotDetailOut))
def get_lot(request, reference: str, number: LotNumber):
    return selectors.lot_for_actor(request.actor, reference, number)


@router.get(
    "/agreements/{reference}/lots/{number}/rules", response=responses(200, list[RulesWithQuestionsOut])
)
def list_rules_versions(request, reference: str, number: LotNumber):
    """Every version of the lot's rules, newest first."""
    return list(selectors.rules_history(selectors.lot_for_actor(request.actor, reference, number)))


@router.put("/agreements/{reference}/lots/{number}/rules", response=responses(200, RulesWithQuestionsOut))
def change_rules(request, reference: str, number: LotNumber, payload: RulesIn):
    """Publish a new version of the lot's rules; applications keep the version they answered."""
    lot = selectors.lot_for_actor(request.actor, reference, number)
    return services.lot_rules_update(actor=request.actor, lot=lot, note=payload.note, **_rules(payload))


@router.get("/agreements/{reference}/lots/{number}/suppliers", response=responses(200, list[LotSupplierOut]))
def list_lot_suppliers(request, reference: str, number: LotNumber):
    """Every supplier placed on the lot, with its standing and compliance today."""
    lot = selectors.lot_for_actor(request.actor, reference, number)
    return [_place_out(row, request.actor) for row in selectors.lot_suppliers_for_actor(request.actor, lot)]


@router.get("/agreements/{reference}/lots/{number}/invitable", response=responses(200, list[SupplierOut]))
def list_invitable(request, reference: str, number: LotNumber):
    """The suppliers a buyer must invite to a further competition today: admitted, not
    suspended or removed, and holding every standard the agreement requires."""
    lot = selectors.lot_for_actor(request.actor, reference, number)
    return [_supplier(org) for org in selectors.invitable_suppliers_for_actor(request.actor, lot)]


@router.get("/agreements/{reference}/lots/{number}/routes", response=responses(200, LotRoutesOut))
def list_lot_routes(request, reference: str, number: LotNumber):
    """Buy from this lot: which call-off procedures the lot offers today (further competition,
    direct award), each refused with its reason and code where the agreement is expired or not
    live, the lot does not allow it, or no supplier on it can receive a call-off."""
    lot = selectors.lot_for_actor(request.actor, reference, number)
    routes = selectors.lot_routes_for_actor(request.actor, lot)
    return LotRoutesOut(
        agreement=lot.agreement.reference,
        lot=lot.number,
        today=routes.today,
        routes=[
            RouteOut(
                procedure=o.procedure,
                label=o.label,
                allowed=o.allowed,
                code=o.refusal.code if o.refusal else None,
                reason=o.refusal.message if o.refusal else None,
            )
            for o in routes.options
        ],
        invitable=[_supplier(org) for org in routes.invitable],
    )


@router.get("/agreements/{reference}/lots/{number}/suppliers/{code}", response=responses(200, PlaceOut))
def get_place(request, reference: str, number: LotNumber, code: str):
    """A supplier's place on the lot and every change to it."""
    lot = selectors.lot_for_actor(request.actor, reference, number)
    row = _row_for(request.actor, lot, code)
    history = [StandingChangeOut.from_orm(c) for c in selectors.standing_history(row.place)]
    return PlaceOut(**_place_out(row, request.actor).dict(), history=history)


@router.post(
    "/agreements/{reference}/lots/{number}/suppliers/{code}/suspend", response=responses(200, LotSupplierOut)
)
def suspend(request, reference: str, number: LotNumber, code: str, payload: SuspensionIn):
    lot = selectors.lot_for_actor(request.actor, reference, number)
    place = selectors.place_for_actor(request.actor, lot, code)
    services.lot_supplier_suspend(
        actor=request.actor, place=place, ground=str(payload.ground), reason=payload.reason
    )
    return _place_out(_row_for(request.actor, lot, code), request.actor)


@router.post(
    "/agreements/{reference}/lots/{number}/suppliers/{code}/reinstate",
    response=responses(200, LotSupplierOut),
)
def reinstate(request, reference: str, number: LotNumber, code: str, payload: ReinstatementIn):
    lot = selectors.lot_for_actor(request.actor, reference, number)
    place = selectors.place_for_actor(request.actor, lot, code)
    services.lot_supplier_reinstate(actor=request.actor, place=place, reason=payload.reason)
    return _place_out(_row_for(request.actor, lot, code), request.actor)


@router.post(
    "/agreements/{reference}/lots/{number}/suppliers/{code}/remove", response=responses(200, LotSupplierOut)
)
def remove(request, reference: str, number: LotNumber, code: str, payload: SuspensionIn):
    lot = selectors.lot_for_actor(request.actor, reference, number)
    place = selectors.place_for_actor(request.actor, lot, code)
    services.lot_supplier_remove(
        actor=request.actor, place=place, ground=str(payload.ground), reason=payload.reason
    )
    return _place_out(_row_for(request.actor, lot, code), request.actor)


# --- Reviews ------------------------------------------------------------------------------------


@router.get("/agreements/{reference}/reviews", response=responses(200, list[ReviewOut]))
def list_reviews(request, reference: str):
    return list(
        selectors.reviews_for_actor(request.actor, selectors.agreement_for_actor(request.actor, reference))
    )


@router.post("/agreements/{reference}/reviews", response=responses(201, ReviewDetailOut))
def open_review(request, reference: str, payload: ReviewIn):
    """Open the annual review: every supplier on the agreement, to review one by one."""
    agreement = selectors.agreement_for_actor(request.actor, reference)
    review = services.review_open(actor=request.actor, agreement=agreement, year=payload.year)
    return Status(201, _review_out(review))


@router.get("/agreements/{reference}/reviews/{year}", response=responses(200, ReviewDetailOut))
def get_review(request, reference: str, year: Year):
    return _review_out(selectors.review_for_actor(request.actor, reference, year))


@router.put(
    "/agreements/{reference}/reviews/{year}/suppliers/{code}", response=responses(200, ReviewEntryOut)
)
def record_review_entry(request, reference: str, year: Year, code: str, payload: ReviewEntryIn):
    """Record a supplier's performance, data handling and interoperability; its fee record comes
    from its fee invoices and its compliance from the clock."""
    review = selectors.review_for_actor(request.actor, reference, year)
    entry = selectors.review_entry_for_actor(request.actor, review, code)
    entry = services.review_entry_record(actor=request.actor, entry=entry, **payload.dict())
    row = next(r for r in selectors.review_rows(review) if r.entry.pk == entry.pk)
    return ReviewEntryOut(
        supplier=_supplier(entry.supplier),
        lots=[f"{p.lot.label} ({p.status})" for p in row.places],
        performance=entry.performance,
        performance_notes=entry.performance_notes,
        fees_status=str(row.fees.status),
        fees_outstanding=str(row.fees.overdue),
        data_handling=entry.data_handling,
        interoperability=entry.interoperability,
        compliance_gaps=row.gaps,
        recorded_at=entry.recorded_at,
    )


@router.post(
    "/agreements/{reference}/reviews/{year}/suppliers/{code}/remove", response=responses(200, ReviewDetailOut)
)
def remove_reviewed_supplier(request, reference: str, year: Year, code: str, payload: SuspensionIn):
    """Remove the supplier the review finds against from every lot of the agreement it is on,
    with the ground and the reason; it can no longer be invited or receive a call-off."""
    review = selectors.review_for_actor(request.actor, reference, year)
    entry = selectors.review_entry_for_actor(request.actor, review, code)
    services.review_supplier_remove(
        actor=request.actor, entry=entry, ground=str(payload.ground), reason=payload.reason
    )
    return _review_out(selectors.review_for_actor(request.actor, reference, year))


@router.post("/agreements/{reference}/reviews/{year}/complete", response=responses(200, ReviewDetailOut))
def complete_review(request, reference: str, year: Year, payload: ReviewCompleteIn):
    review = selectors.review_for_actor(request.actor, reference, year)
    services.review_complete(actor=request.actor, review=review, summary=payload.summary)
    return _review_out(selectors.review_for_actor(request.actor, reference, year))
