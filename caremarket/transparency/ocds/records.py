"""Compiling OCDS records with the official merge rules (`ocdsmerge`).

The merge rules come from the vendored *patched* release schema, so an extension's
`wholeListMerge` (and `omitWhenMerged`) is honoured. `merge_release` merges one new release into
a stored compiled release — what publishing does, instead of recompiling a process's whole
history — and gives the same result as `compile_releases` over all of them, provided releases
arrive in date order (publication dates come from the one clock, so they do).

Both go through `fastmerge`, which merges straight into the compiled release with the rules
compiled once into a per-path plan and gives exactly ocdsmerge's result (handing the rare inputs
ocdsmerge treats in its own particular way to ocdsmerge itself); `reference_compile_releases` and
`reference_merge_release` are ocdsmerge's, kept to check it against.
"""

import copy
from collections.abc import Iterable
from functools import cache
from typing import Any

import ocdsmerge
from ocdsmerge.merge import CompiledRelease
from ocdsmerge.rules import get_merge_rules

from caremarket.transparency.ocds import fastmerge
from caremarket.transparency.ocds.profile import Profile, vendored_profile


def merge_rules_for(release_schema: dict) -> dict:
    # `get_merge_rules` dereferences the schema in place with jsonref: give it a copy. The schema's
    # `$ref`s are all local (`#/definitions/...`), so nothing is fetched.
    return get_merge_rules(copy.deepcopy(release_schema))


@cache
def merge_rules() -> dict:
    return merge_rules_for(vendored_profile().schemas["release"])


@cache
def merge_plan() -> fastmerge.Plan:
    return fastmerge.compile_plan(merge_rules())


def _plan_for(rules: dict | None) -> tuple[dict, fastmerge.Plan | None]:
    if rules is None:
        return merge_rules(), merge_plan()
    return rules, None


def merger(profile: Profile | None = None) -> ocdsmerge.Merger:
    rules = merge_rules() if profile is None else merge_rules_for(profile.schemas["release"])
    return ocdsmerge.Merger(merge_rules=rules)


def compile_releases(releases: Iterable[dict[str, Any]], rules: dict | None = None) -> dict[str, Any]:
    """The compiled release of all of a process's releases (sorted by date, as ocdsmerge does)."""
    rules, plan = _plan_for(rules)
    return fastmerge.compile_releases(releases, rules, plan)


def merge_release(
    compiled: dict[str, Any] | None, release: dict[str, Any], rules: dict | None = None
) -> dict[str, Any]:
    """`compiled` (a stored compiled release, or None for a new process) with `release` merged in.
    Neither argument is changed."""
    rules, plan = _plan_for(rules)
    return fastmerge.merge_release(compiled, release, rules, plan)


def reference_compile_releases(
    releases: Iterable[dict[str, Any]], rules: dict | None = None
) -> dict[str, Any]:
    """ocdsmerge's compiled release of `releases` (what `compile_releases` must equal)."""
    return ocdsmerge.Merger(merge_rules=rules or merge_rules()).create_compiled_release(list(releases))


def reference_merge_release(
    compiled: dict[str, Any] | None, release: dict[str, Any], rules: dict | None = None
) -> dict[str, Any]:
    """ocdsmerge's merge of one release into a stored compiled release."""
    merged = CompiledRelease(
        copy.deepcopy(compiled) if compiled else None, merge_rules=rules or merge_rules()
    )
    merged.append(release)
    return merged.asdict()


def record(ocid: str, releases: list[dict[str, Any]], compiled: dict[str, Any]) -> dict[str, Any]:
    """An OCDS record: the releases (embedded) and the compiled release."""
    return {"ocid": ocid, "releases": releases, "compiledRelease": compiled}
