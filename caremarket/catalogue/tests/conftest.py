import pytest

from caremarket.agreements.models import Agreement
from caremarket.catalogue.factories import lot_with_supplier, make_listing
from caremarket.catalogue.search import columns, postings, visibility
from caremarket.orgs.factories import actor_for, make_person
from caremarket.rules.roles import Role


@pytest.fixture(autouse=True)
def _fresh_search_memory():
    # Each test's data is rolled back; the in-memory search columns must never outlive it.
    columns.forget()
    postings.forget()
    visibility.forget()
    yield
    columns.forget()
    postings.forget()
    visibility.forget()


@pytest.fixture
def lot_and_supplier(db):
    return lot_with_supplier(code="S1001", name="Northway Networks Ltd")


@pytest.fixture
def lot(lot_and_supplier):
    return lot_and_supplier[0]


@pytest.fixture
def supplier(lot_and_supplier):
    return lot_and_supplier[1]


@pytest.fixture
def supplier_user(supplier):
    return actor_for(make_person(roles=[(supplier, Role.SUPPLIER_USER)]))


@pytest.fixture
def manager(lot):
    owner = Agreement.objects.get(pk=lot.agreement_id).owner
    return actor_for(make_person(roles=[(owner, Role.AGREEMENT_MANAGER)]))


@pytest.fixture
def listing(lot, supplier):
    return make_listing(lot=lot, supplier=supplier, name="Managed Ethernet for GP practices")
