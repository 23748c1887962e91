"""Price lists: replace a draft's price list, or import one from a CSV or XLSX file (every row
checked first; any problem refuses the whole file, and nothing changes)."""

from caremarket.audit.services import audit_record
from caremarket.catalogue import price_import
from caremarket.catalogue.models import Listing, ListingVersion
from caremarket.catalogue.services.listings import _listing_draft_update
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import ImportFailed, ValidationFailed
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.rules import catalogue as rules


@service
def price_list_replace(*, actor: Actor, listing: Listing, lines: list[rules.PriceLine]) -> ListingVersion:
    return _listing_draft_update(actor=actor, listing=listing, price_lines=lines)


@service
def price_list_import(*, actor: Actor, listing: Listing, file_name: str, content: bytes) -> ListingVersion:
    require(actor, "catalogue.edit_listing", listing)
    allowed = listing.lot.current_rules.price_units if listing.lot.current_rules else []
    try:
        parsed = price_import.parse(file_name, content, list(allowed))
    except price_import.UnreadableFile as exc:
        raise ValidationFailed.for_field(
            "file", str(exc), code=ErrorCode.PRICE_LIST_FILE_NOT_READABLE
        ) from None
    if parsed.problems:
        count = len(parsed.problems)
        raise ImportFailed(
            f"The price list was not imported: {count} row{'s' if count != 1 else ''} "
            f"{'have' if count != 1 else 'has'} problems. Nothing was changed.",
            problems=parsed.problems,
        )
    version = _listing_draft_update(actor=actor, listing=listing, price_lines=parsed.lines)
    audit_record(
        actor=actor,
        action="price_list.imported",
        obj=listing,
        organisation_id=listing.supplier_id,
        after={"file": file_name[:200], "lines": len(parsed.lines), "version": version.number},
    )
    return version
