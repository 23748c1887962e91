"""OCDS 1.1 with the UK profile, offline: the merge patch, the vendored schema, validation,
record compilation against the official samples, and releases built for every notice type."""

import copy
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings

from caremarket.rules.notices import notice_codes, notice_type
from caremarket.transparency.factories import example_content
from caremarket.transparency.ocds import builder, profile, records, validation

OCDS_DIR = Path(settings.SHARED_REFERENCE_DIR) / "ocds"
SAMPLES = OCDS_DIR / "samples"
needs_reference = pytest.mark.skipif(
    not (OCDS_DIR / "release-schema.json").is_file(),
    reason="no OCDS reference copy (../shared/reference/ocds)",
)
PUBLISHED = datetime(2026, 12, 2, 10, 30, tzinfo=UTC)


def _load(name: str) -> dict:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


# --- JSON Merge Patch (RFC 7386) --------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "patch", "result"),
    [
        # The RFC's appendix A examples.
        ({"a": "b"}, {"a": "c"}, {"a": "c"}),
        ({"a": "b"}, {"b": "c"}, {"a": "b", "b": "c"}),
        ({"a": "b"}, {"a": None}, {}),
        ({"a": "b", "b": "c"}, {"a": None}, {"b": "c"}),
        ({"a": ["b"]}, {"a": "c"}, {"a": "c"}),
        ({"a": "c"}, {"a": ["b"]}, {"a": ["b"]}),
        ({"a": {"b": "c"}}, {"a": {"b": "d", "c": None}}, {"a": {"b": "d"}}),
        ({"a": [{"b": "c"}]}, {"a": [1]}, {"a": [1]}),
        (["a", "b"], ["c", "d"], ["c", "d"]),
        ({"a": "b"}, ["c"], ["c"]),
        ({"a": "foo"}, None, None),
        ({"a": "foo"}, "bar", "bar"),
        ({"e": None}, {"a": 1}, {"e": None, "a": 1}),
        ([1, 2], {"a": "b", "c": None}, {"a": "b"}),
        ({}, {"a": {"bb": {"ccc": None}}}, {"a": {"bb": {}}}),
        # OCDS extensions: a type list is replaced whole, and a `null` removes a required field.
        (
            {"type": ["string"], "required": ["id"]},
            {"type": ["string", "null"], "required": None},
            {"type": ["string", "null"]},
        ),
    ],
)
def test_merge_patch(target, patch, result):
    before = copy.deepcopy(target)
    assert profile.merge_patch(target, patch) == result
    assert target == before  # the target is not changed


# --- The profile ------------------------------------------------------------------------------


@needs_reference
def test_the_vendored_schema_is_a_fresh_build_of_the_reference_copies():
    built = profile.build_profile(settings.SHARED_REFERENCE_DIR)
    for name, text in built.files().items():
        assert (profile.VENDORED_DIR / name).read_text(encoding="utf-8") == text, (
            f"{name} is stale: run `caremarket ocds build-schema`"
        )


@needs_reference
def test_extensions_are_the_uk_extension_and_its_dependencies_in_order():
    uk = json.loads((OCDS_DIR / "extensions" / "uk" / "extension.json").read_text())
    assert profile.vendored_profile().extensions == [*uk["dependencies"], profile.UK_EXTENSION_URL]
    # Declared exactly as Find a Tender declares the UK extension (the extension.json URL).
    assert (
        profile.UK_EXTENSION_URL
        == "https://raw.githubusercontent.com/cabinetoffice/ocds_uk_extension/main/extension.json"
    )


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_every_local_reference_in_the_patched_schema_resolves():
    schema = profile.vendored_profile().schemas["release"]
    for ref in _refs(schema):
        assert ref.startswith("#/definitions/"), ref
        assert ref.removeprefix("#/definitions/") in schema["definitions"], f"{ref} is dangling"


def test_the_patched_schema_has_the_uk_fields_and_the_dependencies():
    definitions = profile.vendored_profile().schemas["release"]["definitions"]
    assert "noticeType" in definitions["Document"]["properties"]  # UK
    assert {"aboveThreshold", "specialRegime", "techniques", "suitability", "otherRequirements"} <= set(
        definitions["Tender"]["properties"]
    )
    assert {"Bid", "Communication", "Location", "PerformanceFailure", "Subcontract", "AwardCriteria"} <= set(
        definitions
    )


def test_codelists_carry_the_uk_additions():
    assert {
        "marketEngagementNotice",
        "tenderCancellationNotice",
        "contractTerminationNotice",
        "implementationNotice",
    } <= profile.codes("documentType")
    assert "tenderNotice" in profile.codes("documentType")  # the core codes stay
    assert profile.codes("releaseTag") >= {"planning", "tender", "award", "contract", "contractTermination"}


# --- Validation -------------------------------------------------------------------------------

SAMPLE_FILES = sorted(p.name for p in SAMPLES.glob("*.json")) if SAMPLES.is_dir() else []


