"""A fast compiled-release merge that gives exactly what `ocdsmerge` gives, for OCDS 1.1 rules.

`ocdsmerge` flattens every release into a dict keyed by JSON paths (tuples, with a fresh UUID for
each object in an array that has no `id`), updates one flat dict with each release, and unflattens
the result. That is correct and general but slow. Here the merge rules are compiled once into a
tree of per-path rules (`Plan`) and each release is merged straight into a compiled release held
as ordinary dicts and lists, with an index of each array's objects by `id`:

- a field whose rule is `omitWhenMerged` is dropped (at the top: `id`, `date`, `tag`);
- a `wholeListMerge` field, a value that is neither an object nor an array, and an array holding
  anything but objects replace what was there, whole;
- an object is merged field by field, an array of objects by each object's `id` (an object with
  no `id` is always a new entry), and an empty object or array changes nothing;
- `null` removes a field (kept as `None` while merging, dropped from the result, so the parents it
  was set in stay as ocdsmerge leaves them);
- the compiled release gets `tag: ["compiled"]`, `id` "<ocid>-<date>" and the latest release's
  `date` and `ocid`, and releases are sorted by date first (ocdsmerge's own `sorted_releases`).

ocdsmerge keys an array's objects by `str(id)` when merging but rebuilds them by the typed `id`,
so a few inputs come out in ways that depend on that detail: an `id` of 1 in one release and "1"
in another, a boolean, float, null or structured `id`, two objects with one `id` in one release
(ocdsmerge warns), or a field that is a value in one release and an object or array in another
(ocdsmerge raises, or keeps whichever came first). None of those occur in well-formed OCDS; when
one does, the merge is handed to ocdsmerge itself, so the result is always ocdsmerge's.
"""

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ocdsmerge.merge import CompiledRelease
from ocdsmerge.util import sorted_releases

OMIT = "omitWhenMerged"
WHOLE = "wholeListMerge"
_MISSING = object()


@dataclass
class Plan:
    """The merge rules of the fields under one path: `rules[field]` is the field's own rule (if
    any), `children[field]` the plan of the fields inside it (shared by an array's objects)."""

    rules: dict[str, str] = field(default_factory=dict)
    children: dict[str, "Plan"] = field(default_factory=dict)
    # Set on the top-level plan when a rule touches an array object's `id` (never in OCDS), which
    # this merge does not model: then every merge is ocdsmerge's.
    delegate: bool = False

    def child(self, key: str) -> "Plan":
        return self.children.get(key, _EMPTY)


_EMPTY = Plan()


def compile_plan(merge_rules: dict[tuple[str, ...], str]) -> Plan:
    """The rules (ocdsmerge's `get_merge_rules` form) as a tree, built once per rule set."""
    root = Plan()
    for path, rule in merge_rules.items():
        node = root
        for part in path[:-1]:
            node = node.children.setdefault(part, Plan())
        node.rules[path[-1]] = rule
        if len(path) > 1 and path[-1] == "id":
            root.delegate = True
    return root


class _Delegate(Exception):
    """This input is one ocdsmerge treats in its own particular way: let it merge it."""


