"""`fastmerge` gives exactly what ocdsmerge gives: on the official samples, on releases of every
notice type, and on generated releases (random nesting, ids, nulls, `wholeListMerge` paths). The
results are compared as JSON text, so even the order of fields is the same."""

import copy
import json
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from ocdsmerge.exceptions import OCDSMergeError

from caremarket.rules.notices import notice_codes, notice_type
from caremarket.transparency.factories import example_content
from caremarket.transparency.ocds import builder, fastmerge, records

SAMPLES = Path(settings.SHARED_REFERENCE_DIR) / "ocds" / "samples"
needs_samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="no OCDS samples (../shared/reference)")


def _text(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _outcome(function, *args):
    """The result as JSON text, or the class of the error raised. Each call has its own copy of
    the arguments (ocdsmerge itself changes a release in one odd case: an array of values followed
    by an array of objects at the same path)."""
    args = copy.deepcopy(args)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return _text(function(*args))
        except (OCDSMergeError, TypeError, AttributeError, KeyError) as exc:
            return type(exc)


def _unchanged(function, *args):
    """`function`'s outcome, checking it changes none of its arguments."""
    before = copy.deepcopy(args)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = _text(function(*args))
        except (OCDSMergeError, TypeError, AttributeError, KeyError) as exc:
            result = type(exc)
    assert args == before, "an argument was changed"
    return result


def assert_same_as_ocdsmerge(releases: list[dict], rules: dict | None = None) -> None:
    plan = fastmerge.compile_plan(rules) if rules is not None else None
    rules = rules if rules is not None else records.merge_rules()
    expected = _outcome(records.reference_compile_releases, releases, rules)
    assert _unchanged(fastmerge.compile_releases, releases, rules, plan) == expected
    # One release at a time, each merged into the reference's stored compiled release.
    compiled = None
    for release in releases:
        expected = _outcome(records.reference_merge_release, compiled, release, rules)
        assert _unchanged(fastmerge.merge_release, compiled, release, rules, plan) == expected
        if not isinstance(expected, str):
            break
        compiled = json.loads(expected)


def _sample_release_lists():
    out = {}
    for path in sorted(SAMPLES.glob("*.json")) if SAMPLES.is_dir() else []:
        data = json.loads(path.read_text(encoding="utf-8"))
        if "releases" in data:
            out[path.stem] = data["releases"]
        for number, record in enumerate(data.get("records") or []):
            if record.get("releases") and "date" in record["releases"][0]:
                out[f"{path.stem}-record-{number}"] = record["releases"]
    return out


@needs_samples
@pytest.mark.parametrize(("name", "releases"), list(_sample_release_lists().items()))
def test_the_official_samples_compile_as_ocdsmerge_compiles_them(name, releases):
    assert_same_as_ocdsmerge(releases)
    by_date = sorted(releases, key=lambda r: r["date"])
    assert_same_as_ocdsmerge(by_date)


def test_there_are_samples_to_compare():
    if SAMPLES.is_dir():
        assert len(_sample_release_lists()) >= 10


PUBLISHED = datetime(2026, 12, 2, 10, 30, tzinfo=UTC)


def _release(code: str, number: int, *, correction: bool = False) -> dict:
    when = PUBLISHED + timedelta(days=number)
    return builder.build_release(
        ocid=builder.ocid_for("CMP-000123"),
        release_id=builder.release_id_for(code, number),
        published=when,
        kind=notice_type(code, when.date()),
        content=example_content(code),
        buyer=builder.Party(code="QH8", name="Mid and South Essex ICB"),
        notice_url=f"https://caremarket.example/notices/{number}",
        correction=correction,
    )


@pytest.mark.parametrize("code", notice_codes())
def test_releases_of_every_notice_type_compile_as_ocdsmerge_compiles_them(code):
    assert_same_as_ocdsmerge([_release(code, 1), _release(code, 2, correction=True)])


def test_a_process_of_every_notice_type_in_turn_compiles_as_ocdsmerge_compiles_it():
    releases = [_release(code, number) for number, code in enumerate(notice_codes(), 1)]
    assert_same_as_ocdsmerge(releases)
    assert_same_as_ocdsmerge(list(reversed(releases)))


# --- Table of the rules, one case each ---------------------------------------------------------

RULES = {
    ("id",): "omitWhenMerged",
    ("date",): "omitWhenMerged",
    ("tag",): "omitWhenMerged",
    ("a", "whole"): "wholeListMerge",
    ("a", "items", "whole"): "wholeListMerge",
    ("a", "gone"): "omitWhenMerged",
}


def _r(date: str, **fields) -> dict:
    return {"ocid": "o", "id": date, "date": f"2026-01-0{date}T00:00:00Z", "tag": ["t"], **fields}


CASES = {
    "identifier merge": [
        _r("1", a={"items": [{"id": "1", "x": 1}]}),
        _r("2", a={"items": [{"id": "1", "y": 2}]}),
    ],
    "new id appended": [_r("1", a={"items": [{"id": "1"}]}), _r("2", a={"items": [{"id": "2"}]})],
    "no id is always new": [_r("1", a={"items": [{"x": 1}]}), _r("2", a={"items": [{"x": 1}]})],
    "numbers as ids": [_r("1", a={"items": [{"id": 1, "x": 1}]}), _r("2", a={"items": [{"id": 1, "y": 1}]})],
    "number then string id": [_r("1", a={"items": [{"id": 1, "x": 1}]}), _r("2", a={"items": [{"id": "1"}]})],
    "string then number id": [_r("1", a={"items": [{"id": "1"}]}), _r("2", a={"items": [{"id": 1, "x": 1}]})],
    "nested number and string ids": [
        _r("1", a={"items": [{"id": 1, "items": [{"id": 2, "x": 1}]}]}),
        _r("2", a={"items": [{"id": "1", "items": [{"id": 2, "y": 1}]}]}),
    ],
    "boolean and float ids": [_r("1", a={"items": [{"id": True}, {"id": 1.0}, {"id": 1}]})],
    "null id": [_r("1", a={"items": [{"id": None, "x": 1}]}), _r("2", a={"items": [{"id": "None"}]})],
    "duplicate ids in one release": [
        _r("1", a={"items": [{"id": "1", "x": 1}, {"id": "1", "x": 2, "y": 3}]})
    ],
    "whole list replaced": [
        _r("1", a={"whole": [{"id": "1"}, {"id": "2"}]}),
        _r("2", a={"whole": [{"id": "3"}]}),
    ],
    "whole list as an object": [_r("1", a={"whole": {"p": None}}), _r("2", a={"whole": {"q": 1}})],
    "whole list emptied": [_r("1", a={"whole": ["x"]}), _r("2", a={"whole": []})],
    "nested whole list": [
        _r("1", a={"items": [{"id": "1", "whole": ["x", "y"]}]}),
        _r("2", a={"items": [{"id": "1", "whole": ["z"]}]}),
    ],
    "omitted field": [_r("1", a={"gone": 1, "kept": 1})],
    "array of values replaced": [_r("1", a={"list": ["x", "y"]}), _r("2", a={"list": ["z"]})],
    "mixed array is a value": [
        _r("1", a={"list": [{"id": "1"}, "x"]}),
        _r("2", a={"list": [{"id": "2"}, 1]}),
    ],
    "null removes a value": [_r("1", a={"x": 1, "y": 2}), _r("2", a={"x": None})],
    "null leaves its parents": [_r("1", a={"b": {"c": None}})],
    "null on an object": [_r("1", a={"b": {"c": 1}}), _r("2", a={"b": None})],
    "object after null": [_r("1", a={"b": None}), _r("2", a={"b": {"c": 1}})],
    "value then object": [_r("1", a={"b": 1}), _r("2", a={"b": {"c": 1}})],
    "object then value": [_r("1", a={"b": {"c": 1}}), _r("2", a={"b": 1})],
    "object then array": [_r("1", a={"b": {"c": 1}}), _r("2", a={"b": [{"id": "1"}]})],
    "array then object": [_r("1", a={"b": [{"id": "1"}]}), _r("2", a={"b": {"c": 1}})],
    "empty object and array change nothing": [
        _r("1", a={"b": 1}),
        _r("2", a={"b": {}, "c": [], "d": {"e": {}}}),
    ],
    "empty objects in an array": [_r("1", a={"items": [{}, {"x": {}}, {"id": "1", "x": {}}]})],
    "null date and ocid": [{"id": "1", "date": None, "ocid": None, "x": 1}],
    "no date": [{"ocid": "o", "x": 1}],
    "releases out of order": [_r("3", x=3), _r("1", x=1), _r("2", x=2)],
    "deep nesting": [
        _r("1", a={"b": [{"id": "1", "c": {"d": [{"id": "2", "e": {"f": [{"id": 3, "g": 1}]}}]}}]}),
        _r("2", a={"b": [{"id": "1", "c": {"d": [{"id": "2", "e": {"f": [{"id": 3, "h": None}]}}]}}]}),
    ],
    "not a release": [["a"]],
}


@pytest.mark.parametrize("releases", list(CASES.values()), ids=list(CASES))
def test_each_rule_as_ocdsmerge(releases):
    assert_same_as_ocdsmerge(releases, RULES)
    assert_same_as_ocdsmerge(releases)


def test_a_rule_on_an_array_objects_id_is_left_to_ocdsmerge():
    plan = fastmerge.compile_plan({**RULES, ("a", "items", "id"): "omitWhenMerged"})
    assert plan.delegate
    assert_same_as_ocdsmerge(CASES["identifier merge"], {**RULES, ("a", "items", "id"): "omitWhenMerged"})


def test_the_common_case_is_not_handed_to_ocdsmerge(monkeypatch):
    calls = []
    monkeypatch.setattr(fastmerge, "CompiledRelease", lambda *a, **k: calls.append(a))
    releases = [_release(code, number) for number, code in enumerate(notice_codes(), 1)]
    fastmerge.compile_releases(releases, records.merge_rules(), records.merge_plan())
    records.merge_release(records.compile_releases(releases[:-1]), releases[-1])
    assert calls == []


# --- Generated releases --------------------------------------------------------------------------

KEYS = ["a", "b", "items", "whole", "gone", "x"]
ids = st.one_of(
    st.integers(min_value=0, max_value=2),
    st.sampled_from(["0", "1", "2", "None"]),
    st.none(),
)
scalars = st.one_of(st.none(), st.booleans(), st.integers(-2, 2), st.sampled_from(["", "s", "t"]))


def _objects(children):
    plain = st.dictionaries(st.sampled_from(KEYS), children, max_size=3)
    with_id = st.builds(lambda obj, ident: {"id": ident, **obj}, plain, ids)
    return st.one_of(plain, with_id, with_id)


json_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        _objects(children),
        st.lists(_objects(children), max_size=3),
        st.lists(st.one_of(scalars, _objects(children)), max_size=2),
    ),
    max_leaves=12,
)
dates = st.sampled_from(["2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z"])
generated_releases = st.lists(
    st.builds(
        lambda fields, date, rid: {"ocid": "o", "id": rid, "date": date, "tag": ["t"], **fields},
        st.dictionaries(st.sampled_from(KEYS), json_values, max_size=4),
        dates,
        st.sampled_from(["r1", "r2"]),
    ),
    min_size=1,
    max_size=4,
)
# Rules on the generated keys at any depth: wholeListMerge and omitWhenMerged paths.
generated_rules = st.dictionaries(
    st.lists(st.sampled_from(KEYS[:-1]), min_size=1, max_size=3).map(tuple),
    st.sampled_from(["wholeListMerge", "omitWhenMerged"]),
    max_size=5,
).map(
    lambda rules: {
        **rules,
        ("id",): "omitWhenMerged",
        ("date",): "omitWhenMerged",
        ("tag",): "omitWhenMerged",
    }
)


@hsettings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(releases=generated_releases, rules=generated_rules)
def test_generated_releases_compile_as_ocdsmerge_compiles_them(releases, rules):
    assert_same_as_ocdsmerge(releases, rules)


@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(releases=generated_releases)
def test_generated_releases_with_the_uk_profile_rules(releases):
    # Give the generated fields the profile's paths, so its wholeListMerge rules apply.
    renamed = json.loads(
        json.dumps(releases)
        .replace('"a"', '"tender"')
        .replace('"whole"', '"additionalClassifications"')
        .replace('"b"', '"parties"')
        .replace('"gone"', '"roles"')
    )
    assert_same_as_ocdsmerge(renamed)


@pytest.mark.parametrize("name", ["identifier merge", "number then string id", "null removes a value"])
def test_the_compiler_gives_the_compiled_release_so_far(name):
    releases = CASES[name]
    compiler = fastmerge.Compiler(RULES)
    for count, release in enumerate(releases, 1):
        compiler.append(release)
        assert _text(compiler.compiled) == _outcome(
            records.reference_compile_releases, releases[:count], RULES
        )
