"""A supplier's listings: create, edit the draft, submit; the agreement manager approves or
rejects; either withdraws a live listing. Every earlier version is kept."""

from caremarket.agreements.models import Lot, LotSupplier
from caremarket.agreements.services import ensure_supplier_can_trade
from caremarket.audit.services import audit_record
from caremarket.catalogue.models import Listing, ListingVersion, PriceRow
from caremarket.catalogue.services.index import _index_listing
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import RuleViolation, ValidationFailed
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.core.validation import FieldProblems, check_model_fields
from caremarket.orgs.choices import Region
from caremarket.orgs.models import Organisation
from caremarket.rules import catalogue as rules
from caremarket.rules.admission import SupplierStatus
from caremarket.rules.catalogue import CATEGORIES, OPEN, VersionStatus

CONTENT = ["name", "summary", "description", "category", "regions", "capacity", "features"]
MAX_FEATURES = 20


def _clean(content: dict) -> dict:
    cleaned = dict(content)
    for key in ("name", "summary", "description", "capacity"):
        cleaned[key] = str(cleaned.get(key) or "").strip()
    order = list(Region.values)
    regions = dict.fromkeys(str(r) for r in cleaned.get("regions") or [])
    cleaned["regions"] = sorted(regions, key=lambda r: order.index(r) if r in order else len(order))
    cleaned["features"] = [str(f).strip() for f in cleaned.get("features") or [] if str(f).strip()]
    return cleaned


def _check_content(version: ListingVersion, problems: FieldProblems) -> None:
    problems.check(len(version.name) >= 3, "name", "Enter the service's name (3 characters or more)")
    problems.check(bool(version.summary), "summary", "Enter a one-line summary of the service")
    problems.check(version.category in CATEGORIES, "category", "Choose the service's category")
    problems.check(bool(version.regions), "regions", "Choose the regions the service covers")
    problems.check(
        all(r in Region.values for r in version.regions), "regions", "Choose regions from the NHS regions"
    )
    problems.check(len(version.features) <= MAX_FEATURES, "features", f"List at most {MAX_FEATURES} features")
    problems.check(
        all(len(f) <= 200 for f in version.features), "features", "Keep each feature to 200 characters"
    )
    check_model_fields(version, problems, exclude=["listing", "regions", "features", "status"])


def _check_price_list(lot: Lot, lines: list[rules.PriceLine]) -> None:
    allowed = lot.current_rules.price_units if lot.current_rules else []
    problems = rules.price_list_problems(lines, allowed)
    if problems:
        messages = [f"Line {n}: {m}" if n else m for n, found in problems.items() for m in found]
        raise ValidationFailed(
            messages[0] if len(messages) == 1 else "The price list has problems",
            code=ErrorCode.PRICE_LIST_INVALID,
            details={"fields": {"price_lines": messages}, "lines": {str(n): m for n, m in problems.items()}},
        )


def _write_prices(version: ListingVersion, lines: list[rules.PriceLine]) -> None:
    version.prices.all().delete()
    PriceRow.objects.bulk_create(
        PriceRow(
            version=version,
            position=position,
            item=line.item.strip(),
            unit=line.unit,
            charge=line.charge,
            from_quantity=tier.from_quantity,
            to_quantity=tier.to_quantity,
            unit_price=tier.unit_price,
        )
        for position, line in enumerate(lines, start=1)
        for tier in line.tiers
    )


def _place_refusal(lot: Lot, supplier: Organisation) -> None:
    place = LotSupplier.objects.filter(lot=lot, supplier=supplier).values_list("status", flat=True).first()
    if place is None or place == SupplierStatus.REMOVED:
        raise RuleViolation(
            f"{supplier.name} is not on {lot.label}: only suppliers "
            "admitted to a lot publish services under it",
            code=ErrorCode.LISTING_NOT_ON_LOT,
        )


def _snapshot(version: ListingVersion) -> dict:
    return {
        "version": version.number,
        "status": version.status,
        **{key: getattr(version, key) for key in CONTENT},
        "price_lines": len(version.price_lines()),
    }


def _locked(listing: Listing) -> Listing:
    return (
        Listing.objects.select_for_update(of=("self",))
        .select_related("supplier", "lot__agreement", "lot__current_rules")
        .get(pk=listing.pk)
    )


def _open_version(listing: Listing) -> ListingVersion | None:
    return listing.versions.select_for_update().filter(status__in=sorted(OPEN)).first()


