"""Agreements as data: the YAML fixtures, the Digital Marketplace reader, and the command."""

from pathlib import Path
from textwrap import dedent

import pytest
from django.conf import settings
from django.core.management import call_command

from caremarket.agreements.digital_marketplace import read_framework
from caremarket.agreements.management.commands.import_framework import load
from caremarket.agreements.models import Agreement, Lot, LotRules
from caremarket.agreements.services import agreement_import
from caremarket.agreements.services.definitions import read_definition
from caremarket.audit.models import AuditEvent
from caremarket.core.actor import Actor
from caremarket.core.errors import ImportFailed, PermissionDenied
from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.rules.questions import parse_questions
from caremarket.rules.roles import Role, Sector

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parents[1] / "fixtures"
MARKETPLACE = Path(settings.SHARED_REFERENCE_DIR) / "frameworks" / "digitalmarketplace"
SYSTEM = Actor.system("tests")


@pytest.fixture
def owners():
    return {code: make_organisation(Sector.BUYER, code=code) for code in ("CCS", "X24", "X26")}


def test_every_fixture_loads_cleanly(owners):
    results = load(FIXTURES, SYSTEM)
    references = {result.reference for _, result in results}
    assert references == {"RM3825", "RM1045", "HSSF", "GPIT-FUTURES", "DCS", "ACS-STP-DPF", "CS-LPF"}
    rm3825 = Agreement.objects.get(reference="RM3825")
    assert (rm3825.kind, rm3825.stage, rm3825.required_standards) == (
        "dps",
        "live",
        ["hscn_compliance", "dspt"],
    )
    assert [lot.title for lot in rm3825.lots.all()] == ["HSCN connectivity services", "HSCN overlay services"]
    assert all(lot.current_rules.procedures == ["further_competition"] for lot in rm3825.lots.all())
    acs = Agreement.objects.get(reference="ACS-STP-DPF")
    assert (acs.lots.count(), acs.fee_percent, acs.review_interval_months) == (8, "1%", 12)
    assert Agreement.objects.get(reference="CS-LPF").lots.count() == 7
    assert Agreement.objects.get(reference="RM1045").status() == "expired"


def test_loading_again_changes_nothing_until_the_definition_changes(owners):
    definition = read_definition(FIXTURES / "rm3825-hscn-dps.yaml")
    agreement_import(actor=SYSTEM, definition=definition, source="test")
    events = AuditEvent.objects.count()
    again = agreement_import(actor=SYSTEM, definition=definition, source="test")
    assert (again.created, again.lots_added, again.lots_changed) == (False, 0, 0)
    assert AuditEvent.objects.count() == events
    definition["lots"][1]["procedures"] = ["further_competition", "direct_award"]
    definition["title"] = "HSCN DPS"
    changed = agreement_import(actor=SYSTEM, definition=definition, source="test")
    assert changed.lots_changed == 1
    lot = Lot.objects.get(agreement__reference="RM3825", number=2)
    assert lot.current_rules.version == 2 and lot.rules_versions.count() == 2
    assert Agreement.objects.get(reference="RM3825").title == "HSCN DPS"


def test_a_bad_definition_is_refused_whole_with_a_row_per_part(owners):
    definition = read_definition(FIXTURES / "rm3825-hscn-dps.yaml")
    definition["owner"] = "NOPE"
    definition["lots"][1]["procedures"] = ["handshake"]
    definition["lots"][1]["questions"] = [{"id": "x", "type": "text"}]
    with pytest.raises(ImportFailed) as raised:
        agreement_import(actor=SYSTEM, definition=definition, source="test")
    rows = {row["row"]: row["problems"] for row in raised.value.problems}
    assert rows["agreement"] == ["owner: there is no organisation with the code 'NOPE'"]
    assert "procedures: Choose further competition, direct award or both" in rows["lot 2"]
    assert any("'text' is needed" in p for p in rows["lot 2"])
    assert not Agreement.objects.exists() and not LotRules.objects.exists()


def test_only_platform_administrators_import(owners):
    manager = actor_for(make_person(roles=[(owners["CCS"], Role.AGREEMENT_MANAGER)]))
    with pytest.raises(PermissionDenied):
        agreement_import(actor=manager, definition=read_definition(FIXTURES / "rm1045-network-services.yaml"))


# --- The Digital Marketplace's public framework definitions --------------------------------------

