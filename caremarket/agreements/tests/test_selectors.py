"""Reads are scoped to the actor: drafts to their managers, applications and evidence to the
supplier and the agreement's managers (and auditors), and filters that work."""

from datetime import date

import pytest

from caremarket.agreements import selectors
from caremarket.agreements.factories import admit, apply, make_agreement, make_supplier
from caremarket.core.errors import NotFound
from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.rules.roles import Role, Sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(owner):
    return make_agreement(owner=owner, reference="DRAFT1", status="draft")


@pytest.fixture
def auditor():
    return actor_for(make_person(roles=[(make_organisation(Sector.PLATFORM), Role.AUDITOR)]))


def references(actor, **filters) -> list[str]:
    return [a.reference for a in selectors.agreements_for_actor(actor, selectors.AgreementFilters(**filters))]


def test_a_draft_is_seen_only_by_its_managers_and_oversight(manager, buyer, auditor, dps, draft):
    assert references(manager) == ["DRAFT1", "RM3825"]
    assert references(auditor) == ["DRAFT1", "RM3825"]
    assert references(buyer) == ["RM3825"]
    with pytest.raises(NotFound, match="There is no agreement with the reference DRAFT1"):
        selectors.agreement_for_actor(buyer, "DRAFT1")
    assert selectors.agreement_for_actor(manager, "draft1") == draft


def test_agreements_filter_by_derived_status_and_kind(owner, buyer, dps):
    make_agreement(
        owner=owner,
        reference="RM1045",
        kind="framework",
        status="closed_to_new_suppliers",
        starts_on=date(2015, 8, 1),
        ends_on=date(2019, 7, 31),
    )
    assert references(buyer, status="expired") == ["RM1045"]
    assert references(buyer, status="closed_to_new_suppliers") == []  # expired, whatever its stage
    assert references(buyer, status="live") == ["RM3825"]
    assert references(buyer, kind="framework") == ["RM1045"]
    assert references(buyer, q="3825") == ["RM3825"]


def test_applications_are_seen_by_the_supplier_and_the_manager_only(
    manager, buyer, auditor, supplier, supplier_user, dps
):
    application = apply(supplier, dps)[0]
    rival = actor_for(make_person(roles=[(make_supplier(), Role.SUPPLIER_USER)]))
    elsewhere = actor_for(make_person(roles=[(make_organisation(Sector.BUYER), Role.AGREEMENT_MANAGER)]))
    for actor in (manager, supplier_user, auditor):
        assert list(selectors.applications_for_actor(actor)) == [application]
        assert selectors.application_for_actor(actor, application.pk) == application
    for actor in (buyer, rival, elsewhere):
        assert list(selectors.applications_for_actor(actor)) == []
        with pytest.raises(NotFound):
            selectors.application_for_actor(actor, application.pk)
    pending = selectors.applications_for_actor(manager, selectors.ApplicationFilters(status="pending"))
    assert list(pending) == [application]
    assert list(selectors.applications_to_assess(manager)) == [application]
    assert list(selectors.applications_to_assess(elsewhere)) == []


def test_evidence_is_seen_by_the_supplier_the_manager_citing_it_and_oversight(
    manager, buyer, auditor, supplier, supplier_user, dps
):
    evidence = apply(supplier, dps)[0].evidence.get()
    for actor in (manager, supplier_user, auditor):
        assert selectors.evidence_for_actor(actor, evidence.pk) == evidence
    elsewhere = actor_for(make_person(roles=[(make_organisation(Sector.BUYER), Role.AGREEMENT_MANAGER)]))
    for actor in (buyer, elsewhere):
        with pytest.raises(NotFound):
            selectors.evidence_for_actor(actor, evidence.pk)


def test_a_suppliers_overview_shows_its_places_pending_and_gaps(supplier, supplier_user, dps):
    admit(apply(supplier, dps, (1,))[0])
    apply(supplier, dps, (2,))
    rows = selectors.supplier_overview_for_actor(supplier_user, supplier)
    assert [r.agreement.reference for r in rows] == ["RM3825"]
    assert [p.lot.number for p in rows[0].places] == [1]
    assert [a.lot.number for a in rows[0].pending] == [2]
    assert rows[0].gaps == []
