from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from caremarket.audit.models import AuditEvent
from caremarket.core.errors import ImportFailed, PermissionDenied
from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.orgs.models import CareSystem, Organisation
from caremarket.orgs.ods_import import import_organisations, ods_title
from caremarket.rules.roles import Role

pytestmark = pytest.mark.django_db

DEMO_DATA = Path(settings.BASE_DIR) / "caremarket" / "demo" / "data"
REFERENCE = Path(settings.SHARED_REFERENCE_DIR) / "nhs-orgs"


def _ods_file(tmp_path, *rows: str) -> Path:
    path = tmp_path / "orgs.csv"
    path.write_text("\n".join(rows) + "\n")
    return path


GOOD = '"RGR","WEST SUFFOLK NHS FOUNDATION TRUST","Y61","QJG","WEST SUFFOLK HOSPITAL","HARDWICK LANE","","BURY ST. EDMUNDS","","IP33 2QZ","19930401","","","","","","","","","","","1","","G","","",""'  # noqa: E501
BAD_REGION = '"RDE","EAST SUFFOLK AND NORTH ESSEX NHS FOUNDATION TRUST","Y99","QJG","","","","","","CO4 5JL","19920401","","","","","","","","","","","1","","G","","",""'  # noqa: E501
BAD_DATE = '"R0A","MANCHESTER UNIVERSITY NHS FOUNDATION TRUST","Y62","QOP","","","","","","M13 9WL","2017-10-01","","","","","","","","","","","1","","B","","",""'  # noqa: E501


def test_icbs_then_trusts_and_commissioners_load_with_regions(system):
    icbs = import_organisations(DEMO_DATA / "icbs.csv", actor=system)
    assert icbs.kind == "icb" and icbs.created == icbs.rows > 0
    trusts = import_organisations(DEMO_DATA / "trusts.csv", actor=system)
    assert trusts.created == trusts.rows
    import_organisations(DEMO_DATA / "commissioners.csv", actor=system)
    rgr = Organisation.objects.get(code="RGR")
    assert (rgr.name, rgr.region, rgr.org_type) == ("West Suffolk NHS Foundation Trust", "east", "trust")
    assert rgr.care_system.code == "QJG"
    assert CareSystem.objects.get(code="QJG").region == "east"
    assert Organisation.objects.get(code="QJG").region == "east"  # the ICB takes its region too
    assert Organisation.objects.get(code="06L").org_type == "sub_icb"


def test_importing_the_same_file_again_changes_nothing(system):
    import_organisations(DEMO_DATA / "trusts.csv", actor=system)
    events = AuditEvent.objects.count()
    again = import_organisations(DEMO_DATA / "trusts.csv", actor=system)
    assert again.created == 0 and again.updated == 0 and again.unchanged == again.rows
    assert AuditEvent.objects.count() == events


@pytest.mark.skipif(
    not (REFERENCE / "etr.csv").exists(), reason="the shared NHS organisation lists are not present"
)
def test_the_full_national_list_loads(system):
    import_organisations(REFERENCE / "icb_names_codes_dec_2024.csv", actor=system)
    trusts = import_organisations(REFERENCE / "etr.csv", actor=system)
    commissioners = import_organisations(REFERENCE / "eccg.csv", actor=system)
    assert trusts.rows == 273 and commissioners.rows == 320
    assert Organisation.objects.filter(closed_on__isnull=True, org_type="trust").count() == 205
    assert CareSystem.objects.exclude(region="").count() == 42


def test_bad_rows_refuse_the_whole_file_with_a_message_per_row(system, tmp_path):
    path = _ods_file(tmp_path, GOOD, BAD_REGION, BAD_DATE, '"X"')
    with pytest.raises(ImportFailed) as raised:
        import_organisations(path, actor=system)
    problems = {p["row"]: p["problems"] for p in raised.value.problems}
    assert problems == {
        2: ["column 3 (region): 'Y99' is not an NHS England region code (Y56–Y63)"],
        3: ["column 11 (open date): '2017-10-01' is not a date in the form YYYYMMDD"],
        4: ["has 1 columns; an ODS file has 27"],
    }
    assert raised.value.message == "3 rows could not be read, so nothing was imported (1 rows were fine)"
    assert not Organisation.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_code_twice_in_one_file_is_refused(system, tmp_path):
    with pytest.raises(ImportFailed) as raised:
        import_organisations(_ods_file(tmp_path, GOOD, GOOD), actor=system)
    assert raised.value.problems[0]["problems"] == ["column 1 (code): RGR also appears on row 1"]


def test_a_row_refused_while_writing_rolls_back_everything(system, tmp_path):
    make_organisation("supplier", code="RDE")  # an existing supplier cannot be made a trust
    second = GOOD.replace('"RGR"', '"RDE"')
    with pytest.raises(ImportFailed, match=r"Row 2 .RDE. was refused, so nothing was imported"):
        import_organisations(_ods_file(tmp_path, GOOD, second), actor=system)
    assert not Organisation.objects.filter(code="RGR").exists()


def test_only_platform_admins_import(tmp_path):
    buyer = actor_for(make_person(roles=[(make_organisation(), Role.ORG_ADMIN)]))
    with pytest.raises(PermissionDenied):
        import_organisations(_ods_file(tmp_path, GOOD), actor=buyer)


def test_the_command_shows_progress_and_a_summary(capsys):
    call_command("import_orgs", str(DEMO_DATA / "trusts.csv"))
    out = capsys.readouterr().out
    assert "trusts.csv" in out
    assert "20/20" in out  # the progress bar, finished
    assert "20 rows — 20 created, 0 updated, 0 unchanged" in out


def test_the_command_lists_bad_rows_and_exits_non_zero(tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        call_command("import_orgs", str(_ods_file(tmp_path, GOOD, BAD_REGION)))
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "import_failed" in err and "Y99" in err
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    ("ods", "shown"),
    [
        ("NHS STAFFORDSHIRE AND STOKE-ON-TRENT ICB - 05G", "NHS Staffordshire and Stoke-on-Trent ICB - 05G"),
        ("KINGSTON - SUB-ICB REPORTING ENTITY", "Kingston - Sub-ICB Reporting Entity"),
        ("GUY'S AND ST THOMAS' NHS FOUNDATION TRUST", "Guy's and St Thomas' NHS Foundation Trust"),
        ("THE ROYAL MARSDEN NHS FOUNDATION TRUST", "The Royal Marsden NHS Foundation Trust"),
        ("Already Nicely Written", "Already Nicely Written"),
    ],
)
def test_ods_names_are_shown_as_people_write_them(ods, shown):
    assert ods_title(ods) == shown
