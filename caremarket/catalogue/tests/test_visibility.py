"""Buyers never see a listing whose supplier is suspended, removed or non-compliant today, or
on an agreement that cannot be bought through; each shows again when the cause goes."""

from datetime import timedelta

import pytest
import time_machine

from caremarket.agreements import services as agreements
from caremarket.agreements.factories import SYSTEM
from caremarket.agreements.models import LotSupplier
from caremarket.catalogue import selectors
from caremarket.catalogue.search import SearchQuery, run_search
from caremarket.core import clock
from caremarket.core.errors import NotFound
from caremarket.orgs.factories import actor_for, make_certification, make_organisation, make_person
from caremarket.rules.roles import Role, Sector

pytestmark = pytest.mark.django_db


def found() -> list[int]:
    return [hit.listing_id for hit in run_search(SearchQuery(text="ethernet")).hits]


@pytest.fixture
def buyer():
    return actor_for(make_person(roles=[(make_organisation(Sector.BUYER), Role.BUYER)]))


def test_a_suspended_supplier_is_hidden_until_reinstated(listing, buyer, supplier_user):
    place = LotSupplier.objects.get(lot=listing.lot, supplier=listing.supplier)
    assert found() == [listing.pk]
    agreements.lot_supplier_suspend(
        actor=SYSTEM, place=place, ground="poor_performance", reason="Missed SLAs"
    )
    assert found() == []
    with pytest.raises(NotFound):
        selectors.listing_for_actor(buyer, listing.pk)
    # The supplier still sees its own listing, and why buyers do not.
    assert selectors.listing_for_actor(supplier_user, listing.pk) == listing
    assert selectors.is_visible(listing) is False
    agreements.lot_supplier_reinstate(actor=SYSTEM, place=place, reason="Improvement plan met")
    assert found() == [listing.pk]


def test_a_removed_supplier_is_hidden(listing):
    place = LotSupplier.objects.get(lot=listing.lot, supplier=listing.supplier)
    agreements.lot_supplier_remove(
        actor=SYSTEM, place=place, ground="unpaid_management_fees", reason="Fees unpaid"
    )
    assert found() == []


def test_a_supplier_whose_certification_expires_is_hidden_and_shows_on_renewal(listing):
    assert found() == [listing.pk]
    with time_machine.travel(clock.now() + timedelta(days=250), tick=False):
        assert found() == []  # the DSPT it holds expired after 200 days
        make_certification(listing.supplier, "dspt", days_left=300)
        assert found() == [listing.pk]


def test_an_expired_agreement_shows_nothing(listing):
    with time_machine.travel(clock.now() + timedelta(days=4 * 365), tick=False):
        make_certification(listing.supplier, "dspt", days_left=300)
        assert found() == []
