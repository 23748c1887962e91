"""Listing versions: drafts, submission, approval by the agreement's manager, history kept."""

from decimal import Decimal

import pytest

from caremarket.audit.models import AuditEvent
from caremarket.catalogue import selectors, services
from caremarket.catalogue.factories import DEFAULT_LINES, flat, make_listing
from caremarket.catalogue.models import ListingVersion, SearchDocument
from caremarket.core.errors import PermissionDenied, RuleViolation, ValidationFailed
from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.rules.roles import Role, Sector

pytestmark = pytest.mark.django_db


def statuses(listing):
    return list(listing.versions.order_by("number").values_list("number", "status"))


def test_a_supplier_drafts_submits_and_the_manager_approves(lot, supplier, supplier_user, manager):
    listing = services.listing_create(
        actor=supplier_user,
        supplier=supplier,
        lot=lot,
        name="HSCN Ethernet",
        summary="Ethernet to the HSCN",
        category="hscn_connectivity",
        regions=["east", "london", "east"],
        price_lines=DEFAULT_LINES,
    )
    assert statuses(listing) == [(1, "draft")]
    assert listing.versions.get().regions == ["london", "east"]
    assert not SearchDocument.objects.filter(pk=listing.pk).exists()
    services.listing_submit(actor=supplier_user, listing=listing)
    with pytest.raises(PermissionDenied):
        services.listing_approve(actor=supplier_user, listing=listing)
    services.listing_approve(actor=manager, listing=listing)
    listing.refresh_from_db()
    assert statuses(listing) == [(1, "live")]
    assert listing.live_version.number == 1
    assert SearchDocument.objects.get(pk=listing.pk).name == "HSCN Ethernet"
    events = AuditEvent.objects.filter(object_type="catalogue.listing", object_id=str(listing.pk))
    actions = list(events.order_by("seq").values_list("action", flat=True))
    assert actions == ["listing.created", "listing.submitted", "listing.approved"]


def test_an_edit_is_a_new_version_and_the_live_one_shows_until_approved(listing, supplier_user, manager):
    draft = services.listing_draft_update(actor=supplier_user, listing=listing, name="Ethernet, now faster")
    assert (draft.number, draft.status) == (2, "draft")
    assert draft.price_lines() == listing.live_version.price_lines()  # the draft starts as a copy
    assert SearchDocument.objects.get(pk=listing.pk).name == "Managed Ethernet for GP practices"
    services.listing_submit(actor=supplier_user, listing=listing)
    services.listing_approve(actor=manager, listing=listing)
    listing.refresh_from_db()
    assert statuses(listing) == [(1, "superseded"), (2, "live")]
    first = listing.versions.get(number=1)
    assert first.name == "Managed Ethernet for GP practices" and first.live_until is not None
    assert SearchDocument.objects.get(pk=listing.pk).name == "Ethernet, now faster"


def test_rejection_keeps_the_live_version_and_the_reason(listing, supplier_user, manager):
    services.listing_draft_update(actor=supplier_user, listing=listing, summary="Cheaper than anyone")
    services.listing_submit(actor=supplier_user, listing=listing)
    with pytest.raises(ValidationFailed):
        services.listing_reject(actor=manager, listing=listing, reason=" ")
    services.listing_reject(actor=manager, listing=listing, reason="Say what the claim rests on")
    assert statuses(listing) == [(1, "live"), (2, "rejected")]
    assert listing.versions.get(number=2).decision_reason == "Say what the claim rests on"
    # The next edit starts version 3 from the newest version, the rejected one.
    assert services.listing_draft_update(actor=supplier_user, listing=listing, name="Ethernet").summary == (
        "Cheaper than anyone"
    )


def test_a_submitted_version_cannot_be_edited_until_recalled(listing, supplier_user):
    services.listing_draft_update(actor=supplier_user, listing=listing, name="New name")
    services.listing_submit(actor=supplier_user, listing=listing)
    with pytest.raises(RuleViolation) as refused:
        services.listing_draft_update(actor=supplier_user, listing=listing, name="Another")
    assert refused.value.code == "listing.transition_refused"
    services.listing_recall(actor=supplier_user, listing=listing)
    assert (
        services.listing_draft_update(actor=supplier_user, listing=listing, name="Another").status == "draft"
    )