class _Merge:
    """One compiled release being built. Every dict and list in `root` is this merge's own (input
    containers are never changed); values replaced whole are shared with the input, as in
    ocdsmerge."""

    __slots__ = ("has_null", "indexes", "plan", "root")

    def __init__(self, plan: Plan):
        self.plan = plan
        self.root: dict[str, Any] = {}
        self.indexes: dict[int, dict[str, tuple[dict, type]]] = {}  # id(array) → str(id) → object
        self.has_null = False

    # --- merging ------------------------------------------------------------------------------

    def load(self, compiled: dict[str, Any]) -> None:
        """Start from a stored compiled release (what `CompiledRelease(data)` does)."""
        if type(compiled) is not dict:
            raise _Delegate
        self._object(self.root, compiled, self.plan)
        self.root["tag"] = ["compiled"]

    def start(self) -> None:
        self.root["tag"] = ["compiled"]

    def append(self, release: dict[str, Any]) -> None:
        if type(release) is not dict:
            raise _Delegate
        ocid = release.get("ocid")
        date = release.get("date")
        if not (ocid is None or type(ocid) is str) or not (date is None or type(date) is str):
            raise _Delegate
        root = self.root
        for key, value in (("id", f"{ocid}-{date}"), ("date", date), ("ocid", ocid)):
            self._leaf(root, key, value, self.plan.rules.get(key))
        if "tag" in release and self.plan.rules.get("tag") != OMIT:
            release = {key: value for key, value in release.items() if key != "tag"}  # never merged
        self._object(root, release, self.plan)

    def _leaf(self, node: dict, key: str, value: Any, rule: str | None) -> None:
        if rule != WHOLE:
            existing = node.get(key)
            if existing is not None and (
                type(existing) is dict or (type(existing) is list and id(existing) in self.indexes)
            ):
                raise _Delegate  # an object or array of objects, now a value
        if value is None:
            self.has_null = True
        node[key] = value

    def _object(self, node: dict, src: dict, plan: Plan) -> None:
        # The hot loop of the merge: the common cases (a string, number or boolean with no rule)
        # are handled inline.
        rules = plan.rules
        children = plan.children
        indexes = self.indexes
        for key, value in src.items():
            rule = rules.get(key) if rules else None
            if rule is not None:
                if rule == OMIT:
                    continue
                if rule == WHOLE:
                    if value is None:
                        self.has_null = True
                    node[key] = value  # never an object or array of objects here
                    continue
            kind = type(value)
            if kind is str or kind is int or kind is float or kind is bool or value is None:
                existing = node.get(key)
                if existing is not None and (
                    type(existing) is dict or (type(existing) is list and id(existing) in indexes)
                ):
                    raise _Delegate  # an object or array of objects, now a value
                if value is None:
                    self.has_null = True
                node[key] = value
            elif kind is dict:
                if not value:
                    continue
                existing = node.get(key, _MISSING)
                if existing is _MISSING:
                    child = self._fresh({}, value, children.get(key, _EMPTY))
                    if child:
                        node[key] = child
                elif type(existing) is dict:
                    self._object(existing, value, children.get(key, _EMPTY))
                else:
                    raise _Delegate  # a value or array before, an object now
            elif kind is list:
                for item in value:
                    if type(item) is not dict:
                        if isinstance(item, dict):
                            raise _Delegate  # not JSON: a subclass of dict
                        self._leaf(node, key, value, rule)
                        break
                else:
                    if value:
                        self._array_field(node, key, value, children.get(key, _EMPTY))
            elif isinstance(value, (dict, list)):
                raise _Delegate  # not JSON: a subclass of dict or list
            else:
                self._leaf(node, key, value, rule)

    def _array_field(self, node: dict, key: str, items: list, plan: Plan) -> None:
        existing = node.get(key, _MISSING)
        if existing is _MISSING:
            array: list = []
            index: dict[str, tuple[dict, type]] = {}
            self._array(array, index, items, plan)
            if array:
                node[key] = array
                self.indexes[id(array)] = index
        elif type(existing) is list and id(existing) in self.indexes:
            self._array(existing, self.indexes[id(existing)], items, plan)
        else:
            raise _Delegate  # a value or object before, an array of objects now

    def _array(self, array: list, index: dict, items: list, plan: Plan) -> None:
        seen: set[str] | None = set() if len(items) > 1 else None
        for item in items:
            if "id" in item:
                ident = item["id"]
                kind = type(ident)
                if kind is str:
                    key = ident
                elif kind is int:
                    key = str(ident)
                elif ident is None:
                    key = "None"
                    self.has_null = True
                else:
                    raise _Delegate  # a boolean, float or structured id
                if seen is not None:
                    if key in seen:
                        raise _Delegate  # two objects with one id in one release (ocdsmerge warns)
                    seen.add(key)
                entry = index.get(key)
                if entry is None:
                    obj = self._fresh({"id": ident}, item, plan)
                    array.append(obj)
                    index[key] = (obj, kind)
                elif entry[1] is not kind:
                    raise _Delegate  # 1 and "1": ocdsmerge merges by str(id) but rebuilds by id
                else:
                    self._object(entry[0], item, plan)
            elif item:
                obj = self._fresh({}, item, plan)
                if obj:
                    array.append(obj)

    def _fresh(self, node: dict, src: dict, plan: Plan) -> dict:
        """`_object` into a node made for `src` (nothing to merge with: no field is there yet,
        but an object's `id`, which `src` sets to the same value)."""
        rules = plan.rules
        children = plan.children
        for key, value in src.items():
            rule = rules.get(key) if rules else None
            if rule is not None:
                if rule == OMIT:
                    continue
                if rule == WHOLE:
                    if value is None:
                        self.has_null = True
                    node[key] = value
                    continue
            kind = type(value)
            if kind is str or kind is int or kind is float or kind is bool:
                node[key] = value
            elif value is None:
                self.has_null = True
                node[key] = None
            elif kind is dict:
                if value:
                    child = self._fresh({}, value, children.get(key, _EMPTY))
                    if child:
                        node[key] = child
            elif kind is list:
                for item in value:
                    if type(item) is not dict:
                        if isinstance(item, dict):
                            raise _Delegate  # not JSON: a subclass of dict
                        node[key] = value
                        break
                else:
                    if value:
                        array: list = []
                        index: dict[str, tuple[dict, type]] = {}
                        self._array(array, index, value, children.get(key, _EMPTY))
                        if array:
                            node[key] = array
                            self.indexes[id(array)] = index
            elif isinstance(value, (dict, list)):
                raise _Delegate  # not JSON: a subclass of dict or list
            else:
                node[key] = value
        return node

    # --- the result ---------------------------------------------------------------------------

    def result(self) -> dict[str, Any]:
        if not self.has_null:
            return self.root
        return self._without_nulls(self.root, self.plan)

    def _without_nulls(self, node: dict, plan: Plan) -> dict:
        out = {}
        rules = plan.rules
        for key, value in node.items():
            if value is None:
                continue
            if rules.get(key) != WHOLE:
                if type(value) is dict:
                    value = self._without_nulls(value, plan.child(key))
                elif type(value) is list and id(value) in self.indexes:
                    child = plan.child(key)
                    value = [self._without_nulls(item, child) for item in value]
            out[key] = value
        return out


