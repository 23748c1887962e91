import pytest

from caremarket.audit.selectors import AuditFilters, audit_events_for_actor
from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.rules.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def icb():
    return make_organisation(code="QJG", name="NHS Suffolk and North East Essex ICB")


def test_an_administrator_changes_the_details(client, icb):
    admin = make_person(roles=[(icb, Role.ORG_ADMIN)])
    client.force_login(admin)
    page = client.get("/organisations/QJG/edit")
    assert b'value="NHS Suffolk and North East Essex ICB"' in page.content
    response = client.post(
        "/organisations/QJG/edit",
        {"name": icb.name, "postcode": "ip1 2bx", "website": "suffolk.example.nhs.uk", "is_sme": ""},
    )
    assert response.status_code == 302
    icb.refresh_from_db()
    assert (icb.postcode, icb.website) == ("IP1 2BX", "https://suffolk.example.nhs.uk")
    logged = AuditFilters(action="organisation.updated", object_id=str(icb.pk))
    assert audit_events_for_actor(actor_for(admin), logged).exists()


def test_bad_details_show_the_error_summary_and_change_nothing(client, icb):
    client.force_login(make_person(roles=[(icb, Role.ORG_ADMIN)]))
    response = client.post("/organisations/QJG/edit", {"name": "", "website": "not a site"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "nhsuk-error-summary" in body
    assert "Enter the organisation&#39;s name" in body
    assert 'href="#website"' in body
    icb.refresh_from_db()
    assert icb.name == "NHS Suffolk and North East Essex ICB"


def test_the_directory_filters_by_sector_and_region(client, icb):
    make_organisation("supplier", code="S1", name="Northway Networks Ltd", region="london")
    client.force_login(make_person(roles=[(icb, Role.BUYER)]))

    def listed(query: str) -> str:
        body = client.get(f"/organisations?{query}").content.decode()
        return body[body.index('id="organisations"') :]

    assert "Northway Networks Ltd" in listed("sector=supplier")
    assert "NHS Suffolk" not in listed("sector=supplier")
    assert "NHS Suffolk" in listed("region=east") and "Northway" not in listed("region=east")
    assert "NHS Suffolk" in listed("q=qjg") and "Northway" not in listed("q=qjg")