@needs_reference
@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_every_sample_package_validates_against_the_uk_profile(name):
    # OCDS objects allow extra fields, so the Contracts Finder files' and the framework examples'
    # fields from extensions outside the profile (process title, competitive) do not fail.
    assert validation.package_errors(_load(name)) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda r: r.update(date="2 December 2026"),
            "releases/0/date: '2 December 2026' is not a 'date-time'",
        ),
        (lambda r: r.update(tag=["notice"]), "releases/0/tag/0: 'notice' is not one of"),
        (lambda r: r["tender"].pop("id"), "releases/0/tender: 'id' is a required property"),
        (
            lambda r: r["tender"]["documents"][0].update(noticeType=7),
            "noticeType: 7 is not of type 'string', 'null'",
        ),
        (
            lambda r: r["tender"].update(aboveThreshold="yes"),
            "aboveThreshold: 'yes' is not of type 'boolean'",
        ),
    ],
)
def test_an_invalid_release_is_refused_with_the_reason(change, message):
    release = _built("UK4")
    change(release)
    package = builder.release_package([release], uri="https://caremarket.example/x", published=PUBLISHED)
    problems = validation.package_errors(package)
    assert any(message in problem for problem in problems), problems


# --- Records: the official samples compile to their published records --------------------------


@needs_reference
def test_the_fictional_release_package_compiles_to_its_record():
    releases = _load("sample-data-fictional-ocds-213czf-000-00001-release-package.json")["releases"]
    (published,) = _load("sample-data-fictional-ocds-213czf-000-00001-record-package.json")["records"]
    assert records.compile_releases(releases) == published["compiledRelease"]


@needs_reference
def test_the_tender_amendment_record_compiles_from_its_releases():
    (record,) = _load("standard-amendments-tender-record-package.json")["records"]
    assert records.compile_releases(record["releases"]) == record["compiledRelease"]
    assert records.merger().create_versioned_release(record["releases"]) == record["versionedRelease"]


@needs_reference
def test_the_contract_amendment_record_compiles_from_its_releases_but_for_one_rationale():
    # The published sample's compiledRelease has a different amendment rationale ("Increased scope
    # of goods required.") from the one its own release carries ("After negociations with the
    # supplier, ..."): the sample was edited by hand. Everything else compiles exactly.
    (record,) = _load("standard-amendments-contract-record-package.json")["records"]
    compiled = records.compile_releases(record["releases"])
    expected = copy.deepcopy(record["compiledRelease"])
    assert expected["contracts"][0]["amendments"][0]["rationale"] == "Increased scope of goods required."
    assert (
        compiled["contracts"][0]["amendments"][0]["rationale"]
        == (record["releases"][1]["contracts"][0]["amendments"][0]["rationale"])
    )
    expected["contracts"][0]["amendments"][0]["rationale"] = compiled["contracts"][0]["amendments"][0][
        "rationale"
    ]
    assert compiled == expected


@needs_reference
@pytest.mark.parametrize(
    "releases",
    [
        pytest.param(
            lambda: _load("sample-data-fictional-ocds-213czf-000-00001-release-package.json")["releases"],
            id="fictional",
        ),
        pytest.param(
            lambda: _load("standard-amendments-tender-record-package.json")["records"][0]["releases"],
            id="tender-amendment",
        ),
        pytest.param(
            lambda: _load("standard-amendments-contract-record-package.json")["records"][0]["releases"],
            id="contract-amendment",
        ),
    ],
)
def test_merging_one_release_at_a_time_equals_a_full_compile(releases):
    releases = sorted(releases(), key=lambda r: r["date"])
    compiled = None
    for release in releases:
        compiled = records.merge_release(compiled, release)
    assert compiled == records.compile_releases(releases)


def test_whole_list_merge_from_the_patched_schema_is_honoured():
    rules = records.merge_rules()
    # Core: an array of strings merges whole; from the profile's extensions too.
    assert rules[("tag",)] == "omitWhenMerged"
    whole = {path for path, rule in rules.items() if rule == "wholeListMerge"}
    assert ("parties", "roles") in whole
    first = {
        "ocid": "o",
        "id": "1",
        "date": "2026-01-01T00:00:00Z",
        "tag": ["tender"],
        "parties": [{"id": "p", "roles": ["buyer", "payer"]}],
    }
    second = {
        "ocid": "o",
        "id": "2",
        "date": "2026-02-01T00:00:00Z",
        "tag": ["tenderUpdate"],
        "parties": [{"id": "p", "roles": ["buyer"]}],
    }
    assert records.merge_release(records.merge_release(None, first), second)["parties"] == [
        {"id": "p", "roles": ["buyer"]}
    ]
    # The location extension marks tender.deliveryLocations `wholeListMerge`: a later release's list
    # replaces the earlier one whole (by the identifier rule the two locations would both be kept).
    assert {("tender", "deliveryLocations"), ("tender", "deliveryAddresses")} <= whole
    first["tender"] = {"id": "t", "deliveryLocations": [{"id": "1", "description": "Chelmsford"}]}
    second["tender"] = {"id": "t", "deliveryLocations": [{"id": "2", "description": "Basildon"}]}
    merged = records.merge_release(records.merge_release(None, first), second)
    assert merged["tender"]["deliveryLocations"] == [{"id": "2", "description": "Basildon"}]
    assert records.compile_releases([first, second]) == merged