def test_nothing_to_submit_and_nothing_to_approve_are_refused(listing, supplier_user, manager):
    with pytest.raises(RuleViolation) as refused:
        services.listing_submit(actor=supplier_user, listing=listing)
    assert refused.value.code == "listing.nothing_to_submit"
    with pytest.raises(RuleViolation):
        services.listing_approve(actor=manager, listing=listing)


def test_prices_must_suit_the_lot(lot, supplier, supplier_user):
    with pytest.raises(ValidationFailed) as refused:
        services.listing_create(
            actor=supplier_user,
            supplier=supplier,
            lot=lot,
            name="Consultancy",
            summary="Days of advice",
            category="business_intelligence",
            regions=["east"],
            price_lines=[flat("Analyst", "650", "day_rate", "one_off")],
        )
    assert refused.value.code == "price_list.invalid"
    assert "This lot takes prices per connection, not per day" in refused.value.message


def test_only_a_supplier_on_the_lot_publishes_under_it(lot):
    outsider = make_organisation(Sector.SUPPLIER)
    actor = actor_for(make_person(roles=[(outsider, Role.SUPPLIER_USER)]))
    with pytest.raises(RuleViolation) as refused:
        services.listing_create(
            actor=actor,
            supplier=outsider,
            lot=lot,
            name="Ethernet",
            summary="x",
            category="hscn_connectivity",
            regions=["east"],
        )
    assert refused.value.code == "listing.supplier_not_on_lot"


def test_content_problems_are_listed_field_by_field(lot, supplier, supplier_user):
    with pytest.raises(ValidationFailed) as refused:
        services.listing_create(
            actor=supplier_user,
            supplier=supplier,
            lot=lot,
            name="X",
            summary="",
            category="nonsense",
            regions=["atlantis"],
        )
    assert set(refused.value.details["fields"]) == {"name", "summary", "category", "regions"}


def test_withdrawal_hides_the_listing_and_keeps_its_versions(listing, supplier_user, manager):
    services.listing_withdraw(actor=manager, listing=listing, reason="Supplier asked")
    listing.refresh_from_db()
    assert listing.live_version is None and listing.withdrawn_at is not None
    assert statuses(listing) == [(1, "withdrawn")]
    assert not SearchDocument.objects.filter(pk=listing.pk).exists()
    assert ListingVersion.objects.filter(listing=listing).count() == 1


def test_the_approval_queue_shows_the_managers_own_agreements(listing, supplier_user, manager):
    services.listing_draft_update(actor=supplier_user, listing=listing, name="Faster Ethernet")
    services.listing_submit(actor=supplier_user, listing=listing)
    other_manager = actor_for(make_person(roles=[(make_organisation(Sector.BUYER), Role.AGREEMENT_MANAGER)]))
    assert [v.name for v in selectors.approval_queue(manager)] == ["Faster Ethernet"]
    assert selectors.approval_queue(other_manager) == []
    with pytest.raises(PermissionDenied):
        services.listing_approve(actor=other_manager, listing=listing)


def test_compare_prices_each_service_for_the_quantity_and_term(lot, supplier):
    a = make_listing(lot=lot, supplier=supplier)
    b = make_listing(lot=lot, supplier=supplier, price_lines=[flat("Broadband", "60.00")])
    buyer = actor_for(make_person(roles=[(make_organisation(Sector.BUYER), Role.BUYER)]))
    compared = selectors.compare_for_actor(buyer, [b.pk, a.pk], quantity=10, term_months=36)
    assert [c.listing.pk for c in compared] == [b.pk, a.pk]
    assert compared[0].cheapest.total == Decimal("21600.00")
    assert compared[1].cheapest.total == Decimal("107740.00")
    with pytest.raises(ValidationFailed):
        selectors.compare_for_actor(buyer, list(range(1, 12)))
