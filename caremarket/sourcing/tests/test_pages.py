"""The sourcing pages and API as people use them: the template round trip (all or nothing,
with row-and-column messages), a club from joining to launch, the route advisor's questions,
collaborations with a missed milestone, intentions and phasing, the diagnostic."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from caremarket.core import clock
from caremarket.orgs.factories import make_person
from caremarket.rules.roles import Role
from caremarket.sourcing import services
from caremarket.sourcing.factories import (
    SYSTEM,
    filled_xlsx,
    join_with_requirements,
    make_buyer,
    requirement_set_of,
    rows_for,
)
from caremarket.sourcing.models import RequirementLine

pytestmark = pytest.mark.django_db


def client_for(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


@pytest.fixture
def member_client(member_org):
    return client_for(make_person(email="buyer@rqm.example", roles=[(member_org, Role.BUYER)]))


@pytest.fixture
def lead_client(lead_org):
    return client_for(make_person(email="lead@lead.example", roles=[(lead_org, Role.PROCUREMENT_LEAD)]))


def test_the_template_round_trip(club, member_client, member_org):
    joined = member_client.post(f"/sourcing/clubs/{club.reference}/join")
    requirement_set = requirement_set_of(club, member_org)
    assert joined.status_code == 302 and joined["Location"].endswith(requirement_set.reference)
    page = member_client.get(f"/sourcing/requirements/{requirement_set.reference}")
    assert page.status_code == 200 and b"Download the template as XLSX" in page.content
    download = member_client.get(f"/sourcing/requirements/{requirement_set.reference}/template.xlsx")
    book = load_workbook(io.BytesIO(download.content))
    sheet = book["Requirements"]
    assert [c.value for c in sheet[1]] == [
        "Site code",
        "Service type",
        "Quantity",
        "Unit",
        "Bandwidth or size",
        "Required-by date",
        "Notes",
    ]
    lists = {str(v.sqref)[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists["A"] == "Lists!$A$2:$A$4" and lists["B"].startswith("Lists!$C$2")
    assert book["Lists"]["A2"].value == "RQM-S1"
    rows = rows_for(member_org, 3)
    rows[1][2] = "lots"
    rows[2][0] = "NOPE"
    sheet_rows = rows
    for row in sheet_rows:
        sheet.append(row)
    bad = io.BytesIO()
    book.save(bad)
    bad.seek(0)
    bad.name = "requirements.xlsx"
    refused = member_client.post(f"/sourcing/requirements/{requirement_set.reference}/upload", {"file": bad})
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "Row 3, column C (quantity): enter a whole number of 1 or more" in text
    assert "Row 4, column A (site code): &#39;NOPE&#39; is not one of your sites" in text
    assert "nothing was saved" in text
    assert not RequirementLine.objects.exists()
    good = io.BytesIO(filled_xlsx(requirement_set, rows_for(member_org, 3)))
    good.name = "requirements.xlsx"
    saved = member_client.post(f"/sourcing/requirements/{requirement_set.reference}/upload", {"file": good})
    assert saved.status_code == 302
    assert RequirementLine.objects.filter(requirement_set=requirement_set).count() == 3
    csv = member_client.get(
        f"/sourcing/requirements/{requirement_set.reference}/template.csv"
    ).content.decode()
    assert csv.splitlines()[1].startswith("RQM-S1,Ethernet connection,1,per connection,100 Mbps,")
    assert member_client.post(f"/sourcing/requirements/{requirement_set.reference}/submit").status_code == 302


def test_a_csv_upload_through_the_api(club, member_org):
    services.club_join(actor=SYSTEM, club=club, organisation=member_org)
    requirement_set = requirement_set_of(club, member_org)
    person = make_person(email="api@rqm.example", roles=[(member_org, Role.BUYER)])
    client = client_for(person)
    content = (
        b"Site code,Service type,Quantity,Unit,Bandwidth or size,Required-by date,Notes\r\n"
        b"RQM-S1,Ethernet connection,2,per connection,100 Mbps,2028-01-31,\r\n"
        b"RQM-S2,Ethernet connection,0,per connection,100 Mbps,31/01/2028,\r\n"
    )
    refused = client.post(
        f"/api/v1/sourcing/requirement-sets/{requirement_set.reference}/import",
        {"file": SimpleUploadedFile("r.csv", content, content_type="text/csv")},
    )
    assert refused.status_code == 422
    body = refused.json()
    assert body["code"] == "requirements.import_invalid"
    assert body["details"]["rows"] == [
        {"row": 3, "problems": ["Row 3, column C (quantity): enter a whole number of 1 or more"]}
    ]
    fixed = content.replace(b",0,", b",4,")
    ok = client.post(
        f"/api/v1/sourcing/requirement-sets/{requirement_set.reference}/import",
        {"file": SimpleUploadedFile("r.csv", fixed, content_type="text/csv")},
    )
    assert ok.status_code == 200 and ok.json()["line_count"] == 2


def test_a_club_from_joining_to_launch_and_a_late_member(club, lead_client, member_org, member_client):
    join_with_requirements(club, member_org, lines=2)
    page = lead_client.get(f"/sourcing/clubs/{club.reference}")
    assert b"open until 19 April 2027" in page.content
    with time_machine.travel("2027-05-31 09:00Z", tick=False):
        lead_client.force_login(
            make_person(email="lead2@lead.example", roles=[(club.lead_organisation, Role.PROCUREMENT_LEAD)])
        )
        assert lead_client.post(f"/sourcing/clubs/{club.reference}/launch").status_code == 302
        assert lead_client.get(f"/sourcing/clubs/{club.reference}/baseline").status_code == 200
        late = make_buyer(code="RAL", name="Royal Free London", sites=1)
        late_client = client_for(make_person(email="late@ral.example", roles=[(late, Role.BUYER)]))
        page = late_client.get(f"/sourcing/clubs/{club.reference}")
        assert "no new members can be added" in page.content.decode()
        refused = late_client.post(f"/sourcing/clubs/{club.reference}/join", follow=True)
        assert "The Once for London baseline was frozen at launch on 31 May 2027" in refused.content.decode()


def test_the_route_advisor_questions(member_client, dps, club):
    start = member_client.get("/sourcing/route-advisor")
    assert start.status_code == 200
    assert member_client.post("/sourcing/route-advisor/questions/region", {}).status_code == 400
    answers = [
        ("purchase", {"purchase": "hscn_connectivity"}),
        ("region", {"region": "london"}),
        ("sites", {"sites": "12"}),
        ("needs", {}),
        ("expertise", {"expertise": "no"}),
        ("plans", {"plans": "no"}),
        ("collaboration", {"collaboration": "", "lead_organisation": ""}),
        ("value", {"value": "250000"}),
        ("needed_by", {"needed_by": "01/10/2027"}),
        ("programme", {"programme": "no"}),
    ]
    for key, data in answers:
        response = member_client.post(f"/sourcing/route-advisor/questions/{key}", data)
        assert response.status_code == 302, (key, response.content[:500])
    check = member_client.get("/sourcing/route-advisor/check")
    assert b"Check your answers" in check.content and b"250,000" in check.content
    result = member_client.get("/sourcing/route-advisor/result").content.decode()
    assert "Aggregated procurement" in result and "Once for London" in result
    api = member_client.post(
        "/api/v1/sourcing/route-advice",
        {"region": "london", "sites": 12, "estimated_value": "250000", "latest_start": "2027-10-01"},
        content_type="application/json",
    ).json()
    assert api["recommended"]["route"] == "aggregated"
    assert api["recommended"]["agreement"] == "RM3825"
    assert [m["key"] for m in api["plan"]][:2] == ["join", "launch"]


def test_a_missed_milestone_is_flagged_with_its_consequence(member_org, member_client):
    services.individual_procurement_create(
        actor=SYSTEM,
        organisation=member_org,
        title="Own connections",
        milestone_dates={
            "connections_list": date(2027, 2, 1),
            "launch": date(2027, 6, 30),
            "complete": date(2028, 3, 31),
        },
    )
    page = member_client.get("/sourcing/procurements").content.decode()
    assert (
        "List of planned connections: late, was due by 1 February 2027 (28 days ago). "
        "Join an aggregated procurement" in page
    )


def test_intentions_and_phasing(member_org, member_client):
    base = clock.today() + timedelta(days=60)
    for n in range(4):
        created = services.intention_create(
            actor=SYSTEM,
            organisation=member_org,
            title=f"Plan {n}",
            category="business_intelligence",
            region="london",
            value_band="under_100k",
            launch_on=base,
            closes_on=base + timedelta(days=30),
        )
        services.intention_publish(actor=SYSTEM, intention=created)
    phasing = member_client.get("/sourcing/phasing").content.decode()
    assert "4 competitions in Business intelligence close in the fortnight" in phasing
    assert member_client.get("/sourcing/pipeline").status_code == 200
    assert member_client.get(f"/sourcing/intentions/{created.reference}").status_code == 200


def test_the_diagnostic(member_org, member_client):
    saved = member_client.post(
        "/sourcing/diagnostic",
        {
            "business_intelligence__make": "120000",
            "business_intelligence__buy": "95000",
            "provider_management__make": "x",
        },
    )
    assert saved.status_code == 400
    saved = member_client.post(
        "/sourcing/diagnostic",
        {"business_intelligence__make": "120000", "business_intelligence__buy": "95000"},
    )
    assert saved.status_code == 302
    page = member_client.get("/sourcing/diagnostic").content.decode()
    assert "diagnostic-data" in page and "£95,000.00" in page
    data = member_client.get(f"/api/v1/sourcing/diagnostic/{member_org.code}").json()
    row = next(r for r in data["rows"] if r["service_line"] == "business_intelligence")
    assert row["cheapest"] == "buy"
    assert Decimal(data["saving_total"]) == Decimal("25000.00")


def test_every_page_renders_for_the_lead(club, lead_client, lead_org):
    for path in [
        "/",
        "/sourcing/clubs",
        "/sourcing/clubs/new",
        "/sourcing/requirements",
        "/sourcing/requirements/new",
        "/sourcing/procurements",
        "/sourcing/collaborations/new",
        "/sourcing/individual/new",
        "/sourcing/intentions/new",
        "/sourcing/pipeline?mine=1",
        f"/sourcing/clubs/{club.reference}/launch-date",
    ]:
        assert lead_client.get(path).status_code == 200, path
    created = lead_client.post(
        "/sourcing/collaborations/new",
        {"name": "North Central London", "route": "dps", "agreement": "RM3825"},
    )
    assert created.status_code == 302
    assert lead_client.get(created["Location"]).status_code == 200
