"""The catalogue: search with filters and facet counts, listings and their versions, drafts and
price-list imports, the approval queue, compare, shortlists, advisors and price benchmarks."""

from django.http import HttpResponse
from ninja import File, Query, Router, Status, UploadedFile

from caremarket.api.catalogue_schemas import (
    ApprovalOut,
    DraftIn,
    ListingIn,
    ListingOut,
    PriceLineIn,
    ReasonIn,
    SearchOut,
    SearchParams,
    VersionOut,
)
from caremarket.api.schemas import Id, responses
from caremarket.catalogue import selectors, services
from caremarket.catalogue.search import SearchQuery
from caremarket.core.permissions import can
from caremarket.orgs.selectors import organisation_for_actor
from caremarket.rules.catalogue import PriceLine, Tier

router = Router(tags=["Catalogue"])


# --- Helpers ------------------------------------------------------------------------------------


def search_query(params: SearchParams) -> SearchQuery:
    return SearchQuery(
        text=params.q,
        agreement=params.agreement,
        lot=params.lot,
        categories=tuple(str(c) for c in params.category),
        regions=tuple(str(r) for r in params.region),
        supplier_types=tuple(str(t) for t in params.supplier_type),
        sme=params.sme,
        vcse=params.vcse,
        certifications=tuple(str(c) for c in params.certification),
        unit=str(params.unit) if params.unit else "",
        min_price=params.min_price,
        max_price=params.max_price,
        sort=str(params.sort),
        page=params.page,
        page_size=params.page_size,
    )


def price_lines(lines: list[PriceLineIn]) -> list[PriceLine]:
    return [
        PriceLine(
            line.item,
            str(line.unit),
            str(line.charge),
            tuple(Tier(t.from_quantity, t.to_quantity, t.unit_price) for t in line.tiers),
        )
        for line in lines
    ]


def supplier_out(org) -> dict:
    return {"code": org.code, "name": org.name, "is_sme": org.is_sme, "is_vcse": org.is_vcse}


def price_lines_out(lines: list[PriceLine]) -> list[dict]:
    return [
        {
            "item": line.item,
            "unit": line.unit,
            "charge": line.charge,
            "tiers": [t.__dict__ for t in line.tiers],
        }
        for line in lines
    ]


def _version(version) -> VersionOut | None:
    if version is None:
        return None
    fields = {name: getattr(version, name) for name in VersionOut.model_fields if name != "price_lines"}
    return VersionOut(**fields, price_lines=price_lines_out(version.price_lines()))


def _listing(actor, listing) -> ListingOut:
    manages = can(actor, "catalogue.view_listing_history", listing)
    return ListingOut(
        id=listing.pk,
        reference=listing.reference,
        supplier=supplier_out(listing.supplier),
        agreement=listing.lot.agreement.reference,
        lot=listing.lot.number,
        visible=selectors.is_visible(listing),
        live=_version(listing.live_version),
        open_version=_version(selectors.open_version(listing)) if manages else None,
    )


# --- Search and listings --------------------------------------------------------------------------


@router.get("/catalogue/search", response=responses(200, SearchOut))
def search(request, params: Query[SearchParams]):
    """Full-text search of the live catalogue with filters, facet counts (each counted with the
    other filters applied), sorting and stable pages. Matched words come back in <mark>."""
    result = selectors.search_for_actor(request.actor, search_query(params))
    items = [
        {
            "id": h.listing_id,
            "version_id": h.version_id,
            "name": h.name,
            "name_html": str(h.name_html),
            "summary_html": str(h.summary_html),
            "extract_html": str(h.extract_html),
            "supplier": {
                "code": h.supplier_code,
                "name": h.supplier_name,
                "is_sme": h.is_sme,
                "is_vcse": h.is_vcse,
            },
            "category": h.category,
            "category_label": h.category_label,
            "regions": h.regions,
            "agreement": h.agreement,
            "lot": h.lot_number,
            "prices": [p.__dict__ for p in h.prices],
        }
        for h in result.hits
    ]
    facets = [
        {"name": f.name, "label": f.label, "values": [v.__dict__ for v in f.values]} for f in result.facets
    ]
    body = SearchOut(
        total=result.total,
        page=params.page,
        pages=result.pages,
        terms=result.terms,
        items=items,
        facets=facets,
    )
    return HttpResponse(body.model_dump_json(), content_type="application/json")


@router.post("/catalogue/listings", response=responses(201, ListingOut))
def create_listing(request, payload: ListingIn):
    """Create a service under a lot the supplier is on; its first version is a draft."""
    supplier = organisation_for_actor(request.actor, payload.supplier_code)
    lot = selectors.lot_by_reference(request.actor, payload.agreement, payload.lot)
    data = payload.dict(exclude={"supplier_code", "agreement", "lot", "price_lines"})
    data["category"] = str(data["category"])
    data["regions"] = [str(r) for r in data["regions"]]
    listing = services.listing_create(
        actor=request.actor, supplier=supplier, lot=lot, price_lines=price_lines(payload.price_lines), **data
    )
    return Status(201, _listing(request.actor, selectors.listing_for_actor(request.actor, listing.pk)))


