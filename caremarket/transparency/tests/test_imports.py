"""Importing other publishers' OCDS: the Contracts Finder samples and the other sample packages,
exported back out valid and unchanged; idempotent re-import; broken files refused whole; the
CLI's exit codes; the API route; and the pure rules behind it."""

import copy
import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from caremarket.audit.models import AuditEvent
from caremarket.core.actor import Actor
from caremarket.core.errors import ImportFailed, PermissionDenied, ValidationFailed
from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.rules.ocds_imports import (
    ImportLimits,
    imported_notice_type,
    json_depth_exceeds,
    linked_release_id,
    source_publisher_name,
)
from caremarket.rules.roles import Role, Sector
from caremarket.transparency.imports import ocds_import
from caremarket.transparency.models import Notice, NoticeSource, NoticeStatus, Record, Release
from caremarket.transparency.ocds import records, validation

pytestmark = pytest.mark.django_db
SAMPLES = Path(settings.SHARED_REFERENCE_DIR) / "ocds" / "samples"
CONTRACTS_FINDER = sorted(SAMPLES.glob("contracts-finder-*.json"))
# Every sample that is a release package, or a record package with its releases embedded.
SELF_CONTAINED = sorted(
    p
    for p in SAMPLES.glob("*.json")
    if p.name != "sample-data-fictional-ocds-213czf-000-00001-record-package.json"
)
SYSTEM = Actor.system("tests")


def _samples_present():
    if len(CONTRACTS_FINDER) != 3:
        pytest.skip("the OCDS reference samples are not here")


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _releases_in(package: dict) -> list[dict]:
    if "releases" in package:
        return package["releases"]
    return [r for record in package["records"] for r in record["releases"]]


