"""The catalogue for buyers: compare services priced for a quantity, shortlists (saved, locked,
exported), the directory of advisors and the price benchmarks."""

from ninja import Query, Router, Status

from caremarket.api.catalogue import price_lines_out, search_query, supplier_out
from caremarket.api.catalogue_schemas import (
    AdvisorIn,
    AdvisorOut,
    AdvisorParams,
    AdvisorPatch,
    BenchmarkOut,
    BenchmarkParams,
    ComparedOut,
    CompareParams,
    ExportParams,
    ShortlistDetailOut,
    ShortlistIn,
    ShortlistOut,
)
from caremarket.api.schemas import Id, responses
from caremarket.catalogue import exports, selectors, services
from caremarket.catalogue.benchmarks import benchmarks_for_actor
from caremarket.core.errors import NotFound
from caremarket.orgs.models import Organisation
from caremarket.orgs.selectors import acting_organisation

router = Router(tags=["Catalogue"])


def _acting_organisation(actor) -> Organisation:
    org = acting_organisation(actor)
    if org is None:
        raise NotFound("You are not acting for an organisation")
    return org


def _shortlist(shortlist) -> ShortlistDetailOut:
    fields = {name: getattr(shortlist, name) for name in ShortlistOut.model_fields}
    entries = [
        {
            "position": e.position,
            "listing_id": e.listing_id,
            "version": e.version.number,
            "snapshot": e.snapshot,
        }
        for e in selectors.shortlist_entries(shortlist)
    ]
    return ShortlistDetailOut(**fields, entries=entries)


def _advisor(advisor) -> AdvisorOut:
    return AdvisorOut(
        id=advisor.pk,
        name=advisor.person.full_name,
        organisation=advisor.organisation.name if advisor.organisation else "",
        headline=advisor.headline,
        biography=advisor.biography,
        specialisms=advisor.specialisms,
        regions=advisor.regions,
        contact_email=advisor.contact_email,
    )


@router.get("/catalogue/compare", response=responses(200, list[ComparedOut]))
def compare(request, params: Query[CompareParams]):
    """Up to ten live services side by side, each option priced for the quantity over the term."""
    compared = selectors.compare_for_actor(
        request.actor, params.id, quantity=params.quantity, term_months=params.term_months
    )
    return [
        ComparedOut(
            id=c.listing.pk,
            reference=c.listing.reference,
            version=c.version.number,
            name=c.version.name,
            summary=c.version.summary,
            supplier=supplier_out(c.listing.supplier),
            category=c.version.category,
            regions=c.version.regions,
            capacity=c.version.capacity,
            features=c.version.features,
            certifications=c.certifications,
            price_lines=price_lines_out(c.lines),
            quotes=[q.__dict__ for q in c.quotes],
            cheapest=c.cheapest.__dict__ if c.cheapest else None,
        )
        for c in compared
    ]


# --- Shortlists -----------------------------------------------------------------------------------


@router.get("/catalogue/shortlists", response=responses(200, list[ShortlistOut]))
def list_shortlists(request):
    """The shortlists of the organisation you are acting for."""
    organisation = _acting_organisation(request.actor)
    return list(selectors.shortlists_for_actor(request.actor, organisation))


@router.post("/catalogue/shortlists", response=responses(201, ShortlistDetailOut))
def save_shortlist(request, payload: ShortlistIn):
    """Save a search's results as they stand (or only `listing_ids` of them) with the versions
    shown, for the organisation you are acting for."""
    organisation = _acting_organisation(request.actor)
    shortlist = services.shortlist_save(
        actor=request.actor,
        organisation=organisation,
        name=payload.name,
        purpose=payload.purpose,
        query=search_query(payload),
        listing_ids=payload.listing_ids,
        quantity=payload.quantity,
        term_months=payload.term_months,
    )
    return Status(201, _shortlist(selectors.shortlist_for_actor(request.actor, shortlist.pk)))


@router.get("/catalogue/shortlists/{shortlist_id}", response=responses(200, ShortlistDetailOut))
def get_shortlist(request, shortlist_id: Id):
    return _shortlist(selectors.shortlist_for_actor(request.actor, shortlist_id))