@router.get("/catalogue/listings/{listing_id}", response=responses(200, ListingOut))
def get_listing(request, listing_id: Id):
    """A live service; its supplier, the agreement's manager and auditors also see drafts."""
    return _listing(request.actor, selectors.listing_for_actor(request.actor, listing_id))


@router.get("/catalogue/listings/{listing_id}/versions", response=responses(200, list[VersionOut]))
def list_versions(request, listing_id: Id):
    """Every version, newest first: live, superseded, rejected, withdrawn, and any draft."""
    listing = selectors.listing_for_actor(request.actor, listing_id)
    return [_version(v) for v in selectors.versions_for_actor(request.actor, listing)]


@router.put("/catalogue/listings/{listing_id}/draft", response=responses(200, VersionOut))
def update_draft(request, listing_id: Id, payload: DraftIn):
    """Change the draft (a draft is started from the newest version if there is none)."""
    listing = selectors.listing_for_actor(request.actor, listing_id)
    changes = payload.dict(exclude_unset=True, exclude={"price_lines"})
    changes = {k: v for k, v in changes.items() if v is not None}
    if "category" in changes:
        changes["category"] = str(changes["category"])
    if "regions" in changes:
        changes["regions"] = [str(r) for r in changes["regions"]]
    lines = price_lines(payload.price_lines) if payload.price_lines is not None else None
    version = services.listing_draft_update(
        actor=request.actor, listing=listing, price_lines=lines, **changes
    )
    return _version(version)


@router.post("/catalogue/listings/{listing_id}/prices", response=responses(200, VersionOut))
def import_prices(request, listing_id: Id, file: File[UploadedFile]):
    """Replace the draft's price list from a CSV or XLSX file (columns item, unit, charge,
    from_quantity, to_quantity, unit_price). Any bad row refuses the whole file."""
    listing = selectors.listing_for_actor(request.actor, listing_id)
    version = services.price_list_import(
        actor=request.actor, listing=listing, file_name=file.name or "prices.csv", content=file.read()
    )
    return _version(version)


@router.post("/catalogue/listings/{listing_id}/submit", response=responses(200, VersionOut))
def submit(request, listing_id: Id):
    listing = selectors.listing_for_actor(request.actor, listing_id)
    return _version(services.listing_submit(actor=request.actor, listing=listing))


@router.post("/catalogue/listings/{listing_id}/recall", response=responses(200, VersionOut))
def recall(request, listing_id: Id):
    """Take a submitted version back to edit it."""
    listing = selectors.listing_for_actor(request.actor, listing_id)
    return _version(services.listing_recall(actor=request.actor, listing=listing))


@router.post("/catalogue/listings/{listing_id}/approve", response=responses(200, VersionOut))
def approve(request, listing_id: Id):
    """Make the submitted version live (the agreement's manager)."""
    listing = selectors.listing_for_actor(request.actor, listing_id)
    return _version(services.listing_approve(actor=request.actor, listing=listing))


@router.post("/catalogue/listings/{listing_id}/reject", response=responses(200, VersionOut))
def reject(request, listing_id: Id, payload: ReasonIn):
    listing = selectors.listing_for_actor(request.actor, listing_id)
    return _version(services.listing_reject(actor=request.actor, listing=listing, reason=payload.reason))


@router.post("/catalogue/listings/{listing_id}/withdraw", response=responses(200, ListingOut))
def withdraw(request, listing_id: Id, payload: ReasonIn):
    listing = selectors.listing_for_actor(request.actor, listing_id)
    services.listing_withdraw(actor=request.actor, listing=listing, reason=payload.reason)
    return _listing(request.actor, selectors.listing_for_actor(request.actor, listing_id))


@router.get("/catalogue/approvals", response=responses(200, list[ApprovalOut]))
def approvals(request):
    """Changes awaiting approval on the agreements you run, oldest first."""
    return [
        ApprovalOut(
            listing_id=v.listing_id,
            reference=v.listing.reference,
            supplier=supplier_out(v.listing.supplier),
            agreement=v.listing.lot.agreement.reference,
            lot=v.listing.lot.number,
            version=v.number,
            name=v.name,
            submitted_at=v.submitted_at,
            replaces_version=v.listing.live_version.number if v.listing.live_version else None,
        )
        for v in selectors.approval_queue(request.actor)
    ]


@router.get("/catalogue/suppliers/{code}/listings", response=responses(200, list[ListingOut]))
def supplier_listings(request, code: str):
    """A supplier's services, live or not (for its members and oversight)."""
    supplier = organisation_for_actor(request.actor, code)
    return [
        _listing(request.actor, listing)
        for listing in selectors.listings_of_supplier(request.actor, supplier)
    ]
