"""Validating releases, records and their packages against the UK profile, offline.

The schemas are JSON Schema draft 4 and `$ref` the release schema by its absolute URL; a
`referencing` Registry maps each schema URL to the vendored copy (the release schema URL to the
*patched* release schema, so a package's releases are checked against the UK profile).
"""

import re
from datetime import datetime
from functools import cache
from typing import Any

from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from caremarket.transparency.ocds.profile import (
    RECORD_PACKAGE_SCHEMA_URL,
    RELEASE_PACKAGE_SCHEMA_URL,
    RELEASE_SCHEMA_URL,
    VERSIONED_RELEASE_SCHEMA_URL,
    Profile,
    vendored_profile,
)

_URLS = {
    "release": RELEASE_SCHEMA_URL,
    "release_package": RELEASE_PACKAGE_SCHEMA_URL,
    "record_package": RECORD_PACKAGE_SCHEMA_URL,
    "versioned_release": VERSIONED_RELEASE_SCHEMA_URL,
}


# jsonschema checks "date-time" only with an optional package installed; OCDS dates matter (the
# merge sorts by them), so they are checked here: RFC 3339, with a time zone.
FORMAT_CHECKER = FormatChecker()
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


@FORMAT_CHECKER.checks("date-time", raises=ValueError)
def _is_datetime(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _RFC3339.match(value):
        return False
    datetime.fromisoformat(value)
    return True


def registry_for(profile: Profile) -> Registry:
    return Registry().with_resources(
        (url, Resource.from_contents(profile.schemas[key], default_specification=DRAFT4))
        for key, url in _URLS.items()
    )


def inlined(schema: dict) -> dict:
    """`schema` with each local `$ref` ("#/definitions/Name") replaced by what it names, so
    validating a release does not resolve references as it goes (a third faster). In draft 4 a
    `$ref` ignores its siblings, as this does; the OCDS definitions do not refer to themselves."""
    definitions = schema.get("definitions") or {}

    def resolved(node: Any, seen: tuple[str, ...]) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/definitions/"):
                name = ref.removeprefix("#/definitions/")
                if name in definitions and name not in seen:
                    return resolved(definitions[name], (*seen, name))
                return node
            return {key: resolved(value, seen) for key, value in node.items()}
        if isinstance(node, list):
            return [resolved(item, seen) for item in node]
        return node

    out = resolved({key: value for key, value in schema.items() if key != "definitions"}, ())
    out["definitions"] = definitions  # for any reference left (a recursive one)
    return out


def validators_for(profile: Profile) -> dict[str, Draft4Validator]:
    registry = registry_for(profile)
    record_schema = {
        # A single record: the record package's `record` definition, resolved in its document.
        "$ref": RECORD_PACKAGE_SCHEMA_URL + "#/definitions/record",
    }
    out = {
        key: Draft4Validator(profile.schemas[key], registry=registry, format_checker=FORMAT_CHECKER)
        for key in ("release_package", "record_package")
    }
    # Built once a process (`_validators` is cached), with the format checker.
    out["release"] = Draft4Validator(
        inlined(profile.schemas["release"]), registry=registry, format_checker=FORMAT_CHECKER
    )
    out["record"] = Draft4Validator(record_schema, registry=registry, format_checker=FORMAT_CHECKER)
    return out


@cache
def _validators() -> dict[str, Draft4Validator]:
    return validators_for(vendored_profile())


def _messages(validator: Draft4Validator, data: Any) -> list[str]:
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message}" for e in errors]


def release_errors(release: dict) -> list[str]:
    return _messages(_validators()["release"], release)


def record_errors(record: dict) -> list[str]:
    return _messages(_validators()["record"], record)


def release_package_errors(package: dict) -> list[str]:
    return _messages(_validators()["release_package"], package)


def record_package_errors(package: dict) -> list[str]:
    return _messages(_validators()["record_package"], package)


def package_errors(package: dict) -> list[str]:
    """A release package or a record package, whichever it is."""
    if isinstance(package, dict) and "records" in package:
        return record_package_errors(package)
    return release_package_errors(package)