def _move(version: ListingVersion, target: str) -> str:
    refusal = rules.version_move_refusal(version.status, target)
    if refusal:
        raise refusal.error(listing=version.listing_id, version=version.number)
    before = version.status
    version.status = target
    return before


@service
def listing_create(
    *,
    actor: Actor,
    supplier: Organisation,
    lot: Lot,
    name: str,
    summary: str,
    category: str,
    regions: list[str],
    description: str = "",
    capacity: str = "",
    features: list[str] | tuple = (),
    price_lines: list[rules.PriceLine] | tuple = (),
) -> Listing:
    """A new listing with its first version as a draft."""
    require(actor, "catalogue.publish_listings", supplier)
    _place_refusal(lot, supplier)
    content = _clean(
        {
            "name": name,
            "summary": summary,
            "description": description,
            "category": category,
            "regions": regions,
            "capacity": capacity,
            "features": features,
        }
    )
    listing = Listing(supplier=supplier, lot=lot)
    version = ListingVersion(listing=listing, number=1, created_by=actor.person, **content)
    problems = FieldProblems()
    _check_content(version, problems)
    problems.raise_if_any("The service could not be created")
    _check_price_list(lot, list(price_lines))
    listing.save()
    version.listing = listing
    version.save()
    _write_prices(version, list(price_lines))
    audit_record(
        actor=actor,
        action="listing.created",
        obj=listing,
        organisation_id=supplier.pk,
        after=_snapshot(version),
    )
    return listing


def _listing_draft_update(
    *, actor: Actor, listing: Listing, price_lines: list[rules.PriceLine] | None = None, **changes
) -> ListingVersion:
    """Change the draft; with no draft, start one from the newest version (live or not)."""
    listing = _locked(listing)
    require(actor, "catalogue.edit_listing", listing)
    unknown = set(changes) - set(CONTENT)
    if unknown:
        raise ValidationFailed(f"These fields cannot be changed: {', '.join(sorted(unknown))}")
    version = _open_version(listing)
    if version is not None and version.status == VersionStatus.SUBMITTED:
        raise RuleViolation(
            "This version is awaiting approval: take it back to edit it",
            code=ErrorCode.LISTING_TRANSITION_REFUSED,
        )
    started = version is None
    if started:
        version = _new_draft(actor, listing)
    before = _snapshot(version)
    content = _clean({**{key: getattr(version, key) for key in CONTENT}, **changes})
    for key, value in content.items():
        setattr(version, key, value)
    problems = FieldProblems()
    _check_content(version, problems)
    problems.raise_if_any("The service could not be saved")
    version.save()
    if price_lines is not None:
        _check_price_list(listing.lot, list(price_lines))
        _write_prices(version, list(price_lines))
    after = _snapshot(version)
    if after != before or started:
        listing.touch()
        listing.save(update_fields=["updated_at"])
        audit_record(
            actor=actor,
            action="listing.draft_started" if started else "listing.draft_updated",
            obj=listing,
            organisation_id=listing.supplier_id,
            before=None if started else {k: v for k, v in before.items() if after[k] != v},
            after=after if started else {k: v for k, v in after.items() if before[k] != v},
        )
    return version


listing_draft_update = service(_listing_draft_update)


def _new_draft(actor: Actor, listing: Listing) -> ListingVersion:
    latest = listing.versions.order_by("-number").first()
    version = ListingVersion.objects.create(
        listing=listing,
        number=latest.number + 1,
        created_by=actor.person,
        **{key: getattr(latest, key) for key in CONTENT},
    )
    _write_prices(version, latest.price_lines())
    return version


@service
def listing_submit(*, actor: Actor, listing: Listing) -> ListingVersion:
    """Send the draft to the agreement's manager for approval."""
    listing = _locked(listing)
    require(actor, "catalogue.edit_listing", listing)
    version = _open_version(listing)
    if version is None or version.status != VersionStatus.DRAFT:
        raise RuleViolation(
            "There is no draft to submit: edit the service first", code=ErrorCode.LISTING_NOTHING_TO_SUBMIT
        )
    _place_refusal(listing.lot, listing.supplier)
    if not version.price_lines():
        raise ValidationFailed.for_field(
            "price_lines", "Add at least one price before you submit", code=ErrorCode.PRICE_LIST_INVALID
        )
    _check_price_list(listing.lot, version.price_lines())
    before = _move(version, VersionStatus.SUBMITTED)
    version.submitted_at = clock.now()
    version.save(update_fields=["status", "submitted_at"])
    audit_record(
        actor=actor,
        action="listing.submitted",
        obj=listing,
        organisation_id=listing.supplier_id,
        before={"status": before},
        after={"status": version.status, "version": version.number},
    )
    return version