# --- The release builder ------------------------------------------------------------------------


def _built(code: str, *, correction: bool = False, release_id: str = "") -> dict:
    kind = notice_type(code, PUBLISHED.date())
    return builder.build_release(
        ocid=builder.ocid_for("CMP-000123"),
        release_id=release_id or builder.release_id_for(code, 42),
        published=PUBLISHED,
        kind=kind,
        content=example_content(code),
        buyer=builder.Party(code="QH8", name="Mid and South Essex ICB"),
        notice_url="https://caremarket.example/transparency/notices/42",
        correction=correction,
    )


@pytest.mark.parametrize("code", notice_codes())
@pytest.mark.parametrize("correction", [False, True])
def test_a_release_built_for_every_notice_type_validates(code, correction):
    release = _built(code, correction=correction)
    kind = notice_type(code, PUBLISHED.date())
    assert validation.release_errors(release) == []
    assert release["tag"] == kind.release_tags(correction=correction)
    (document,) = release["tender"]["documents"]
    assert document["noticeType"] == code
    assert document["documentType"] == kind.document_type
    assert kind.citation in document["description"]
    package = builder.release_package([release], uri="https://caremarket.example/p", published=PUBLISHED)
    assert validation.release_package_errors(package) == []


def test_release_shape():
    release = _built("UK7")
    assert release["ocid"] == "ocds-caremarket-CMP-000123"
    assert release["id"] == "UK7-000042"
    assert release["date"] == "2026-12-02T10:30:00Z"
    assert release["initiationType"] == "tender"
    assert release["buyer"] == {"id": "GB-NHS-QH8", "name": "Mid and South Essex ICB"}
    assert [p["id"] for p in release["parties"]] == ["GB-COH-01234567", "GB-NHS-QH8"]
    assert release["tender"]["id"] == release["ocid"]


def test_the_ocid_prefix_is_a_setting(settings):
    settings.CAREMARKET_OCID_PREFIX = "ocds-abc123"
    assert builder.ocid_for("CT-7") == "ocds-abc123-CT-7"
    with pytest.raises(builder.ReleaseBuildError):
        builder.ocid_for("  ")


def test_content_cannot_take_the_builders_fields():
    kind = notice_type("UK4", PUBLISHED.date())
    with pytest.raises(builder.ReleaseBuildError, match="cannot set id, tag"):
        builder.build_release(
            ocid="o",
            release_id="r",
            published=PUBLISHED,
            kind=kind,
            content={"id": "x", "tag": ["award"]},
            buyer=builder.Party(code="QH8", name="ICB"),
            notice_url="u",
        )


def test_package_metadata_declares_the_uk_profile():
    package = builder.record_package([], uri="https://caremarket.example/r", published=PUBLISHED)
    assert package["version"] == "1.1"
    assert package["license"] == "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
    assert package["publisher"]["name"] == "Caremarket"
    assert package["publicationPolicy"].endswith("/notices/publication-policy")
    assert package["extensions"][-1] == profile.UK_EXTENSION_URL
    assert all(url.endswith("/extension.json") for url in package["extensions"])


def test_a_process_record_built_from_builder_releases_validates():
    releases = [
        _built("UK4", release_id="UK4-000001"),
        {**_built("UK6", release_id="UK6-000002"), "date": "2027-02-01T10:00:00Z"},
        {**_built("UK7", release_id="UK7-000003"), "date": "2027-02-21T10:00:00Z"},
    ]
    compiled = None
    for release in releases:
        compiled = records.merge_release(compiled, release)
    assert compiled == records.compile_releases(releases)
    record = records.record(releases[0]["ocid"], releases, compiled)
    assert validation.record_errors(record) == []
    package = builder.record_package([record], uri="https://caremarket.example/r", published=PUBLISHED)
    assert validation.record_package_errors(package) == []
    # The compiled release keeps every notice's document (merged by id) and the latest tag list.
    assert [d["noticeType"] for d in compiled["tender"]["documents"]] == ["UK4", "UK6", "UK7"]
    assert compiled["tag"] == ["compiled"]


# --- The command line ---------------------------------------------------------------------------


@needs_reference
def test_the_vendored_schema_is_checked_and_samples_validate_from_the_command_line(capsys):
    from django.core.management import call_command

    call_command("ocds", "build-schema", "--check")
    call_command(
        "ocds", "validate", str(SAMPLES / "sample-data-fictional-ocds-213czf-000-00001-release-package.json")
    )
    out = capsys.readouterr().out
    assert "The vendored OCDS schema is up to date." in out
    assert "release-package.json: valid" in out
