"""Evidence files: checked by name, size and content, stored through Django's storage with
their SHA-256, and cleaned away again if the change they belong to is refused."""

import hashlib
import uuid
import zipfile
from contextlib import contextmanager

from django.conf import settings
from django.core.files.storage import default_storage

from caremarket.agreements.models import Evidence
from caremarket.agreements.services.problems import Problems
from caremarket.audit.services import audit_record
from caremarket.core.actor import Actor
from caremarket.core.errors import ValidationFailed
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.orgs.models import Organisation
from caremarket.rules.evidence import DEFAULT_MAX_BYTES, ZIP_MAGIC, FileFacts, FileKind, evidence_refusal
from caremarket.rules.roles import Sector

MAX_NAME = 255


def _max_bytes() -> int:
    return int(getattr(settings, "CAREMARKET_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def _display_name(upload) -> str:
    name = str(getattr(upload, "name", "") or "file").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name[-MAX_NAME:] or "file"


def _file_facts(upload) -> FileFacts:
    """What the first bytes (and a zip's entries) say, read without loading the file."""
    upload.seek(0)
    head = upload.read(16)
    entries: frozenset[str] = frozenset()
    mimetype = ""
    if head.startswith(ZIP_MAGIC):
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                entries = frozenset(archive.namelist()[:5000])
                if "mimetype" in entries:
                    with archive.open("mimetype") as entry:
                        mimetype = entry.read(100).decode("ascii", "replace")
        except (zipfile.BadZipFile, OSError, ValueError):
            entries = frozenset()
    upload.seek(0)
    return FileFacts(_display_name(upload), int(upload.size or 0), head, entries, mimetype)


def _check_file(upload, field: str, problems: Problems) -> FileKind | None:
    refusal, kind = evidence_refusal(_file_facts(upload), _max_bytes())
    if refusal:
        problems.refuse(field, refusal)
    return kind


@contextmanager
def _stored_files():
    """Files written inside the block are deleted again if the block fails."""
    names: list[str] = []
    try:
        yield names
    except BaseException:
        for name in names:
            default_storage.delete(name)
        raise


def _store(
    *, actor: Actor, supplier: Organisation, upload, kind: FileKind, names: list[str], description: str = ""
) -> Evidence:
    """Store a checked file and record it. Call inside a transaction, within `_stored_files`."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(65536), b""):
        digest.update(chunk)
    upload.seek(0)
    path = f"evidence/{supplier.code}/{uuid.uuid4().hex}.{kind.extensions[0]}"
    stored = default_storage.save(path, upload)
    names.append(stored)
    evidence = Evidence.objects.create(
        supplier=supplier,
        file=stored,
        original_name=_display_name(upload),
        content_type=kind.content_type,
        size=int(upload.size),
        sha256=digest.hexdigest(),
        description=description.strip()[:255],
        uploaded_by=actor.person,
    )
    audit_record(
        actor=actor,
        action="evidence.uploaded",
        obj=evidence,
        organisation_id=supplier.pk,
        after={
            "name": evidence.original_name,
            "content_type": evidence.content_type,
            "size": evidence.size,
            "sha256": evidence.sha256,
        },
    )
    return evidence


@service
def evidence_upload(*, actor: Actor, supplier: Organisation, file, description: str = "") -> Evidence:
    """A supplier's evidence file, ready to cite in applications."""
    require(actor, "agreements.upload_evidence", supplier)
    if supplier.sector != Sector.SUPPLIER:
        raise ValidationFailed("Only a supplier organisation keeps evidence for applications")
    problems = Problems()
    kind = _check_file(file, "file", problems)
    problems.check(len(description) <= 255, "description", "Describe the file in 255 characters or fewer")
    problems.raise_if_any("The file could not be uploaded")
    with _stored_files() as names:
        return _store(
            actor=actor, supplier=supplier, upload=file, kind=kind, names=names, description=description
        )
