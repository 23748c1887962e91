"""Shortlists record the query, the results and the exact versions; a locked one never changes."""

import csv
import io

import pytest
from django.db import DatabaseError, transaction
from openpyxl import load_workbook

from caremarket.catalogue import exports, selectors, services
from caremarket.catalogue.factories import make_listing
from caremarket.catalogue.models import Shortlist, ShortlistEntry
from caremarket.catalogue.search import SearchQuery
from caremarket.core.errors import NotFound, PermissionDenied, RuleViolation
from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.rules.roles import Role, Sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer_org():
    return make_organisation(Sector.BUYER, code="QJG", name="Suffolk ICB")


@pytest.fixture
def buyer(buyer_org):
    return actor_for(make_person(roles=[(buyer_org, Role.BUYER)]))


@pytest.fixture
def two(lot, supplier):
    return [
        make_listing(lot=lot, supplier=supplier, name="Ethernet for practices"),
        make_listing(lot=lot, supplier=supplier, name="Ethernet for hospitals"),
    ]


def test_a_saved_shortlist_keeps_the_query_results_and_versions(
    two, buyer, buyer_org, supplier_user, manager
):
    query = SearchQuery(text="ethernet", regions=("east",), sort="name")
    shortlist = services.shortlist_save(
        actor=buyer, organisation=buyer_org, name="HSCN options", query=query, quantity=10, term_months=36
    )
    assert shortlist.query["text"] == "ethernet" and shortlist.query["regions"] == ["east"]
    assert shortlist.query["quantity"] == 10 and shortlist.result_count == 2
    entries = list(shortlist.entries.order_by("position"))
    assert [e.snapshot["name"] for e in entries] == ["Ethernet for hospitals", "Ethernet for practices"]
    assert [e.version.number for e in entries] == [1, 1]
    assert entries[0].snapshot["quote"]["total"] == "107740.00"
    # The listing moves on; the shortlist still shows what was seen.
    services.listing_draft_update(actor=supplier_user, listing=two[1], name="Renamed")
    services.listing_submit(actor=supplier_user, listing=two[1])
    services.listing_approve(actor=manager, listing=two[1])
    entry = Shortlist.objects.get(pk=shortlist.pk).entries.get(listing=two[1])
    assert (entry.snapshot["name"], entry.version.number) == ("Ethernet for hospitals", 1)


def test_a_locked_shortlist_never_changes(two, buyer, buyer_org):
    shortlist = services.shortlist_save(
        actor=buyer, organisation=buyer_org, name="Direct award evidence", query=SearchQuery(text="ethernet")
    )
    services.shortlist_entry_remove(actor=buyer, shortlist=shortlist, listing=two[0])
    assert shortlist.entries.count() == 1
    services.shortlist_lock(actor=buyer, shortlist=shortlist)
    with pytest.raises(RuleViolation) as refused:
        services.shortlist_entry_remove(actor=buyer, shortlist=shortlist, listing=two[1])
    assert refused.value.code == "shortlist.locked"
    with pytest.raises(RuleViolation):
        services.shortlist_lock(actor=buyer, shortlist=shortlist)
    # Not even a direct write gets past the database.
    for change in (
        lambda: Shortlist.objects.filter(pk=shortlist.pk).update(name="Changed"),
        lambda: ShortlistEntry.objects.filter(shortlist=shortlist).update(position=9),
        lambda: ShortlistEntry.objects.filter(shortlist=shortlist).delete(),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            change()
    assert Shortlist.objects.get(pk=shortlist.pk).name == "Direct award evidence"


def test_saving_chosen_services_and_refusals(two, buyer, buyer_org, supplier_user):
    shortlist = services.shortlist_save(
        actor=buyer, organisation=buyer_org, name="Compared", query=SearchQuery(), listing_ids=[two[1].pk]
    )
    assert [e.listing_id for e in shortlist.entries.all()] == [two[1].pk]
    with pytest.raises(RuleViolation) as refused:
        services.shortlist_save(
            actor=buyer, organisation=buyer_org, name="None", query=SearchQuery(text="zzz")
        )
    assert refused.value.code == "shortlist.empty"
    with pytest.raises(NotFound):
        services.shortlist_save(
            actor=buyer, organisation=buyer_org, name="X", query=SearchQuery(), listing_ids=[999999]
        )
    with pytest.raises(PermissionDenied):
        services.shortlist_save(actor=supplier_user, organisation=buyer_org, name="X", query=SearchQuery())


def test_only_the_organisation_sees_its_shortlists(two, buyer, buyer_org):
    shortlist = services.shortlist_save(actor=buyer, organisation=buyer_org, name="Mine", query=SearchQuery())
    stranger = actor_for(make_person(roles=[(make_organisation(Sector.BUYER), Role.BUYER)]))
    with pytest.raises(NotFound):
        selectors.shortlist_for_actor(stranger, shortlist.pk)
    assert selectors.shortlist_for_actor(buyer, shortlist.pk) == shortlist


def test_exports_as_csv_and_xlsx(two, buyer, buyer_org):
    shortlist = services.shortlist_save(
        actor=buyer, organisation=buyer_org, name="=HYPERLINK(evil)", query=SearchQuery(text="ethernet")
    )
    shortlist = selectors.shortlist_for_actor(buyer, shortlist.pk)
    rows = list(csv.reader(io.StringIO(exports.as_csv(shortlist).decode("utf-8-sig"))))
    assert rows[0] == ["Shortlist", "'=HYPERLINK(evil)"]  # never a formula
    header = rows.index(exports.HEADER)
    assert {r[2] for r in rows[header + 1 :]} == {"Ethernet for practices", "Ethernet for hospitals"}
    sheet = load_workbook(io.BytesIO(exports.as_xlsx(shortlist))).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[header][0] == "Position"
    assert len(values) == header + 3
