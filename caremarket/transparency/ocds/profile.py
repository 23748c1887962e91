"""The UK profile of OCDS 1.1, built offline from the local reference copies.

Find a Tender publishes Procurement Act notices as OCDS 1.1 releases declaring
`cabinetoffice/ocds_uk_extension` and the extensions it depends on. The patched release schema
is the 1.1.5 release schema with each extension's `release-schema.json` applied as a JSON Merge
Patch (RFC 7386: a `null` deletes), dependencies first, in the order the UK extension lists them,
then the UK extension itself — as `ocdsextensionregistry`'s ProfileBuilder does. Codelists are
merged the same way: `+name.csv` adds codes to `name`, `-name.csv` removes them, `name.csv`
replaces (or introduces) it.

Production has no `../shared/reference`, so `caremarket ocds build-schema` writes the result into
`caremarket/transparency/ocds/schema/` and that copy is checked in; `vendored_schemas()` reads it.
A test rebuilds from the reference directory (when present) and compares.
"""

import copy
import csv
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_VERSION = "1__1__5"
SCHEMA_BASE = f"https://standard.open-contracting.org/schema/{SCHEMA_VERSION}/"
RELEASE_SCHEMA_URL = SCHEMA_BASE + "release-schema.json"
RELEASE_PACKAGE_SCHEMA_URL = SCHEMA_BASE + "release-package-schema.json"
RECORD_PACKAGE_SCHEMA_URL = SCHEMA_BASE + "record-package-schema.json"
VERSIONED_RELEASE_SCHEMA_URL = SCHEMA_BASE + "versioned-release-validation-schema.json"

VENDORED_DIR = Path(__file__).parent / "schema"
SCHEMA_FILES = {
    "release": "release-schema.json",
    "release_package": "release-package-schema.json",
    "record_package": "record-package-schema.json",
    "versioned_release": "versioned-release-validation-schema.json",
}
CODELISTS_FILE = "codelists.json"
PROFILE_FILE = "profile.json"

UK_EXTENSION_URL = "https://raw.githubusercontent.com/cabinetoffice/ocds_uk_extension/main/extension.json"
_OCE = "https://raw.githubusercontent.com/open-contracting-extensions/"
# The lots extension has a local copy but is NOT part of the profile: it is not one of the UK
# extension's dependencies (only a test dependency of several of them), and its master version
# `$ref`s `#/definitions/SubmissionTerms`, defined by the submission terms extension, of which
# there is no local copy (the UK extension's own test dependency). Applying it would leave a
# dangling reference that `ocdsmerge` cannot resolve. See ADR 0014.
LOTS_EXTENSION_URL = _OCE + "ocds_lots_extension/master/extension.json"

# Which local directory (under reference/ocds/extensions/) holds each declared extension.
EXTENSION_DIRS = {
    LOTS_EXTENSION_URL: "lots",
    _OCE + "ocds_awardCriteria_extension/master/extension.json": "awardCriteria",
    _OCE + "ocds_bid_extension/v1.1.5/extension.json": "bid",
    _OCE + "ocds_communication_extension/master/extension.json": "communication",
    _OCE + "ocds_location_extension/master/extension.json": "location",
    _OCE + "ocds_otherRequirements_extension/master/extension.json": "otherRequirements",
    _OCE + "ocds_performance_failures_extension/master/extension.json": "performance_failures",
    _OCE + "ocds_subcontracting_extension/master/extension.json": "subcontracting",
    _OCE + "ocds_suitability_extension/master/extension.json": "suitability",
    _OCE + "ocds_techniques_extension/master/extension.json": "techniques",
    UK_EXTENSION_URL: "uk",
}


