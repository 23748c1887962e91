"""Importing other publishers' OCDS (Contracts Finder, Find a Tender) as imported notices: for
platform administrators. The service is `caremarket.transparency.imports.ocds_import`."""

from ninja import Field, File, Form, Router, Schema, UploadedFile

from caremarket.api.schemas import responses
from caremarket.transparency.imports import ocds_import

router = Router(tags=["OCDS imports"])


class OcdsImportOut(Schema):
    filename: str
    package_type: str = Field(description='"release package" or "record package"')
    source_publisher: str = Field(description='Who published it: "Contracts Finder"')
    releases: int = Field(description="Releases in the file")
    created: int = Field(description="Releases imported now")
    skipped: int = Field(description="Releases imported before, with the same content")
    by_type: dict[str, int] = Field(description="Releases imported now, by notice type")
    ocids: list[str] = Field(description="The processes with a release imported now")


@router.post("/ocds/imports", response=responses(200, OcdsImportOut))
def import_ocds(request, file: File[UploadedFile], source_publisher: Form[str] = ""):
    """Import an OCDS release package or record package (JSON, at most 20 MB, 5,000 releases)
    published by someone else, as imported notices. All or nothing: a file with any problem is
    refused with 422 and nothing is saved; `details.rows` lists each bad release and its
    problems ("release 3 (…): tender.value.amount: 'abc' is not of type 'number'"), and
    `details.errors` the same as lines. A release imported before with the same content is
    skipped, so a file can be sent again. `source_publisher` names who published it (else the
    package's publisher). Platform administrators only."""
    summary = ocds_import(
        actor=request.actor,
        filename=file.name or "upload.json",
        content=file,
        source_publisher=source_publisher or None,
    )
    return summary.as_dict()