def _rules_and_plan(merge_rules: dict, plan: Plan | None) -> Plan:
    return plan if plan is not None else compile_plan(merge_rules)


def compile_releases(releases: Iterable[dict[str, Any]], merge_rules: dict, plan: Plan | None = None) -> dict:
    """What `ocdsmerge.Merger(merge_rules=...).create_compiled_release(releases)` gives."""
    releases = list(releases)
    plan = _rules_and_plan(merge_rules, plan)
    if not plan.delegate:
        merge = _Merge(plan)
        try:
            merge.start()
            for release in sorted_releases(releases):
                merge.append(release)
            return merge.result()
        except _Delegate:
            pass
    # On a copy: in one odd case (an array of values, then an array of objects at the same path)
    # ocdsmerge changes the releases it is given.
    reference = CompiledRelease(merge_rules=merge_rules)
    reference.extend(copy.deepcopy(releases))
    return reference.asdict()


def merge_release(
    compiled: dict[str, Any] | None, release: dict[str, Any], merge_rules: dict, plan: Plan | None = None
) -> dict:
    """What `CompiledRelease(compiled, merge_rules=...)` gives with `release` appended. Neither
    argument is changed."""
    plan = _rules_and_plan(merge_rules, plan)
    if not plan.delegate:
        merge = _Merge(plan)
        try:
            if compiled:
                merge.load(compiled)
            else:
                merge.start()
            merge.append(release)
            return merge.result()
        except _Delegate:
            pass
    reference = CompiledRelease(copy.deepcopy(compiled) if compiled else None, merge_rules=merge_rules)
    reference.append(copy.deepcopy(release))
    return reference.asdict()


class Compiler:
    """A process's compiled release built one release at a time, kept in memory (for bulk work:
    generating or recompiling many records). Releases must be appended in date order; if one is
    of the kind ocdsmerge treats in its own way, the whole history is compiled by ocdsmerge."""

    def __init__(self, merge_rules: dict, plan: Plan | None = None):
        self.merge_rules = merge_rules
        self.plan = _rules_and_plan(merge_rules, plan)
        self.releases: list[dict[str, Any]] = []
        self._merge: _Merge | None = None if self.plan.delegate else _Merge(self.plan)
        if self._merge is not None:
            self._merge.start()

    def append(self, release: dict[str, Any]) -> None:
        self.releases.append(release)
        if self._merge is not None:
            try:
                self._merge.append(release)
            except _Delegate:
                self._merge = None

    @property
    def compiled(self) -> dict[str, Any]:
        """The compiled release so far (do not change it)."""
        if self._merge is not None:
            return self._merge.result()
        reference = CompiledRelease(merge_rules=self.merge_rules)
        for release in copy.deepcopy(self.releases):
            reference.append(release)
        return reference.asdict()
