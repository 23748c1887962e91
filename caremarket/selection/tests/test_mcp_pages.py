"""The Most Suitable Provider process's pages, for commissioners, panel members and alliance
providers (Django's test client)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from caremarket.core import clock
from caremarket.rules import provider_assessment as pa
from caremarket.rules import psr as psr_rules
from caremarket.rules.dates import spoken_date
from caremarket.selection import selectors_mcp as sel
from caremarket.selection.factories_mcp import advance_to, build_case, msp_criteria, pdf
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
    page = commissioner.post(url(case, "/gateway2"), {})
    assert page.status_code == 302 and page["Location"] == url(case, "/decision")
    _decision_to_contract(case, commissioner, travel)


def _decision_form(case, value: str = "325000000") -> dict:
    form = {"provider": case.alliances[0].lead.code, "contract_value": value}
    for row in msp_criteria():
        form[f"{row['criterion']}_weight"] = row["weight"]
        form[f"{row['criterion']}_rationale"] = row["rationale"]
    return form


def _decision_to_contract(case, commissioner, travel):
    """From gateway 2: the decision record, the notice of intention, the standstill, the contract."""
    overview = commissioner.get(url(case)).content.decode()
    assert "Record the decision against the key criteria" in overview
    assert url(case, "/decision") in overview
    form = commissioner.get(url(case, "/decision")).content.decode()
    assert "The alliance the contract goes to" in form and "East alliance: East Hospital NHS Trust" in form
    # A value typed plainly is shown again as an amount.
    refused = commissioner.post(url(case, "/decision"), {**_decision_form(case), "provider": ""})
    assert refused.status_code == 400 and 'value="325,000,000.00"' in refused.content.decode()
    page = commissioner.post(url(case, "/decision"), _decision_form(case))
    assert page.status_code == 302 and page["Location"] == url(case)
    overview = commissioner.get(url(case)).content.decode()
    assert "Publish the notice of intention to award" in overview and "£325,000,000.00" in overview
    page = commissioner.post(url(case, "/intention"))
    assert page.status_code == 302 and page["Location"] == url(case)
    ends = psr_rules.standstill_ends_on(clock.today())
    may_from = ends + timedelta(days=1)
    overview = commissioner.get(url(case)).content.decode()
    assert f"At midnight at the end of {spoken_date(ends)}" in overview
    assert f"The standstill runs until the end of {spoken_date(ends)}" in overview
    assert f"the contract may be made from {spoken_date(may_from)}" in overview
    assert "Make the contract with" not in overview and "None" not in overview
    contract_form = {
        "starts_on": (clock.today() + timedelta(days=30)).strftime("%d/%m/%Y"),
        "term_months": "120",
    }
    page = commissioner.get(alliance_url(case, 0, "/contract")).content.decode()
    assert f"the contract may be awarded from {spoken_date(may_from)}" in page
    assert "£325,000,000.00" in page
    refused = commissioner.post(alliance_url(case, 0, "/contract"), contract_form)
    assert refused.status_code == 400
    assert f"the contract may be awarded from {spoken_date(may_from)}" in refused.content.decode()
    travel(datetime.combine(may_from, datetime.min.time(), tzinfo=UTC) + timedelta(hours=9))
    commissioner = client_for(case.commissioner)  # signed in again after the days have passed
    overview = commissioner.get(url(case)).content.decode()
    assert "Make the contract with East Hospital NHS Trust" in overview
    page = commissioner.post(alliance_url(case, 0, "/contract"), contract_form)
    assert page.status_code == 302 and page["Location"].startswith("/contracts/")
    overview = commissioner.get(url(case)).content.decode()
    assert "The contract has been made: the process is complete" in overview
    assert "The process has ended" not in overview


def test_a_provider_represents_in_the_standstill_and_the_review_by_the_pages(case, travel):
    advance_to(case, "intention", travel)
    west = case.alliances[1]
    provider = client_for(case.providers[west.name])
    overview = provider.get(url(case)).content.decode()
    assert "Make a representation about the intention to award" in overview
    page = provider.post(
        f"/selection/{case.process.reference}/representations/new", {"summary": "Our plan scored better"}
    )
    assert page.status_code == 302
    commissioner = client_for(case.commissioner)
    overview = commissioner.get(url(case)).content.decode()
    assert "The award is paused: the representation by West Hospital NHS Foundation Trust" in overview
    assert "Record the review of representations" in overview and "Our plan scored better" in overview
    review = commissioner.get(f"/selection/{case.process.reference}/review").content.decode()
    assert url(case) in review
    page = commissioner.post(
        f"/selection/{case.process.reference}/review", {"decision": "proceed", "reasons": "It stands"}
    )
    assert page.status_code == 302 and page["Location"] == url(case)
    overview = commissioner.get(url(case)).content.decode()
    assert "a further 5 working days after the decision to proceed" in overview


def test_the_decision_page_before_gateway2_says_so(case, travel):
    advance_to(case, "stage2", travel)
    commissioner = client_for(case.commissioner)
    page = commissioner.get(url(case, "/decision")).content.decode()
    assert "Gateway 2 has not passed yet" in page
    refused = commissioner.post(url(case, "/decision"), _decision_form(case))
    assert refused.status_code == 400 and "Gateway 2 has not passed" in refused.content.decode()


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


def test_an_alliance_cannot_open_another_alliances_page(case):
    advance_to(case, "submission")
    east = client_for(case.providers["East alliance"])
    assert east.get(alliance_url(case, 0)).status_code == 200
    # The West alliance's submission and its documents' hashes are the West alliance's own.
    assert east.get(alliance_url(case, 1)).status_code == 404
    assert east.get(alliance_url(case, 1, "/submission")).status_code == 404
    overview = east.get(url(case)).content.decode()
    assert f'href="{alliance_url(case, 1)}"' not in overview
    assert f'href="{alliance_url(case, 0)}"' in overview
    # The commissioners and the panel open both.
    for person in (case.commissioner, case.panel[0]):
        assert client_for(person).get(alliance_url(case, 1)).status_code == 200


def test_after_gateway_1_only_stage_2_steps_are_offered(case, travel):
    advance_to(case, "gateway1", travel)
    text = client_for(case.commissioner).get(url(case)).content.decode()
    steps = text[text.index('id="steps"') : text.index("</ul>", text.index('id="steps"'))]
    assert "Gateway 2" in steps and "Record patient and public engagement" in steps
    for stage1 in ("Record an alliance", "Record a dialogue session", "Add a panel member", "Moderate"):
        assert stage1 not in steps
    listing = client_for(case.commissioner).get("/selection").content.decode()
    assert "Stage 2, detailed negotiation" in listing and "Stage2" not in listing


def test_a_panel_member_who_has_declared_is_not_asked_again(case, travel):
    advance_to(case, "ratings", travel)
    page = client_for(case.panel[0]).get(url(case, "/declare"))
    assert page.status_code == 302 and page["Location"] == url(case)
