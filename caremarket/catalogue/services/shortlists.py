"""Shortlists: save a search as it stands (the query, the results and their exact versions),
take out what does not fit, then lock it. A locked shortlist never changes."""

from caremarket.audit.services import audit_record
from caremarket.catalogue.choices import ShortlistStatus
from caremarket.catalogue.models import Listing, Shortlist, ShortlistEntry
from caremarket.catalogue.search import SearchQuery, run_search
from caremarket.catalogue.selectors import DEFAULT_TERM_MONTHS, compare_for_actor, visible_listing_ids
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import NotFound, RuleViolation, ValidationFailed
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.orgs.models import Organisation
from caremarket.rules import catalogue as rules

MAX_ENTRIES = 100


def _snapshot(compared) -> dict:
    listing, version = compared.listing, compared.version
    return {
        "reference": listing.reference,
        "name": version.name,
        "version": version.number,
        "summary": version.summary,
        "supplier_code": listing.supplier.code,
        "supplier_name": listing.supplier.name,
        "is_sme": listing.supplier.is_sme,
        "is_vcse": listing.supplier.is_vcse,
        "category": version.category,
        "category_label": version.category_label,
        "regions": list(version.regions),
        "agreement": listing.lot.agreement.reference,
        "lot": listing.lot.number,
        "certifications": compared.certifications,
        "prices": {
            unit: {"basis": basis, "price": str(price)} for unit, (basis, price) in compared.headline.items()
        },
        "quote": (
            {
                "item": compared.cheapest.item,
                "one_off": str(compared.cheapest.one_off),
                "recurring": str(compared.cheapest.recurring),
                "total": str(compared.cheapest.total),
            }
            if compared.cheapest
            else None
        ),
    }


@service
def shortlist_save(
    *,
    actor: Actor,
    organisation: Organisation,
    name: str,
    query: SearchQuery,
    purpose: str = "",
    listing_ids: list[int] | None = None,
    quantity: int = 1,
    term_months: int = DEFAULT_TERM_MONTHS,
) -> Shortlist:
    """Save the results of `query` as they stand now (the first 100), or only `listing_ids`
    from them (the services a buyer compared, say), with the listing versions shown."""
    require(actor, "catalogue.save_shortlist", organisation)
    name = name.strip()
    if not name:
        raise ValidationFailed.for_field("name", "Give the shortlist a name")
    if len(name) > 200 or len(purpose) > 2000:
        raise ValidationFailed("Keep the name to 200 characters and the purpose to 2,000")
    result = run_search(SearchQuery.from_record(query.record(), page=1, page_size=MAX_ENTRIES))
    ids = [hit.listing_id for hit in result.hits]
    if listing_ids is not None:
        chosen = list(dict.fromkeys(listing_ids))[:MAX_ENTRIES]
        missing = [i for i in chosen if i not in visible_listing_ids(chosen)]
        if missing:
            raise NotFound(f"Service #{missing[0]} is not on the catalogue")
        ids = chosen
    if not ids:
        raise RuleViolation("Nothing to save: the search found no services", code=ErrorCode.SHORTLIST_EMPTY)
    compared = []
    for start in range(0, len(ids), rules.MAX_COMPARE):
        compared += compare_for_actor(
            actor, ids[start : start + rules.MAX_COMPARE], quantity=quantity, term_months=term_months
        )
    shortlist = Shortlist.objects.create(
        organisation=organisation,
        name=name,
        purpose=purpose.strip(),
        query={**query.record(), "quantity": quantity, "term_months": term_months},
        result_count=result.total,
        created_by=actor.person,
    )
    ShortlistEntry.objects.bulk_create(
        ShortlistEntry(
            shortlist=shortlist,
            position=position,
            listing=c.listing,
            version=c.version,
            snapshot=_snapshot(c),
        )
        for position, c in enumerate(compared, start=1)
    )
    audit_record(
        actor=actor,
        action="shortlist.saved",
        obj=shortlist,
        organisation_id=organisation.pk,
        after={
            "name": shortlist.name,
            "query": shortlist.query,
            "result_count": shortlist.result_count,
            "entries": [(c.listing.pk, c.version.number) for c in compared],
        },
    )
    return shortlist


def _locked(actor: Actor, shortlist: Shortlist) -> Shortlist:
    shortlist = Shortlist.objects.select_for_update().get(pk=shortlist.pk)
    require(actor, "catalogue.change_shortlist", shortlist)
    if shortlist.is_locked:
        raise RuleViolation(
            f"'{shortlist.name}' was locked on {clock.local(shortlist.locked_at):%d %B %Y}: it cannot change",
            code=ErrorCode.SHORTLIST_LOCKED,
        )
    return shortlist


@service
def shortlist_entry_remove(*, actor: Actor, shortlist: Shortlist, listing: Listing) -> Shortlist:
    shortlist = _locked(actor, shortlist)
    entry = shortlist.entries.filter(listing=listing).first()
    if entry is None:
        raise NotFound(f"{listing.reference} is not on this shortlist")
    if shortlist.entries.count() == 1:
        raise RuleViolation("A shortlist keeps at least one service", code=ErrorCode.SHORTLIST_EMPTY)
    entry.delete()
    for position, remaining in enumerate(shortlist.entries.order_by("position"), start=1):
        if remaining.position != position:
            remaining.position = position
            remaining.save(update_fields=["position"])
    audit_record(
        actor=actor,
        action="shortlist.entry_removed",
        obj=shortlist,
        organisation_id=shortlist.organisation_id,
        before={"listing": listing.pk, "name": entry.snapshot.get("name")},
    )
    return shortlist


@service
def shortlist_lock(*, actor: Actor, shortlist: Shortlist) -> Shortlist:
    """Lock the shortlist for good: from now it is evidence and never changes."""
    shortlist = _locked(actor, shortlist)
    shortlist.status, shortlist.locked_at, shortlist.locked_by = (
        ShortlistStatus.LOCKED,
        clock.now(),
        actor.person,
    )
    shortlist.save(update_fields=["status", "locked_at", "locked_by"])
    audit_record(
        actor=actor,
        action="shortlist.locked",
        obj=shortlist,
        organisation_id=shortlist.organisation_id,
        after={
            "entries": list(
                shortlist.entries.order_by("position").values_list("listing_id", "version__number")
            ),
        },
    )
    return shortlist
