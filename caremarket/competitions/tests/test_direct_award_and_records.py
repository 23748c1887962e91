from datetime import timedelta

import pytest
from django.test import RequestFactory

from caremarket.catalogue import services as catalogue_services
from caremarket.catalogue.factories import make_listing
from caremarket.catalogue.search import SearchQuery, columns, postings, visibility
from caremarket.competitions import services
from caremarket.competitions.admin import BidAdmin, ReceiptAdmin
from caremarket.competitions.factories import SYSTEM, make_competition, make_market, submit_bid
from caremarket.competitions.models import Bid, DirectAward
from caremarket.core import clock
from caremarket.core.admin_site import records
from caremarket.core.errors import RuleViolation, ValidationFailed
from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.rules.roles import Role, Sector

pytestmark = pytest.mark.django_db


def _shortlist(market, name="Zephyr"):
    lot = market.lot
    listing = make_listing(supplier=market.suppliers[0], lot=lot, name=f"{name} managed service")
    columns.forget()
    postings.forget()
    visibility.forget()
    shortlist = catalogue_services.shortlist_save(
        actor=SYSTEM, organisation=market.buyer, name="Direct award", query=SearchQuery(text=name)
    )
    return shortlist, listing


def test_a_direct_award_is_made_only_from_a_locked_shortlist_with_a_justification():
    market = make_market(suppliers=1, procedures=("further_competition", "direct_award"))
    shortlist, _ = _shortlist(market)
    entry = shortlist.entries.get()
    with pytest.raises(RuleViolation) as exc:
        services.direct_award_create(
            actor=market.lead, shortlist=shortlist, entry=entry, justification="Only fit"
        )
    assert exc.value.code == "shortlist.locked"
    shortlist = catalogue_services.shortlist_lock(actor=SYSTEM, shortlist=shortlist)
    with pytest.raises(ValidationFailed):
        services.direct_award_create(actor=market.lead, shortlist=shortlist, entry=entry, justification=" ")
    award = services.direct_award_create(
        actor=market.lead, shortlist=shortlist, entry=entry, justification="The only service that fits"
    )
    assert award.supplier == market.suppliers[0]
    assert award.service_name == "Zephyr managed service"
    assert DirectAward.objects.get().justification == "The only service that fits"


def test_a_direct_award_is_refused_where_the_lot_does_not_allow_it():
    market = make_market(suppliers=1)
    shortlist, _ = _shortlist(market, "Quokka")
    shortlist = catalogue_services.shortlist_lock(actor=SYSTEM, shortlist=shortlist)
    with pytest.raises(RuleViolation) as exc:
        services.direct_award_create(
            actor=market.lead, shortlist=shortlist, entry=shortlist.entries.get(), justification="Fits"
        )
    assert exc.value.code == "lot.procedure_not_allowed"
    assert "Direct award is not allowed on lot 1" in exc.value.message


def _admin_request(actor):
    request = RequestFactory().get("/records/")
    request.actor = actor
    request.user = actor.person
    return request


def test_the_records_admin_shows_no_bid_or_receipt_before_the_deadline(market, travel):
    competition = make_competition(market, publish=True)
    submit_bid(market, competition, 0, "100")
    platform = make_organisation(Sector.PLATFORM, code="PLATR")
    auditor = actor_for(make_person(roles=[(platform, Role.AUDITOR)]))
    bid_admin = BidAdmin(Bid, records)
    receipt_admin = ReceiptAdmin(Bid.receipts.rel.related_model, records)
    assert bid_admin.get_queryset(_admin_request(auditor)).count() == 0
    assert receipt_admin.get_queryset(_admin_request(auditor)).count() == 0
    travel(competition.submission_deadline + timedelta(seconds=1))
    assert bid_admin.get_queryset(_admin_request(auditor)).count() == 1
    assert clock.now() > competition.submission_deadline
