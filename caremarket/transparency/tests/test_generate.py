"""`caremarket generate releases`: valid UK notices in bulk, their records compiled as publishing
would, anchored in the audit log; and recompiling every record from its releases."""

import pytest
from django.core.management import call_command

from caremarket.audit.published import verify_against_published
from caremarket.core.actor import Actor
from caremarket.transparency import recompile
from caremarket.transparency.generate import generate_releases
from caremarket.transparency.models import Notice, NoticeStatus, Record, Release
from caremarket.transparency.ocds import records, validation

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated():
    return generate_releases(actor=Actor.system("test"), processes=30, releases=160, seed=5)


def test_the_asked_for_numbers_are_generated(generated):
    assert (generated.processes, generated.releases) == (30, 160)
    assert Release.objects.count() == Notice.objects.count() == 160
    assert Record.objects.count() == 30
    assert set(Notice.objects.values_list("status", flat=True)) == {NoticeStatus.PUBLISHED}
    types = set(Notice.objects.values_list("notice_type", flat=True))
    assert {"UK4", "UK6", "UK7", "UK10"} <= types <= {"UK4", "UK6", "UK7", "UK10", "UK11"}


def test_every_generated_release_is_valid_against_the_patched_schema(generated):
    for release in Release.objects.all():
        assert validation.release_errors(release.data) == [], release.release_id
        assert release.data["tag"] == release.tags


def test_each_process_is_a_tender_then_its_award_and_each_record_is_its_compiled_releases(generated):
    for record in Record.objects.all():
        releases = [r.data for r in Release.objects.filter(ocid=record.ocid).order_by("date")]
        assert [r["id"].split("-")[0] for r in releases[:2]] == ["UK4", "UK6"]
        assert record.release_count == len(releases)
        assert record.compiled_release == records.reference_compile_releases(releases)
        compiled = record.compiled_release
        assert compiled["tender"]["items"][0]["classification"]["scheme"] == "CPV"
        assert compiled["awards"] and compiled["tender"]["lots"] and compiled["parties"]


def test_the_generated_notices_have_their_facets(generated):
    notice = Notice.objects.filter(notice_type="UK7").first()
    assert notice.title and notice.cpv_codes and notice.value_amount and notice.buyer_name


def _tenders() -> list[tuple[str, str, object]]:
    rows = Release.objects.filter(release_id__startswith="UK4-").order_by("pk").values_list("data", flat=True)
    return [(d["tender"]["title"], d["date"], d["tender"]["value"]) for d in rows]


def test_the_same_seed_makes_the_same_releases(generated):
    first = _tenders()
    Release.objects.all().delete()
    Record.objects.all().delete()
    Notice.objects.all().delete()
    generate_releases(actor=Actor.system("test"), processes=30, releases=160, seed=5)
    assert _tenders() == first and len(first) == 30


def test_every_generated_release_anchors_the_audit_log(generated):
    report = verify_against_published()
    assert report.ok and report.checked == 160


def test_the_command_generates_releases_and_keeps_the_catalogue_default(capsys):
    call_command("generate", "releases", "--processes", "3", "--releases", "10", "--seed", "1")
    assert "Generated 10 releases in 3 processes" in capsys.readouterr().out
    assert Release.objects.count() == 10
    with pytest.raises(SystemExit):
        call_command("generate", "releases", "--processes", "5", "--releases", "6")


def test_recompiling_finds_nothing_to_change_and_repairs_a_record(generated):
    result = recompile.recompile_records()
    assert (result.records, result.releases, result.changed) == (30, 160, 0)
    record = Record.objects.order_by("pk").first()
    expected = record.compiled_release
    Record.objects.filter(pk=record.pk).update(compiled_release={"ocid": record.ocid})
    assert recompile.recompile_records().changed == 1
    record.refresh_from_db()
    assert record.compiled_release == expected
    assert recompile.recompile_records(force=True).changed == 30