def _export(*args) -> dict:
    out = io.StringIO()
    call_command("ocds", "export", *args, stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


def _key(release: dict) -> tuple[str, str]:
    return release["ocid"], release["id"]


def test_the_three_contracts_finder_samples_import_and_export_back_valid_and_unchanged():
    _samples_present()
    for path in CONTRACTS_FINDER:
        summary = ocds_import(actor=SYSTEM, filename=path.name, content=path.read_bytes())
        assert (summary.created, summary.skipped, summary.source_publisher) == (1, 0, "Contracts Finder")
        assert summary.by_type == {"tender": 1}
    inputs = [r for path in CONTRACTS_FINDER for r in _releases_in(_load(path))]
    exported = _export("--source", "imported")
    assert validation.package_errors(exported) == []
    assert sorted(exported["releases"], key=_key) == sorted(inputs, key=_key)
    # Each is an imported notice, searchable by its facets, with no publishing organisation.
    dental = Notice.objects.get(ocid="ocds-b5fd17raw-b1064c59-4875-4d83-81ba-a3ccf1405156")
    assert dental.source == NoticeSource.IMPORTED and dental.publisher is None
    assert dental.status == NoticeStatus.PUBLISHED
    assert dental.title.startswith("Provision of General Dental Services")
    assert dental.buyer_name == "NHS Arden and Greater East Midlands Commissioning Support Unit"
    assert dental.published_at.isoformat() == "2019-05-27T00:00:00+00:00"
    assert dental.source_publisher == "Contracts Finder"
    assert dental.release.source == NoticeSource.IMPORTED
    record = Record.objects.get(ocid=dental.ocid)
    assert record.source == NoticeSource.IMPORTED and record.release_count == 1
    # The record export validates too, its releases embedded.
    records_out = _export("--source", "imported", "--records", "--ocid", dental.ocid)
    assert validation.package_errors(records_out) == []
    assert [r["ocid"] for r in records_out["records"]] == [dental.ocid]


def test_every_self_contained_sample_imports_and_exports_unchanged_and_records_compile():
    _samples_present()
    inputs = []
    for path in SELF_CONTAINED:
        ocds_import(actor=SYSTEM, filename=path.name, content=path.read_bytes())
        inputs += _releases_in(_load(path))
    exported = _export("--source", "imported")
    assert validation.package_errors(exported) == []
    assert sorted(exported["releases"], key=_key) == sorted(inputs, key=_key)
    fictional = Record.objects.get(ocid="ocds-213czf-000-00001")
    releases = list(Release.objects.filter(ocid=fictional.ocid).values_list("data", flat=True))
    assert fictional.compiled_release == records.compile_releases(releases)
    assert fictional.release_count == 6
    # The record package that only links those releases now imports too (nothing new in it).
    linked = SAMPLES / "sample-data-fictional-ocds-213czf-000-00001-record-package.json"
    summary = ocds_import(actor=SYSTEM, filename=linked.name, content=linked.read_bytes())
    assert (summary.created, summary.skipped) == (0, 6)
    # Caremarket's own feed stays Caremarket's.
    assert _export("--source", "platform")["releases"] == []


def test_a_record_package_that_only_links_releases_not_imported_is_refused():
    _samples_present()
    linked = SAMPLES / "sample-data-fictional-ocds-213czf-000-00001-record-package.json"
    with pytest.raises(ImportFailed) as refused:
        ocds_import(actor=SYSTEM, filename=linked.name, content=linked.read_bytes())
    assert "only linked" in refused.value.details["errors"][0]
    assert Notice.objects.count() == 0


def test_re_import_is_idempotent_and_different_content_is_refused():
    _samples_present()
    path = CONTRACTS_FINDER[0]
    ocds_import(actor=SYSTEM, filename=path.name, content=path.read_bytes())
    again = ocds_import(actor=SYSTEM, filename=path.name, content=path.read_bytes())
    assert (again.created, again.skipped) == (0, 1)
    assert Release.objects.count() == 1
    changed = _load(path)
    changed["releases"][0]["tender"]["title"] = "Something else"
    with pytest.raises(ImportFailed) as refused:
        ocds_import(actor=SYSTEM, filename="changed.json", content=json.dumps(changed).encode())
    assert "imported before with different content" in refused.value.details["errors"][0]
    assert Release.objects.count() == 1
    events = AuditEvent.objects.filter(action="ocds.imported").order_by("seq")
    assert [e.after["created"] for e in events] == [1, 0]


def _package(*releases, **meta) -> dict:
    return {
        "uri": "https://www.find-tender.service.gov.uk/api/1.0/ocdsReleasePackages",
        "publishedDate": "2026-01-01T00:00:00Z",
        "publisher": {"name": "Cabinet Office"},
        "version": "1.1",
        **meta,
        "releases": list(releases),
    }


def _release(n: int, **extra) -> dict:
    return {
        "ocid": "ocds-h6vhtk-0001b4",
        "id": f"00000{n}-2026",
        "date": f"2026-01-0{n}T00:00:00Z",
        "tag": ["tender"],
        "initiationType": "tender",
        **extra,
    }


def test_a_bad_release_names_its_number_id_and_field_and_nothing_is_saved():
    bad = _release(3, tender={"id": "t", "value": {"amount": "abc", "currency": "GBP"}})
    package = _package(_release(1), _release(2), bad, {"id": "no-ocid", "date": "2026-01-04T00:00:00Z"})
    with pytest.raises(ImportFailed) as refused:
        ocds_import(actor=SYSTEM, filename="fat.json", content=json.dumps(package).encode())
    errors = refused.value.details["errors"]
    assert errors[0].startswith("release 3 (000003-2026): tender.value.amount: 'abc' is not of type 'number'")
    assert any(e.startswith("release 4 (no-ocid): (top): 'ocid' is a required property") for e in errors)
    assert [row["row"] for row in refused.value.details["rows"]] == [3, 4]
    assert Notice.objects.count() == Release.objects.count() == Record.objects.count() == 0
    assert not AuditEvent.objects.filter(action="ocds.imported").exists()


def test_a_find_a_tender_release_keeps_its_uk_notice_type():
    release = _release(
        1,
        tender={
            "id": "t",
            "title": "Community nursing",
            "documents": [{"id": "1", "documentType": "tenderNotice", "noticeType": "UK4"}],
        },
    )
    summary = ocds_import(actor=SYSTEM, filename="fat.json", content=json.dumps(_package(release)).encode())
    assert summary.by_type == {"UK4": 1} and summary.source_publisher == "Find a Tender"
    notice = Notice.objects.get()
    assert (notice.notice_type, notice.regime, notice.title) == (
        "UK4",
        "procurement_act_2023",
        "Community nursing",
    )
    assert notice.legal_basis


@pytest.mark.parametrize(
    ("content", "refused_for"),
    [
        (b"{not json", "not_json"),
        (b"", "empty"),
        (b"\xff\xfe{}", "not_utf8"),
        (b'{"releases": [{"ocid": NaN}]}', "not_json"),
        (b"[1, 2, 3]", "wrong_type"),
        (b'{"uri": "x", "packages": []}', "wrong_type"),
        (b'{"releases": ' + b"[" * 40 + b"]" * 40 + b"}", "depth"),
        (b"[" * 1000 + b"]" * 1000, "depth"),
        (b" " * 2048 + b"{}", "bytes"),
    ],
)
def test_a_broken_file_is_refused_with_a_reason_and_nothing_saved(content, refused_for):
    limits = ImportLimits(max_bytes=2048, max_releases=5)
    with pytest.raises(ValidationFailed) as refused:
        ocds_import(actor=SYSTEM, filename="broken.json", content=content, limits=limits)
    assert refused.value.details["refused_for"] == refused_for
    assert refused.value.message
    assert Notice.objects.count() == 0


def test_too_many_releases_and_our_own_prefix_are_refused():
    many = _package(*[_release(n) for n in range(1, 8)])
    with pytest.raises(ValidationFailed, match="at most 5"):
        ocds_import(
            actor=SYSTEM,
            filename="many.json",
            content=json.dumps(many).encode(),
            limits=ImportLimits(max_releases=5),
        )
    own = _package(_release(1, ocid=f"{settings.CAREMARKET_OCID_PREFIX}-CMP-1"))
    with pytest.raises(ImportFailed, match="nothing was imported") as refused:
        ocds_import(actor=SYSTEM, filename="own.json", content=json.dumps(own).encode())
    assert "only Caremarket publishes those" in refused.value.details["errors"][0]
    twice = _package(_release(1), _release(1, tag=["award"]))
    with pytest.raises(ImportFailed) as refused:
        ocds_import(actor=SYSTEM, filename="twice.json", content=json.dumps(twice).encode())
    assert "in the file twice" in refused.value.details["errors"][0]


def test_only_platform_administrators_import():
    buyer = make_organisation(Sector.BUYER, code="QH8", name="Mid and South Essex ICB")
    lead = make_person(email="lead@imports.example", roles=[(buyer, Role.PROCUREMENT_LEAD)])
    with pytest.raises(PermissionDenied):
        ocds_import(
            actor=actor_for(lead, buyer),
            filename="x.json",
            content=json.dumps(_package(_release(1))).encode(),
        )


def test_the_cli_imports_each_file_and_exits_non_zero_if_any_failed(tmp_path):
    _samples_present()
    broken = tmp_path / "broken.json"
    broken.write_text('{"releases": [{"id": "x"}]}')
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command(
            "ocds",
            "import",
            str(CONTRACTS_FINDER[0]),
            str(broken),
            str(CONTRACTS_FINDER[1]),
            stdout=out,
            stderr=err,
        )
    assert exited.value.code == 2
    assert out.getvalue().count("1 imported, 0 already here") == 2
    assert "broken.json: refused" in err.getvalue() and "'ocid' is a required property" in err.getvalue()
    assert Release.objects.count() == 2
    out = io.StringIO()
    call_command("ocds", "import", *map(str, CONTRACTS_FINDER), stdout=out, stderr=io.StringIO())
    assert out.getvalue().count("0 imported, 1 already here") == 2
    assert Release.objects.count() == 3
    target = tmp_path / "out.json"
    call_command("ocds", "export", "--source", "imported", "--output", str(target), stderr=io.StringIO())
    assert len(json.loads(target.read_text())["releases"]) == 3
    with pytest.raises(SystemExit) as exited:
        call_command(
            "ocds", "import", str(tmp_path / "missing.json"), stdout=io.StringIO(), stderr=io.StringIO()
        )
    assert exited.value.code == 1


def test_the_api_imports_for_a_platform_admin_and_refuses_a_bad_file_with_its_errors():
    from caremarket.orgs.services import api_token_create

    platform = make_organisation(Sector.PLATFORM, code="PLT", name="Caremarket platform")
    admin = make_person(email="admin@imports.example", roles=[(platform, Role.PLATFORM_ADMIN)])
    _, secret = api_token_create(actor=actor_for(admin), name="imports")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    good = json.dumps(_package(_release(1))).encode()
    response = Client().post(
        "/api/v1/ocds/imports", {"file": SimpleUploadedFile("fat.json", good, "application/json")}, **auth
    )
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 1 and response.json()["package_type"] == "release package"
    bad = json.dumps(_package(_release(2, tag="tender"))).encode()
    response = Client().post(
        "/api/v1/ocds/imports", {"file": SimpleUploadedFile("bad.json", bad, "application/json")}, **auth
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "import_failed"
    assert body["details"]["errors"][0].startswith("release 1 (000002-2026): tag:")
    assert Release.objects.count() == 1
    anonymous = Client().post("/api/v1/ocds/imports", {"file": SimpleUploadedFile("x.json", good)})
    assert anonymous.status_code == 401


@pytest.mark.parametrize(
    ("package", "name"),
    [
        (
            {"publisher": {"name": "EU SUPPLY LIMITED", "uri": "https://www.contractsfinder.service.gov.uk"}},
            "Contracts Finder",
        ),
        (
            {
                "uri": "https://www.find-tender.service.gov.uk/api/1.0/x",
                "publisher": {"name": "Cabinet Office"},
            },
            "Find a Tender",
        ),
        ({"publisher": {"name": "  Open   Contracting Partnership "}}, "Open Contracting Partnership"),
        ({"publisher": "nonsense"}, "Unknown publisher"),
        ({}, "Unknown publisher"),
    ],
)
def test_source_publisher_name(package, name):
    assert source_publisher_name(package) == name


@pytest.mark.parametrize(
    ("release", "code"),
    [
        ({"tender": {"documents": [{"noticeType": "UK6"}]}, "tag": ["award"]}, "UK6"),
        ({"awards": [{"documents": [{"noticeType": "UK7"}]}], "tag": ["contract"]}, "UK7"),
        ({"tender": {"documents": [{"documentType": "tenderNotice"}]}, "tag": ["tender"]}, "tender"),
        ({"tag": ["planningUpdate", "tender"]}, "planningUpdate"),
        ({"tag": []}, "release"),
        ({"tender": "odd", "tag": "odd"}, "release"),
    ],
)
def test_imported_notice_type(release, code):
    assert imported_notice_type(release) == code


@pytest.mark.parametrize(
    ("value", "limit", "exceeds"),
    [
        ({}, 1, False),
        ({"a": {}}, 1, True),
        ({"a": [1, {"b": 2}]}, 3, False),
        ({"a": [1, {"b": []}]}, 3, True),
    ],
)
def test_json_depth_exceeds(value, limit, exceeds):
    assert json_depth_exceeds(copy.deepcopy(value), limit) is exceeds


@pytest.mark.parametrize(
    ("linked", "release_id"),
    [
        ({"url": "https://x.example/p.json#ocds-1-01"}, "ocds-1-01"),
        ({"url": "https://x.example/p.json"}, ""),
        ({}, ""),
    ],
)
def test_linked_release_id(linked, release_id):
    assert linked_release_id(linked) == release_id
