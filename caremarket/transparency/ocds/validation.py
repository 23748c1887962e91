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


def validators_for(profile: Profile) -> dict[str, Draft4Validator]:
    registry = registry_for(profile)
    record_schema = {
        # A single record: the record package's `record` definition, resolved in its document.
        "$ref": RECORD_PACKAGE_SCHEMA_URL + "#/definitions/record",
    }
    out = {
        key: Draft4Validator(profile.schemas[key], registry=registry, format_checker=FORMAT_CHECKER)
        for key in ("release", "release_package", "record_package")
    }
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
