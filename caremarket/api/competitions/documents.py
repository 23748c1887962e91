"""A competition's documents, the invitations frozen at publication, and clarification
questions and their published answers."""

from django.http import FileResponse
from ninja import File, Form, Status, UploadedFile

from caremarket.api.competition_schemas import (
    AnswerIn,
    DocumentKindIn,
    DocumentOut,
    InvitationOut,
    QuestionIn,
    QuestionOut,
)
from caremarket.api.competitions.common import BINARY, competition_of, router, supplier_of
from caremarket.api.schemas import ERRORS, Id, responses
from caremarket.competitions import selectors, services


@router.get("/competitions/{reference}/documents", response=responses(200, list[DocumentOut]))
def list_documents(request, reference: str):
    return list(selectors.documents_of(competition_of(request, reference)))


@router.post("/competitions/{reference}/documents", response=responses(201, DocumentOut))
def upload_document(
    request, reference: str, kind: Form[DocumentKindIn], file: File[UploadedFile], note: Form[str] = ""
):
    competition = competition_of(request, reference)
    document = services.document_upload(
        actor=request.actor,
        competition=competition,
        kind=str(kind),
        name=file.name,
        content=file.read(),
        content_type=file.content_type or "application/octet-stream",
        note=note,
    )
    return Status(201, document)


@router.get(
    "/competitions/{reference}/documents/{document_id}/content",
    response={200: None, **ERRORS},
    openapi_extra={"responses": {"200": {"description": "The document", "content": BINARY}}},
)
def get_document_content(request, reference: str, document_id: Id):
    document = selectors.document_for_actor(request.actor, competition_of(request, reference), document_id)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.name,
        content_type=document.content_type,
    )


@router.get("/competitions/{reference}/invitations", response=responses(200, list[InvitationOut]))
def list_invitations(request, reference: str):
    """The suppliers invited (frozen at publication): for the buyer's people only."""
    invitations = selectors.invitations_for_actor(request.actor, competition_of(request, reference))
    return [
        {"supplier_code": i.supplier.code, "supplier_name": i.supplier.name, "invited_at": i.invited_at}
        for i in invitations
    ]


@router.get("/competitions/{reference}/questions", response=responses(200, list[QuestionOut]))
def list_questions(request, reference: str):
    """Published clarifications (never naming who asked), and your own questions."""
    return selectors.questions_for_actor(request.actor, competition_of(request, reference))


@router.post("/competitions/{reference}/questions", response=responses(201, QuestionOut))
def ask_question(request, reference: str, payload: QuestionIn):
    competition = competition_of(request, reference)
    question = services.question_ask(
        actor=request.actor, competition=competition, supplier=supplier_of(request), text=payload.text
    )
    return Status(201, selectors.question_shown_to(request.actor, question))


@router.post("/competitions/{reference}/questions/{question_id}/answer", response=responses(200, QuestionOut))
def answer_question(request, reference: str, question_id: Id, payload: AnswerIn):
    """Answer and publish to every supplier taking part, without the asker's identity: give
    `question` to publish it reworded (the original stays with the buyer's side)."""
    competition = competition_of(request, reference)
    question = selectors.question_for_actor(request.actor, competition, question_id)
    question = services.question_answer(
        actor=request.actor, question=question, answer=payload.answer, published_text=payload.question
    )
    return selectors.question_shown_to(request.actor, question)
