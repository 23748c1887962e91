"""Evidence files: which kinds Caremarket accepts, told by name *and* by content.

A file's extension must name an accepted kind, and its first bytes (and, for the zip-based
office formats, the entries inside) must be that kind: a renamed executable is refused.
"""

from dataclasses import dataclass

from caremarket.core.error_codes import ErrorCode
from caremarket.rules.refusals import Refusal

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    name: str
    content_type: str
    extensions: tuple[str, ...]


PDF = FileKind("PDF", "application/pdf", ("pdf",))
DOCX = FileKind("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",))
XLSX = FileKind("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",))
ODT = FileKind("ODT", "application/vnd.oasis.opendocument.text", ("odt",))
PNG = FileKind("PNG", "image/png", ("png",))
JPEG = FileKind("JPEG", "image/jpeg", ("jpg", "jpeg"))
KINDS = (PDF, DOCX, XLSX, ODT, PNG, JPEG)
BY_EXTENSION = {ext: kind for kind in KINDS for ext in kind.extensions}
ACCEPTED = "PDF, DOCX, XLSX, ODT, PNG or JPEG"
ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class FileFacts:
    """What a service learns about an uploaded file before it stores anything."""

    name: str
    size: int
    head: bytes  # the first bytes (16 are enough)
    zip_entries: frozenset[str] = frozenset()  # for a zip: the names inside
    zip_mimetype: str = ""  # for an OpenDocument zip: its `mimetype` entry


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def sniff(facts: FileFacts) -> FileKind | None:
    """The kind the content shows, whatever the name says."""
    head = facts.head
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(ZIP_MAGIC):
        if "word/document.xml" in facts.zip_entries:
            return DOCX
        if "xl/workbook.xml" in facts.zip_entries:
            return XLSX
        if facts.zip_mimetype.strip() == ODT.content_type:
            return ODT
    return None


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"


def evidence_refusal(
    facts: FileFacts, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[Refusal | None, FileKind | None]:
    """Why the file is refused (or None), and the kind it was found to be."""
    name = facts.name or "The file"
    if facts.size == 0:
        return Refusal(ErrorCode.EVIDENCE_EMPTY, f"{name} is empty"), None
    if facts.size > max_bytes:
        return (
            Refusal(
                ErrorCode.EVIDENCE_TOO_LARGE,
                f"{name} is {size_text(facts.size)}: files must be {size_text(max_bytes)} or smaller",
            ),
            None,
        )
    claimed = BY_EXTENSION.get(extension(facts.name))
    if claimed is None:
        return (
            Refusal(
                ErrorCode.EVIDENCE_TYPE_NOT_ALLOWED,
                f"{name} is not a file type we accept: upload a {ACCEPTED}",
            ),
            None,
        )
    found = sniff(facts)
    if found is not claimed:
        return (
            Refusal(
                ErrorCode.EVIDENCE_TYPE_NOT_ALLOWED,
                f"{name} is not a real {claimed.name} file: upload a {ACCEPTED}",
            ),
            None,
        )
    return None, found
