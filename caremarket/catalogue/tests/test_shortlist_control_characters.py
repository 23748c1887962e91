"""A shortlist named with a control character: refused by the API, stripped by the pages, and
one saved before either still exports (a workbook cannot hold the character)."""

import io
import json

import pytest
from django.test import Client
from openpyxl import load_workbook

from caremarket.catalogue import exports, services
from caremarket.catalogue.factories import make_listing
from caremarket.catalogue.models import Shortlist
from caremarket.catalogue.search import SearchQuery
from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.orgs.services import api_token_create
from caremarket.rules.roles import Role, Sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer_org():
    return make_organisation(Sector.BUYER, code="QJG", name="Suffolk ICB")


@pytest.fixture
def person(buyer_org):
    return make_person(roles=[(buyer_org, Role.BUYER)])


@pytest.fixture
def listing(lot, supplier):
    return make_listing(lot=lot, supplier=supplier, name="Ethernet for practices")


def test_the_api_refuses_a_shortlist_name_with_a_control_character(person, listing):
    _, secret = api_token_create(actor=actor_for(person), name="t")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = client.post(
        "/api/v1/catalogue/shortlists",
        json.dumps({"name": "HSCN\x01options", "text": "ethernet"}),
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    assert list(response.json()["details"]["fields"]) == ["name"]
    assert not Shortlist.objects.exists()


def test_the_pages_strip_control_characters_from_a_shortlist_name(person, listing):
    client = Client()
    client.force_login(person)
    response = client.post(
        "/catalogue/shortlists",
        {"name": "HSCN\x01 options\x00", "purpose": "Line one\nLine two\x0b", "text": "ethernet"},
    )
    assert response.status_code in (200, 302), response.content[:500]
    shortlist = Shortlist.objects.get()
    assert shortlist.name == "HSCN options" and shortlist.purpose == "Line one\nLine two"


def test_a_shortlist_saved_with_a_control_character_still_exports(person, buyer_org, listing):
    shortlist = services.shortlist_save(
        actor=actor_for(person),
        organisation=buyer_org,
        name="HSCN\x01options\x1f",  # PostgreSQL cannot store NUL at all
        purpose="Tabs\tand\nnewlines\x1b",
        query=SearchQuery(text="ethernet"),
    )
    sheet = load_workbook(io.BytesIO(exports.as_xlsx(shortlist))).active
    assert sheet["B1"].value == "HSCNoptions"
    assert sheet["B3"].value == "Tabs\tand\nnewlines"
    assert b"HSCN\x01options" in exports.as_csv(shortlist) or b"HSCNoptions" in exports.as_csv(shortlist)