@router.post("/catalogue/shortlists/{shortlist_id}/lock", response=responses(200, ShortlistDetailOut))
def lock_shortlist(request, shortlist_id: Id):
    """Lock the shortlist: from now on it never changes (the evidence for a direct award)."""
    shortlist = selectors.shortlist_for_actor(request.actor, shortlist_id)
    services.shortlist_lock(actor=request.actor, shortlist=shortlist)
    return _shortlist(selectors.shortlist_for_actor(request.actor, shortlist_id))


@router.delete(
    "/catalogue/shortlists/{shortlist_id}/entries/{listing_id}", response=responses(200, ShortlistDetailOut)
)
def remove_entry(request, shortlist_id: Id, listing_id: Id):
    shortlist = selectors.shortlist_for_actor(request.actor, shortlist_id)
    entry = selectors.shortlist_entry(shortlist, listing_id)
    if entry is None:
        raise NotFound(f"Service #{listing_id} is not on this shortlist")
    services.shortlist_entry_remove(actor=request.actor, shortlist=shortlist, listing=entry.listing)
    return _shortlist(selectors.shortlist_for_actor(request.actor, shortlist_id))


@router.get("/catalogue/shortlists/{shortlist_id}/export", response=responses(200, None))
def export_shortlist(request, shortlist_id: Id, params: Query[ExportParams]):
    """The shortlist as a CSV or XLSX file."""
    shortlist = selectors.shortlist_for_actor(request.actor, shortlist_id)
    return exports.download(shortlist, str(params.format))


# --- Advisors and benchmarks ----------------------------------------------------------------------


@router.get("/catalogue/advisors", response=responses(200, list[AdvisorOut]))
def list_advisors(request, params: Query[AdvisorParams]):
    """The directory of decision-support advisors, by specialism and region."""
    advisors = selectors.advisors_for_actor(
        request.actor, specialism=str(params.specialism or ""), region=str(params.region or "")
    )
    return [_advisor(a) for a in advisors]


@router.post("/catalogue/advisors", response=responses(201, AdvisorOut))
def nominate_advisor(request, payload: AdvisorIn):
    """Nominate yourself as an advisor."""
    data = payload.dict()
    data["specialisms"] = [str(s) for s in data["specialisms"]]
    data["regions"] = [str(r) for r in data["regions"]]
    return Status(201, _advisor(services.advisor_nominate(actor=request.actor, **data)))


@router.patch("/catalogue/advisors/{advisor_id}", response=responses(200, AdvisorOut))
def update_advisor(request, advisor_id: Id, payload: AdvisorPatch):
    advisor = selectors.advisor_for_actor(request.actor, advisor_id)
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    for key in ("specialisms", "regions"):
        if key in changes:
            changes[key] = [str(v) for v in changes[key]]
    return _advisor(services.advisor_update(actor=request.actor, advisor=advisor, **changes))


@router.post("/catalogue/advisors/{advisor_id}/withdraw", response=responses(200, AdvisorOut))
def withdraw_advisor(request, advisor_id: Id):
    advisor = selectors.advisor_for_actor(request.actor, advisor_id)
    return _advisor(services.advisor_withdraw(actor=request.actor, advisor=advisor))


@router.get("/catalogue/benchmarks", response=responses(200, list[BenchmarkOut]))
def benchmarks(request, params: Query[BenchmarkParams]):
    """Per category and unit: count, quartiles and median of live listings' headline prices
    (a year's price for recurring charges, else one-off), and of prices awarded in contracts."""
    rows = benchmarks_for_actor(
        request.actor, category=str(params.category or ""), unit=str(params.unit or "")
    )
    return [
        BenchmarkOut(
            category=r.category,
            category_label=r.category_label,
            unit=r.unit,
            basis=r.basis,
            listed=r.listed.__dict__ if r.listed else None,
            awarded=r.awarded.__dict__ if r.awarded else None,
        )
        for r in rows
    ]