@service
def listing_recall(*, actor: Actor, listing: Listing) -> ListingVersion:
    """Take a submitted version back to edit it."""
    listing = _locked(listing)
    require(actor, "catalogue.edit_listing", listing)
    version = _open_version(listing)
    if version is None:
        raise RuleViolation("Nothing is awaiting approval", code=ErrorCode.LISTING_TRANSITION_REFUSED)
    before = _move(version, VersionStatus.DRAFT)
    version.submitted_at = None
    version.save(update_fields=["status", "submitted_at"])
    audit_record(
        actor=actor,
        action="listing.recalled",
        obj=listing,
        organisation_id=listing.supplier_id,
        before={"status": before},
        after={"status": version.status, "version": version.number},
    )
    return version


def _submitted(listing: Listing) -> ListingVersion:
    version = _open_version(listing)
    if version is None or version.status != VersionStatus.SUBMITTED:
        raise RuleViolation(
            "No version of this service is awaiting approval", code=ErrorCode.LISTING_TRANSITION_REFUSED
        )
    return version


@service
def listing_approve(*, actor: Actor, listing: Listing) -> ListingVersion:
    """Make the submitted version live; the version it replaces is kept, superseded. The search
    index changes in the same transaction."""
    listing = _locked(listing)
    require(actor, "catalogue.approve_listing", listing)
    version = _submitted(listing)
    ensure_supplier_can_trade(listing.lot, listing.supplier)
    now = clock.now()
    previous = listing.live_version
    if previous is not None:
        previous = ListingVersion.objects.select_for_update().get(pk=previous.pk)
        _move(previous, VersionStatus.SUPERSEDED)
        previous.live_until = now
        previous.save(update_fields=["status", "live_until"])
    _move(version, VersionStatus.LIVE)
    version.decided_at, version.decided_by, version.live_from = now, actor.person, now
    version.save(update_fields=["status", "decided_at", "decided_by", "live_from"])
    listing.live_version, listing.withdrawn_at = version, None
    listing.touch()
    listing.save(update_fields=["live_version", "withdrawn_at", "updated_at"])
    _index_listing(listing)
    audit_record(
        actor=actor,
        action="listing.approved",
        obj=listing,
        organisation_id=listing.supplier_id,
        before={"live_version": previous.number if previous else None},
        after={"live_version": version.number, "name": version.name},
    )
    return version


@service
def listing_reject(*, actor: Actor, listing: Listing, reason: str) -> ListingVersion:
    listing = _locked(listing)
    require(actor, "catalogue.approve_listing", listing)
    version = _submitted(listing)
    if not reason.strip():
        raise ValidationFailed.for_field(
            "reason", "Explain why the change is rejected, so the supplier can fix it"
        )
    _move(version, VersionStatus.REJECTED)
    version.decided_at, version.decided_by, version.decision_reason = (
        clock.now(),
        actor.person,
        reason.strip(),
    )
    version.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
    audit_record(
        actor=actor,
        action="listing.rejected",
        obj=listing,
        organisation_id=listing.supplier_id,
        after={"version": version.number, "reason": version.decision_reason},
    )
    return version


@service
def listing_withdraw(*, actor: Actor, listing: Listing, reason: str) -> Listing:
    """Take a live listing off the catalogue; its versions stay."""
    listing = _locked(listing)
    require(actor, "catalogue.withdraw_listing", listing)
    if listing.live_version is None:
        raise RuleViolation("This service is not live", code=ErrorCode.LISTING_TRANSITION_REFUSED)
    if not reason.strip():
        raise ValidationFailed.for_field("reason", "Explain why the service is withdrawn")
    version = ListingVersion.objects.select_for_update().get(pk=listing.live_version_id)
    _move(version, VersionStatus.WITHDRAWN)
    version.live_until, version.decision_reason = clock.now(), reason.strip()
    version.save(update_fields=["status", "live_until", "decision_reason"])
    listing.live_version, listing.withdrawn_at = None, clock.now()
    listing.touch()
    listing.save(update_fields=["live_version", "withdrawn_at", "updated_at"])
    _index_listing(listing)
    audit_record(
        actor=actor,
        action="listing.withdrawn",
        obj=listing,
        organisation_id=listing.supplier_id,
        after={"version": version.number, "reason": version.decision_reason},
    )
    return listing