MINI = {
    "questions/services/lot.yml": """
        question: Service type
        type: radios
        options:
          - {label: Cloud hosting, value: cloud-hosting, description: "Platform <b>and</b> infrastructure"}
          - {label: Cloud support, value: cloud-support}
    """,
    "manifests/edit_submission.yml": """
        - name: About
          questions: [serviceName, multiqPlanning, price]
    """,
    "questions/services/serviceName.yml": """
        question: What’s your service called?
        name: Service name
        type: text
        validations: [{name: answer_required, message: Enter the service name.}]
    """,
    "questions/services/multiqPlanning.yml": """
        name: Planning
        question: Planning
        depends: [{"on": lot, being: [cloud-support]}]
        type: multiquestion
        questions: [planningService, planningServiceDescription]
    """,
    "questions/services/planningService.yml": """
        name: Planning service
        question: Do you provide planning services?
        followup: {planningServiceDescription: [true]}
        type: boolean
        validations: [{name: answer_required, message: Select yes.}]
    """,
    "questions/services/planningServiceDescription.yml": """
        name: How planning works
        question: Describe it.
        hidden: true
        type: textbox_large
        validations: [{name: answer_required, message: Enter it.}]
    """,
    "questions/services/price.yml": """
        name: Price
        question: How much does the service cost?
        type: pricing
        field_defaults: {price_unit: Person, price_interval: Day}
        validations: [{name: answer_required, message: Enter a price.}]
    """,
    "manifests/declaration.yml": """
        - name: Grounds for exclusion
          questions: [bankrupt, serviceId]
    """,
    "questions/declaration/bankrupt.yml": """
        name: Bankruptcy
        question: Have you been bankrupt ([[bankrupt]])?&nbsp;
        type: boolean
        assessment: {passIfIn: [false], discretionary: true}
    """,
    "questions/declaration/serviceId.yml": """
        question: Service id
        type: service_id
    """,
}


@pytest.fixture
def mini_framework(tmp_path):
    folder = tmp_path / "g-cloud-99"
    for name, text in MINI.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text), encoding="utf-8")
    return folder


def test_the_marketplace_format_becomes_lots_and_questions(mini_framework):
    reading = read_framework(
        mini_framework,
        {
            "reference": "RM99",
            "title": "G-Cloud 99",
            "owner": "CCS",
            "starts_on": "2020-01-01",
            "ends_on": "2021-01-01",
        },
    )
    hosting, support = reading.definition["lots"]
    assert (hosting["code"], hosting["description"]) == ("cloud-hosting", "Platform and infrastructure")
    assert [q["id"] for q in hosting["questions"]] == ["serviceName", "price", "bankrupt"]
    assert [q["id"] for q in support["questions"]] == [
        "serviceName",
        "planningService",
        "planningServiceDescription",
        "price",
        "bankrupt",
    ]
    follow_up = support["questions"][2]
    assert follow_up["when"] == {"question": "planningService", "in": [True]}
    price = hosting["questions"][1]
    assert (price["type"], price["unit"]) == ("money", "person per day")
    bankrupt = hosting["questions"][2]
    assert (bankrupt["kind"], bankrupt["pass_if"], bankrupt["discretionary"]) == (
        "declaration",
        [False],
        True,
    )
    assert bankrupt["text"] == "Have you been bankrupt (‘Bankruptcy’)?"
    assert reading.skipped == {"service_id": 1}
    assert parse_questions(support["questions"]).problems == []


def test_an_unknown_marketplace_framework_needs_its_reference(mini_framework):
    with pytest.raises(ImportFailed, match="does not know the framework 'g-cloud-99': give its reference"):
        read_framework(mini_framework)


@pytest.mark.skipif(not MARKETPLACE.is_dir(), reason="the shared reference frameworks are not here")
def test_g_cloud_12_and_dos5_load_with_every_lot_and_question(owners, capsys):
    call_command("import_framework", str(MARKETPLACE))
    out = capsys.readouterr().out
    assert "RM1557.12 created" in out and "RM1043.7 created" in out
    g_cloud = Agreement.objects.get(reference="RM1557.12")
    assert [lot.code for lot in g_cloud.lots.all()] == ["cloud-hosting", "cloud-software", "cloud-support"]
    dos = Agreement.objects.get(reference="RM1043.7")
    assert [lot.title for lot in dos.lots.all()] == [
        "Digital outcomes",
        "Digital specialists",
        "User research studios",
        "User research participants",
    ]
    support = g_cloud.lots.get(code="cloud-support").current_rules
    assert len(support.declarations()) > 50
    assert len(support.application_questions()) > 40
    assert "serviceName" in {q.id for q in support.application_questions()}
    assert g_cloud.status() == "expired"
    assert dos.lots.get(number=2).current_rules.procedures == ["further_competition"]


def test_the_command_reports_a_bad_path(capsys):
    with pytest.raises(SystemExit) as exited:
        call_command("import_framework", "/no/such/place")
    assert exited.value.code == 2
    assert "/no/such/place does not exist" in capsys.readouterr().err
