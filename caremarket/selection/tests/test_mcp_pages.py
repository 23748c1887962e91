"""The Most Suitable Provider process's pages, for commissioners, panel members and alliance
providers (Django's test client)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from caremarket.core import clock
from caremarket.rules import provider_assessment as pa
from caremarket.selection import selectors_mcp as sel
from caremarket.selection.factories_mcp import advance_to, build_case, pdf
from caremarket.selection.models import DialogueSession, PanelRating, Stage2Version

pytestmark = pytest.mark.django_db

START = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def case(travel):
    travel(START)
    return build_case()


def client_for(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def url(case, tail: str = "") -> str:
    return f"/selection/msp/{case.process.reference}{tail}"


def alliance_url(case, index: int, tail: str = "") -> str:
    return url(case, f"/alliances/{case.alliances[index].pk}{tail}")


def test_the_overview_shows_the_stages_and_whats_next(case):
    page = client_for(case.commissioner).get(url(case))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Stage 1: constructive dialogue" in text and "Gateway 2" in text
    assert True
    assert "Record an alliance" in text
    assert "None" not in text


def test_the_list_shows_the_process_to_its_people(case):
    for person in (case.commissioner, case.panel[0], case.providers["East alliance"]):
        page = client_for(person).get("/selection/msp")
        assert case.process.reference in page.content.decode()


def test_the_commissioner_records_a_dialogue_session_by_the_page(case):
    advance_to(case, "market_notice")
    page = client_for(case.commissioner).post(
        url(case, "/dialogue/new"),
        {
            "held_on": clock.today().strftime("%d/%m/%Y"),
            "subjects": ["ACI", "SM"],
            "presentation_notes": "The alliance presented its vision",
            "question_1": "Who leads?",
            "answer_1": "The lead provider",
        },
    )
    assert page.status_code == 302
    session = DialogueSession.objects.get(process=case.process)
    assert session.subjects == ["ACI", "SM"] and session.qa[0]["question"] == "Who leads?"
    overview = client_for(case.commissioner).get(url(case)).content.decode()
    assert "Alliance Commitment &amp; Integration, Service Management" in overview


def test_a_refused_step_shows_the_reason(case):
    page = client_for(case.commissioner).post(
        url(case, "/dialogue/new"), {"held_on": clock.today().strftime("%d/%m/%Y"), "subjects": ["ACI"]}
    )
    assert page.status_code == 400
    assert "Publish the notice to the market before the constructive dialogue" in page.content.decode()


def test_the_provider_uploads_and_submits(case):
    advance_to(case, "dialogue")
    provider = client_for(case.providers["East alliance"])
    fw = sel.framework_of(case.process.msp)
    for doc in fw.submission_documents:
        page = provider.post(
            alliance_url(case, 0, "/submission"), {"kind": doc.kind, "file": pdf(f"{doc.kind}.pdf")}
        )
        assert page.status_code == 302, page.content.decode()
    page = provider.post(alliance_url(case, 0, "/submission"), {"action": "submit"})
    assert page.status_code == 302
    assert "The submission was made" in provider.get(alliance_url(case, 0, "/submission")).content.decode()


def test_the_panel_member_declares_and_rates_one_domain_per_page(case, travel):
    advance_to(case, "submission", travel)
    member = client_for(case.panel[0])
    assert member.post(url(case, "/declare"), {"declaration": "no_conflict"}).status_code == 302
    fw = sel.framework_of(case.process.msp)
    domain = fw.domains[0]
    page = member.get(alliance_url(case, 0, f"/rate/{domain.id}"))
    assert page.status_code == 200 and domain.sub_criteria[0].name in page.content.decode()
    data = {}
    for s in domain.sub_criteria:
        data[f"rating_{s.id}"] = "assured"
        data[f"comment_{s.id}"] = f"Good on {s.name}"
    page = member.post(alliance_url(case, 0, f"/rate/{domain.id}"), data)
    assert page.status_code == 302 and page["Location"].endswith(f"/rate/{fw.domains[1].id}")
    assert PanelRating.objects.filter(alliance=case.alliances[0]).count() == len(domain.sub_criteria)
    data[f"comment_{domain.sub_criteria[0].id}"] = ""
    page = member.post(alliance_url(case, 0, f"/rate/{domain.id}"), data)
    assert page.status_code == 400 and "needs a comment" in page.content.decode()


def test_the_commissioner_moderates_by_the_page(case, travel):
    advance_to(case, "ratings", travel)
    fw = sel.framework_of(case.process.msp)
    commissioner = client_for(case.commissioner)
    page = commissioner.get(alliance_url(case, 0, "/moderate"))
    assert page.status_code == 200
    data = {
        f"rating_{s.id}": ("not_assured" if s.id == "SD.4" else "partially_assured") for s in fw.sub_criteria
    }
    data["overall"] = "partially_assured"
    page = commissioner.post(alliance_url(case, 0, "/moderate"), data)
    assert page.status_code == 400 and "record the rationale" in page.content.decode()
    data["overall_rationale"] = "Partly assured overall"
    page = commissioner.post(alliance_url(case, 0, "/moderate"), data)
    assert page.status_code == 302, page.content.decode()


def test_an_alliance_sees_its_own_ratings_only_after_moderation_and_never_anothers(case, travel):
    advance_to(case, "ratings", travel)
    east = client_for(case.providers["East alliance"])
    west = client_for(case.providers["West alliance"])
    assert east.get(alliance_url(case, 0, "/ratings")).status_code == 404
    member = client_for(case.panel[0])
    own = member.get(alliance_url(case, 0, "/ratings")).content.decode()
    assert case.panel[0].full_name in own and case.panel[1].full_name not in own
    advance_to(case, "moderation", after="ratings")
    page = east.get(alliance_url(case, 0, "/ratings"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Not assured" in text and "Overall" in text
    assert case.panel[0].full_name not in text  # the moderated ratings, not the panel's own
    assert west.get(alliance_url(case, 0, "/ratings")).status_code == 404
    assert west.get(alliance_url(case, 1, "/ratings")).status_code == 200
    both = member.get(alliance_url(case, 0, "/ratings")).content.decode()
    assert case.panel[1].full_name in both


def test_gateway1_progress_by_the_page(case, travel):
    advance_to(case, "moderation", travel)
    commissioner = client_for(case.commissioner)
    page = commissioner.get(url(case, "/gateway1"))
    assert "Service Delivery is not assured" in page.content.decode()
    page = commissioner.post(
        url(case, "/gateway1"),
        {
            "decision": "progress",
            "rationale": "Part assurance",
            "themes": "\n".join(pa.suffolk_case().stage2_themes),
            "note_SD": "Build on the children's services work",
        },
    )
    assert page.status_code == 302
    overview = commissioner.get(url(case)).content.decode()
    assert "Progress to stage 2" in overview and "alliance identity" in overview


def test_gateway1_divert_by_the_page_links_the_competition(case, travel):
    advance_to(case, "moderation", travel)
    commissioner = client_for(case.commissioner)
    page = commissioner.post(url(case, "/gateway1"), {"decision": "divert", "rationale": "Test the market"})
    assert page.status_code == 302
    case.refresh()
    overview = commissioner.get(url(case)).content.decode()
    assert case.process.linked_competition.reference in overview and "The process has ended" in overview


def test_stage2_documents_agreed_one_by_one_then_gateway2_and_the_contract(case, travel):
    advance_to(case, "gateway1", travel)
    commissioner = client_for(case.commissioner)
    for index, alliance in enumerate(case.alliances):
        lead = client_for(case.providers[alliance.name])
        for kind in pa.Stage2Document:
            page = commissioner.post(
                alliance_url(case, index, f"/stage2/{kind}"), {"text": f"The {kind.label}"}
            )
            assert page.status_code == 302
            version = Stage2Version.objects.get(document__alliance=alliance, document__kind=kind)
            refused = commissioner.post(url(case, "/gateway2"), {})
            assert refused.status_code == 400 and "not yet agreed" in refused.content.decode()
            page = lead.post(url(case, f"/stage2/versions/{version.pk}/agree"))
            assert page.status_code == 302
            shown = lead.get(alliance_url(case, index, f"/stage2/{kind}")).content.decode()
            assert "agreed by both sides" in shown
    refused = commissioner.post(url(case, "/gateway2"), {})
    assert "engagement" in refused.content.decode()
    page = commissioner.post(
        url(case, "/engagement"),
        {
            "held_on": clock.today().strftime("%d/%m/%Y"),
            "who": "Pathway group",
            "summary": "Patients shaped it",
        },
    )
    assert page.status_code == 302
    assert commissioner.post(url(case, "/gateway2"), {}).status_code == 302
    page = commissioner.post(
        alliance_url(case, 0, "/contract"),
        {
            "value": "325,000,000",
            "starts_on": (clock.today() + timedelta(days=30)).strftime("%d/%m/%Y"),
            "term_months": "120",
        },
    )
    assert page.status_code == 302 and page["Location"].startswith("/contracts/")


def test_the_alliance_page_for_its_provider(case):
    page = client_for(case.providers["East alliance"]).get(alliance_url(case, 0))
    text = page.content.decode()
    assert page.status_code == 200 and "East Hospital NHS Trust" in text
    assert "Record the signed letter of commitment" in text
    assert "None" not in text


def test_an_outsider_sees_nothing(case):
    from caremarket.orgs.factories import make_organisation, make_person
    from caremarket.rules.roles import Role, Sector

    outsider = make_person(roles=[(make_organisation(Sector.SUPPLIER), Role.SUPPLIER_USER)])
    client = client_for(outsider)
    assert client.get(url(case)).status_code == 404
    assert client.get(alliance_url(case, 0)).status_code == 404
    assert case.process.reference not in client.get("/selection/msp").content.decode()


def test_the_home_page_shows_the_process_and_whats_next(case):
    page = client_for(case.providers["East alliance"]).get("/")
    text = page.content.decode()
    assert "Most Suitable Provider processes" in text and case.process.reference in text
