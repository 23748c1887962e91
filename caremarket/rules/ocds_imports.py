"""Rules for importing another publisher's OCDS, and for reading the public feed's filters.

Pure: no Django, no I/O. The import service (`transparency/imports.py`) and the feed selectors
(`transparency/feed.py`) apply them.

- The limits on one imported file: its size, how many releases it holds, how deeply its JSON
  nests (a hostile file can nest a thousand levels and exhaust the parser), how large one
  release may be.
- Who published a package: the package's `publisher.name`, except that Contracts Finder and
  Find a Tender are named as such (Contracts Finder's packages name the e-tendering system the
  buyer used, "EU SUPPLY LIMITED", as their publisher).
- What type of notice a release is: the UK notice type it carries in a document's
  `noticeType` (Find a Tender's "UK4"), else its first release tag ("tender").
- The feed's `stages`: Find a Tender's stages (planning, tender, award) and the other stages of
  a process, each standing for the release tags of that stage.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

MB = 1024 * 1024


@dataclass(frozen=True)
class ImportLimits:
    max_bytes: int = 20 * MB
    max_releases: int = 5000
    max_depth: int = 32
    max_release_bytes: int = 1 * MB


IMPORT_LIMITS = ImportLimits()

# Package publishers named by where they publish: (host, name).
KNOWN_PUBLISHERS: tuple[tuple[str, str], ...] = (
    ("www.contractsfinder.service.gov.uk", "Contracts Finder"),
    ("www.find-tender.service.gov.uk", "Find a Tender"),
)
NAME_LIMIT = 200
NOTICE_TYPE_LIMIT = 30


def source_publisher_name(package: Mapping[str, Any]) -> str:
    """Who published a package: "Contracts Finder", "Find a Tender", else its publisher's name."""
    publisher = package.get("publisher") if isinstance(package, Mapping) else None
    publisher = publisher if isinstance(publisher, Mapping) else {}
    uris = [publisher.get("uri"), package.get("uri") if isinstance(package, Mapping) else None]
    for uri in uris:
        host = urlsplit(uri).netloc.lower() if isinstance(uri, str) else ""
        for known_host, name in KNOWN_PUBLISHERS:
            if host == known_host or host == known_host.removeprefix("www."):
                return name
    name = publisher.get("name")
    return " ".join(str(name).split())[:NAME_LIMIT] if name else "Unknown publisher"


def _documents(release: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
    sections = [release.get("tender"), release.get("planning")]
    for key in ("awards", "contracts"):
        value = release.get(key)
        if isinstance(value, list):
            sections.extend(value)
    for section in sections:
        if isinstance(section, Mapping) and isinstance(section.get("documents"), list):
            yield from (d for d in section["documents"] if isinstance(d, Mapping))


def imported_notice_type(release: Mapping[str, Any]) -> str:
    """The notice type of another publisher's release: the first `noticeType` among its
    documents ("UK4"), else its first release tag ("tender"), else "release"."""
    for document in _documents(release):
        code = document.get("noticeType")
        if isinstance(code, str) and code.strip():
            return code.strip()[:NOTICE_TYPE_LIMIT]
    tags = release.get("tag")
    if isinstance(tags, list) and tags and isinstance(tags[0], str) and tags[0].strip():
        return tags[0].strip()[:NOTICE_TYPE_LIMIT]
    return "release"


def json_depth_exceeds(value: Any, limit: int) -> bool:
    """Whether `value` (parsed JSON) nests objects and arrays more than `limit` deep."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def linked_release_id(linked: Mapping[str, Any]) -> str:
    """The release id a linked release names: its URL's fragment (OCDS: the package's URL with
    the release id appended as a fragment identifier)."""
    url = linked.get("url") if isinstance(linked, Mapping) else None
    return urlsplit(url).fragment if isinstance(url, str) else ""


# The feed's stages: each stands for the release tags of that stage of a process.
STAGE_TAGS: dict[str, tuple[str, ...]] = {
    "planning": ("planning", "planningUpdate"),
    "tender": ("tender", "tenderAmendment", "tenderUpdate", "tenderCancellation"),
    "award": ("award", "awardUpdate", "awardCancellation"),
    "contract": ("contract", "contractUpdate", "contractAmendment", "contractTermination"),
    "implementation": ("implementation", "implementationUpdate"),
}
MAX_STAGES = 20


def stage_tags(text: str) -> tuple[tuple[str, ...], list[str]]:
    """The release tags the comma-separated `stages` stand for (a stage, or one release tag
    itself), and the words that are neither."""
    known_tags = {tag for tags in STAGE_TAGS.values() for tag in tags}
    tags: dict[str, None] = {}
    unknown: list[str] = []
    for word in [w.strip() for w in (text or "").split(",") if w.strip()][:MAX_STAGES]:
        if word in STAGE_TAGS:
            tags.update(dict.fromkeys(STAGE_TAGS[word]))
        elif word in known_tags:
            tags[word] = None
        else:
            unknown.append(word)
    return tuple(tags), unknown
