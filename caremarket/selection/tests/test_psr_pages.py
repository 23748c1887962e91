"""The PSR pages: a commissioner starts a process, chooses Direct Award C, records the decision,
publishes the intention to award; a provider makes a representation; the commissioner reviews
it, proceeds and awards after the further 5 working days; the annual summary and its download."""

from datetime import datetime

import pytest

from caremarket.orgs.factories import make_organisation, make_person
from caremarket.rules import psr as rules
from caremarket.rules.roles import Role, Sector
from caremarket.selection.models import PsrDecision, SelectionProcess

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    commissioner = make_organisation(Sector.BUYER, code="PCCG", name="Pages Test CCG")
    provider = make_organisation(Sector.SUPPLIER, code="PPRV", name="Pages Provider Ltd")
    rival = make_organisation(Sector.SUPPLIER, code="PRIV", name="Pages Rival Ltd")
    return {
        "commissioner": commissioner,
        "provider": provider,
        "rival": rival,
        "lead": make_person(roles=[(commissioner, Role.PROCUREMENT_LEAD)]),
        "buyer": make_person(roles=[(commissioner, Role.BUYER)]),
        "rival_person": make_person(roles=[(rival, Role.SUPPLIER_USER)]),
    }


def _at(travel, day: str) -> None:
    travel(datetime.fromisoformat(day + "T09:00:00+00:00"))


def _decision_form(provider_code: str) -> dict:
    form = {"provider": provider_code, "contract_value": "2,460,000"}
    for criterion, weight in zip(
        rules.key_criteria(rules.date(2026, 3, 2)), ("30", "25", "20", "15", "10"), strict=True
    ):
        form[f"{criterion.code}_weight"] = weight
        form[f"{criterion.code}_rationale"] = f"Why {criterion.name} matters"
    return form