class ProfileError(RuntimeError):
    pass


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON Merge Patch: objects merge key by key, `null` deletes a key, anything else
    (arrays included) replaces. Returns a new value; neither argument is changed."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def _load_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def extension_order(ocds_dir: Path) -> list[str]:
    """The extensions' URLs in the order their patches apply: the UK extension's dependencies
    in its listed order, then the UK extension (what a package declares)."""
    uk = _load_json(ocds_dir / "extensions" / "uk" / "extension.json")
    order: list[str] = []
    for url in uk.get("dependencies", []):
        if url not in EXTENSION_DIRS:
            raise ProfileError(f"The UK extension depends on {url}, which has no local copy")
        if url not in order:
            order.append(url)
    order.append(UK_EXTENSION_URL)
    return order


def _read_codelist(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["Code"] for row in csv.DictReader(handle)]


def _apply_codelists(codelists: dict[str, list[str]], directory: Path) -> None:
    if not directory.is_dir():
        return
    for path in sorted(directory.glob("*.csv")):
        name = path.name
        codes = _read_codelist(path)
        if name.startswith("+"):
            base = codelists.setdefault(name[1:], [])
            base.extend(code for code in codes if code not in base)
        elif name.startswith("-"):
            codelists[name[1:]] = [code for code in codelists.get(name[1:], []) if code not in codes]
        else:
            codelists[name] = codes


@dataclass(frozen=True)
class Profile:
    schemas: dict[str, dict]  # keyed as SCHEMA_FILES
    codelists: dict[str, list[str]]  # "releaseTag.csv" → codes
    extensions: list[str]  # the extension.json URLs a package declares

    def files(self) -> dict[str, str]:
        """The vendored files' names and exact text."""
        out = {SCHEMA_FILES[key]: _dump(schema) for key, schema in self.schemas.items()}
        out[CODELISTS_FILE] = _dump(dict(sorted(self.codelists.items())))
        out[PROFILE_FILE] = _dump(
            {"ocdsVersion": "1.1", "schema": SCHEMA_VERSION, "extensions": self.extensions}
        )
        return out


def _dump(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def build_profile(reference_dir: Path) -> Profile:
    """Build the patched schemas and codelists from `reference_dir` (…/shared/reference)."""
    ocds_dir = Path(reference_dir) / "ocds"
    if not (ocds_dir / "release-schema.json").is_file():
        raise ProfileError(f"No OCDS reference copy at {ocds_dir}")
    release = _load_json(ocds_dir / "release-schema.json")
    codelists: dict[str, list[str]] = {}
    _apply_codelists(codelists, ocds_dir / "codelists")
    extensions = extension_order(ocds_dir)
    for url in extensions:
        directory = ocds_dir / "extensions" / EXTENSION_DIRS[url]
        patch_path = directory / "release-schema.json"
        if patch_path.is_file():
            release = merge_patch(release, _load_json(patch_path))
        _apply_codelists(codelists, directory / "codelists")
    schemas = {"release": release}
    for key in ("release_package", "record_package", "versioned_release"):
        schemas[key] = _load_json(ocds_dir / SCHEMA_FILES[key])
    return Profile(schemas=schemas, codelists=codelists, extensions=extensions)


def write_vendored(profile: Profile, directory: Path = VENDORED_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in profile.files().items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


@cache
def vendored_profile() -> Profile:
    """The checked-in profile (what the platform validates and merges with)."""
    try:
        schemas = {key: _load_json(VENDORED_DIR / name) for key, name in SCHEMA_FILES.items()}
        codelists = _load_json(VENDORED_DIR / CODELISTS_FILE)
        meta = _load_json(VENDORED_DIR / PROFILE_FILE)
    except FileNotFoundError as exc:
        raise ProfileError(
            f"The vendored OCDS schema is missing ({exc.filename}): run `caremarket ocds build-schema`"
        ) from exc
    return Profile(schemas=schemas, codelists=codelists, extensions=meta["extensions"])


def codes(codelist: str) -> frozenset[str]:
    """The codes of a codelist in the profile ("releaseTag", "documentType", ...)."""
    name = codelist if codelist.endswith(".csv") else f"{codelist}.csv"
    return frozenset(vendored_profile().codelists.get(name, ()))