def test_direct_award_c_through_the_pages(client, people, travel):
    _at(travel, "2026-03-02")
    client.force_login(people["lead"])
    assert client.get("/selection/new").status_code == 200
    response = client.post(
        "/selection/new",
        {"title": "Community equipment service", "estimated_value": "2,460,000", "term_max_months": "60"},
    )
    selection = SelectionProcess.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(
        f"/selection/{selection.reference}/choose"
    )
    ref = selection.reference
    facts = {
        "existing_provider": "yes",
        "existing_contract_expiring": "yes",
        "provider_satisfactory": "yes",
        "change_attributable_to_authority": "yes",
        "old_lifetime_value": "2,400,000",
        "new_lifetime_value": "2,460,000",
    }
    body = client.post(f"/selection/{ref}/choose", {**facts, "action": "check"}).content.decode()
    # Fields with no error show none (no red border, no "None" message).
    assert "None" not in body and "nhsuk-error-message" not in body
    assert "Direct Award Process C</strong> – open" in body
    assert "Direct Award Process A</strong> – not open" in body
    # A closed process is refused with why not.
    refused = client.post(
        f"/selection/{ref}/choose", {**facts, "action": "record", "process": "direct_award_a"}
    )
    assert refused.status_code == 400 and "Direct Award Process A is not open" in refused.content.decode()
    client.post(f"/selection/{ref}/choose", {**facts, "action": "record", "process": "direct_award_c"})
    missing = client.post(f"/selection/{ref}/decision", {"provider": "PPRV"})
    assert missing.status_code == 400 and "has no rationale" in missing.content.decode()
    assert client.post(f"/selection/{ref}/decision", _decision_form("PPRV")).status_code == 302
    page = client.get(f"/selection/{ref}").content.decode()
    assert "£2,460,000.00" in page and "Publish the intention to award" in page and "None" not in page
    response = client.post(f"/selection/{ref}/intention", follow=True)
    assert "the standstill runs until the end of 12 March 2026" in response.content.decode()
    refused = client.post(f"/selection/{ref}/award", {})
    assert refused.status_code == 400 and "may be awarded from 13 March 2026" in refused.content.decode()

    _at(travel, "2026-03-10")
    client.force_login(people["rival_person"])
    assert client.get(f"/selection/{ref}").status_code == 404
    assert client.get(f"/selection/{ref}/representations/new").status_code == 200
    response = client.post(
        f"/selection/{ref}/representations/new", {"summary": "Our offer was not considered"}
    )
    assert response.status_code == 302
    assert "Our offer was not considered" in client.get("/selection").content.decode()
    assert "Your representations" in client.get("/").content.decode()

    _at(travel, "2026-03-16")
    client.force_login(people["buyer"])
    assert client.get(f"/selection/{ref}").status_code == 200
    assert client.get(f"/selection/{ref}/review").status_code == 403
    client.force_login(people["lead"])
    assert "a representation waits for your review" in client.get("/").content.decode()
    page = client.get(f"/selection/{ref}").content.decode()
    assert "Pages Rival Ltd, received 10 March 2026" in page and "waits for the authority" in page
    rep = SelectionProcess.objects.get().psr_representations.get()
    client.post(f"/selection/{ref}/representations/{rep.pk}/clarify", {"clarification": "We met on 12 March"})
    response = client.post(
        f"/selection/{ref}/review",
        {"decision": "proceed", "reasons": "The rival's offer was considered"},
        follow=True,
    )
    assert "after 23 March 2026" in response.content.decode()
    refused = client.post(f"/selection/{ref}/award", {})
    assert "the contract may be awarded from 24 March 2026" in refused.content.decode()

    _at(travel, "2026-03-24")
    client.force_login(people["lead"])  # a new day's session
    response = client.post(f"/selection/{ref}/award", {}, follow=True)
    assert "confirmation of award published" in response.content.decode()
    assert PsrDecision.objects.get().award_notice.notice_type == "PSR_AWARD"

    page = client.get("/selection/annual-summary?year=2025").content.decode()
    assert "Contracts awarded where Direct Award Process A, B or C was followed" in page
    csv = client.get("/selection/annual-summary.csv?year=2025")
    assert (
        csv.status_code == 200
        and b"Direct Award Process A, B or C was followed,regulation 25(2)(a),1"
        in csv.content.replace(b'"', b"")
    )
    xlsx = client.get("/selection/annual-summary.xlsx?year=2025")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_a_plain_buyer_cannot_start_a_process(client, people):
    client.force_login(people["buyer"])
    assert client.get("/selection/new").status_code == 403
    assert "Start a provider selection process" not in client.get("/selection").content.decode()


def test_the_chooser_shows_the_lifetime_values_as_amounts(client, people, travel):
    _at(travel, "2026-03-02")
    client.force_login(people["lead"])
    client.post("/selection/new", {"title": "Community equipment service"})
    ref = SelectionProcess.objects.get().reference
    facts = {"existing_provider": "yes", "old_lifetime_value": "2400000", "new_lifetime_value": "£2460000.5"}
    body = client.post(f"/selection/{ref}/choose", {**facts, "action": "check"}).content.decode()
    assert 'value="2,400,000.00"' in body and 'value="2,460,000.50"' in body
    # What is not an amount is shown as it was typed, with its problem.
    body = client.post(
        f"/selection/{ref}/choose", {**facts, "old_lifetime_value": "lots", "action": "check"}
    ).content.decode()
    assert 'value="lots"' in body and 'value="2,460,000.50"' in body and "nhsuk-error-message" in body
    client.post(
        f"/selection/{ref}/choose",
        {**facts, "existing_contract_expiring": "yes", "action": "record", "process": "competitive"},
    )
    body = client.get(f"/selection/{ref}/choose").content.decode()
    assert 'value="2,400,000.00"' in body
    # The decision record's value is shown again as an amount too.
    body = client.post(f"/selection/{ref}/decision", {"contract_value": "2460000"}).content.decode()
    assert 'value="2,460,000.00"' in body
