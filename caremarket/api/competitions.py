"""Competitions: set up and publish, documents, clarification questions, sealed bids, the
evaluation panel, moderation, ranking, award, standstill and challenges; direct awards."""

from decimal import Decimal

from django.http import FileResponse
from ninja import File, Form, Router, Status, UploadedFile
from ninja.pagination import paginate

from caremarket.agreements.selectors import lot_for_actor
from caremarket.api.competition_schemas import (
    AnswerIn,
    AwardIn,
    AwardOut,
    BidOut,
    ChallengeIn,
    ChallengeOut,
    CompetitionDetailOut,
    CompetitionIn,
    CompetitionOut,
    CompetitionPatch,
    ConsensusIn,
    DeclarationIn,
    DirectAwardIn,
    DirectAwardOut,
    DocumentKindIn,
    DocumentOut,
    DraftIn,
    EvaluatorIn,
    EvaluatorOut,
    FlagIn,
    GateIn,
    InvitationOut,
    LetterOut,
    ModelIn,
    OpenedBidOut,
    OutcomeIn,
    OwnBidOut,
    QuestionIn,
    QuestionOut,
    RankingOut,
    ReceiptOut,
    ScoreIn,
    ScoreOut,
    TransitionIn,
)
from caremarket.api.schemas import ERRORS, Pages, responses
from caremarket.competitions import selectors, services
from caremarket.competitions.engine import ranking_snapshot
from caremarket.competitions.models import Bid, Challenge, DirectAward
from caremarket.core.errors import NotFound, ValidationFailed
from caremarket.core.permissions import require
from caremarket.orgs.models import Person
from caremarket.orgs.selectors import organisation_for_actor

router = Router(tags=["Competitions"])
BINARY = {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}


def _competition(request, reference: str):
    return selectors.competition_for_actor(request.actor, reference)


def _supplier(request):
    supplier = selectors.acting_supplier(request.actor)
    if supplier is None:
        raise NotFound("You do not act for a supplier")
    return supplier


def _bid(competition, bid_id: int) -> Bid:
    bid = competition.bids.filter(pk=bid_id).first()
    if bid is None:
        raise NotFound(f"{competition.reference} has no bid #{bid_id}")
    return bid


def _own_bid_out(competition, bid) -> OwnBidOut:
    if bid is None:
        return OwnBidOut(
            competition=competition.reference,
            status="none",
            draft={},
            content_sha256="",
            submitted_at=None,
            receipts=[],
            files=[],
        )
    return OwnBidOut(
        competition=competition.reference,
        status=bid.status,
        draft=bid.draft,
        content_sha256=bid.content_sha256,
        submitted_at=bid.submitted_at,
        receipts=[ReceiptOut.from_orm(r) for r in bid.receipts.all()],
        files=[{"id": f.pk, "name": f.name, "size": f.size, "sha256": f.sha256} for f in bid.files.all()],
    )


def _bid_out(bid: Bid, content=None) -> dict:
    data = {
        "id": bid.pk,
        "label": bid.label,
        "supplier_code": bid.supplier.code,
        "supplier_name": bid.supplier.name,
        "submitted_at": bid.submitted_at,
        "content_sha256": bid.content_sha256,
    }
    if content is not None:
        data["content"] = content
    return data


# --- Competitions -----------------------------------------------------------------------------


@router.get("/competitions", response={200: list[CompetitionOut], **ERRORS})
@paginate(Pages)
def list_competitions(request, status: str = "", q: str = ""):
    """Competitions you can see: your organisation's, and those you are invited to."""
    return selectors.competitions_for_actor(request.actor, status=status[:30], q=q[:100])


@router.post("/competitions", response=responses(201, CompetitionDetailOut))
def create_competition(request, payload: CompetitionIn):
    """A draft competition: a further competition under an agreement's lot, or an open procedure."""
    data = payload.dict()
    buyer = organisation_for_actor(request.actor, data.pop("buyer_code"))
    agreement, number = data.pop("agreement"), data.pop("lot")
    lot = lot_for_actor(request.actor, agreement, number) if agreement and number else None
    value = data.pop("estimated_value")
    competition = services.competition_create(
        actor=request.actor,
        buyer=buyer,
        lot=lot,
        estimated_value=Decimal(value) if value else None,
        **{**data, "procedure": str(data["procedure"]), "regime": str(data["regime"])},
    )
    return Status(201, competition)


@router.get("/competitions/{reference}", response=responses(200, CompetitionDetailOut))
def get_competition(request, reference: str):
    return _competition(request, reference)


@router.patch("/competitions/{reference}", response=responses(200, CompetitionDetailOut))
def update_competition(request, reference: str, payload: CompetitionPatch):
    """Change it. Once published bidders are told; a change to the requirement invalidates
    submitted bids and keeps the deadline at least the configured minimum away."""
    competition = _competition(request, reference)
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    return services.competition_update(actor=request.actor, competition=competition, **changes)


@router.post("/competitions/{reference}/status", response=responses(200, CompetitionDetailOut))
def move_competition(request, reference: str, payload: TransitionIn):
    """Publish (freezing the invitations), open evaluation, start moderation, cancel, or end unsuccessful."""
    competition = _competition(request, reference)
    return services.competition_transition(
        actor=request.actor,
        competition=competition,
        to=str(payload.to),
        reason=payload.reason,
        unanswered_reason=payload.unanswered_reason,
    )


@router.put("/competitions/{reference}/evaluation-model", response=responses(200, CompetitionDetailOut))
def set_evaluation_model(request, reference: str, payload: ModelIn):
    """Set the evaluation model from a criteria template, or in full, while it is a draft."""
    competition = _competition(request, reference)
    return services.evaluation_model_set(
        actor=request.actor, competition=competition, model=payload.model, template_name=payload.template
    )


# --- Documents, invitations, questions --------------------------------------------------------


@router.get("/competitions/{reference}/documents", response=responses(200, list[DocumentOut]))
def list_documents(request, reference: str):
    return list(selectors.documents_of(_competition(request, reference)))


@router.post("/competitions/{reference}/documents", response=responses(201, DocumentOut))
def upload_document(
    request, reference: str, kind: Form[DocumentKindIn], file: File[UploadedFile], note: Form[str] = ""
):
    competition = _competition(request, reference)
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
def get_document_content(request, reference: str, document_id: int):
    document = selectors.document_for_actor(request.actor, _competition(request, reference), document_id)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.name,
        content_type=document.content_type,
    )


@router.get("/competitions/{reference}/invitations", response=responses(200, list[InvitationOut]))
def list_invitations(request, reference: str):
    """The suppliers invited (frozen at publication): for the buyer's people only."""
    invitations = selectors.invitations_for_actor(request.actor, _competition(request, reference))
    return [
        {"supplier_code": i.supplier.code, "supplier_name": i.supplier.name, "invited_at": i.invited_at}
        for i in invitations
    ]


@router.get("/competitions/{reference}/questions", response=responses(200, list[QuestionOut]))
def list_questions(request, reference: str):
    """Published clarifications (never naming who asked), and your own questions."""
    return selectors.questions_for_actor(request.actor, _competition(request, reference))


@router.post("/competitions/{reference}/questions", response=responses(201, QuestionOut))
def ask_question(request, reference: str, payload: QuestionIn):
    competition = _competition(request, reference)
    question = services.question_ask(
        actor=request.actor, competition=competition, supplier=_supplier(request), text=payload.text
    )
    return Status(201, {**question.__dict__, "id": question.pk, "mine": True, "asker": ""})


@router.post("/competitions/{reference}/questions/{question_id}/answer", response=responses(200, QuestionOut))
def answer_question(request, reference: str, question_id: int, payload: AnswerIn):
    """Answer and publish to every supplier taking part, without the asker's identity."""
    competition = _competition(request, reference)
    question = selectors.question_for_actor(request.actor, competition, question_id)
    question = services.question_answer(actor=request.actor, question=question, answer=payload.answer)
    return {**question.__dict__, "id": question.pk, "mine": False, "asker": question.supplier.name}


# --- A supplier's own bid ---------------------------------------------------------------------


@router.get("/competitions/{reference}/my-bid", response=responses(200, OwnBidOut))
def get_own_bid(request, reference: str):
    """Your bid: its status, draft, receipts and files (sealed content is not readable)."""
    competition = _competition(request, reference)
    return _own_bid_out(competition, selectors.own_bid_for_actor(request.actor, competition))


@router.put("/competitions/{reference}/my-bid", response=responses(200, OwnBidOut))
def save_draft(request, reference: str, payload: DraftIn):
    competition = _competition(request, reference)
    data = payload.dict(by_alias=True)
    services.bid_save_draft(actor=request.actor, competition=competition, supplier=_supplier(request), **data)
    return _own_bid_out(competition, selectors.own_bid_for_actor(request.actor, competition))


@router.post("/competitions/{reference}/my-bid/files", response=responses(201, OwnBidOut))
def add_bid_file(request, reference: str, file: File[UploadedFile]):
    """Attach a file to your draft: it is sealed at once."""
    competition = _competition(request, reference)
    services.bid_file_add(
        actor=request.actor,
        competition=competition,
        supplier=_supplier(request),
        name=file.name,
        content=file.read(),
        content_type=file.content_type or "application/octet-stream",
    )
    return Status(201, _own_bid_out(competition, selectors.own_bid_for_actor(request.actor, competition)))


@router.post("/competitions/{reference}/my-bid/submit", response=responses(201, ReceiptOut))
def submit_bid(request, reference: str):
    """Seal and submit your draft: the receipt has the server time and the content's SHA-256."""
    competition = _competition(request, reference)
    return Status(
        201, services.bid_submit(actor=request.actor, competition=competition, supplier=_supplier(request))
    )


@router.post("/competitions/{reference}/my-bid/withdraw", response=responses(200, OwnBidOut))
def withdraw_bid(request, reference: str):
    competition = _competition(request, reference)
    services.bid_withdraw(actor=request.actor, competition=competition, supplier=_supplier(request))
    return _own_bid_out(competition, selectors.own_bid_for_actor(request.actor, competition))


@router.post("/competitions/{reference}/my-bid/resubmit", response=responses(201, ReceiptOut))
def resubmit_bid(request, reference: str):
    competition = _competition(request, reference)
    return Status(
        201, services.bid_resubmit(actor=request.actor, competition=competition, supplier=_supplier(request))
    )


# --- The buyer's side: bids, after the deadline only ------------------------------------------


@router.get("/competitions/{reference}/bids", response=responses(200, list[BidOut]))
def list_bids(request, reference: str):
    """The bids standing at the deadline. Before it: refused (`bid.sealed`), whoever asks."""
    competition = _competition(request, reference)
    return [_bid_out(b) for b in selectors.bids_for_actor(request.actor, competition)]


@router.get("/competitions/{reference}/bids/{bid_id}", response=responses(200, OpenedBidOut))
def get_bid(request, reference: str, bid_id: int):
    """One bid, opened: after the deadline, for evaluators who declared no conflict."""
    competition = _competition(request, reference)
    opened = selectors.opened_bid_for_actor(request.actor, competition, bid_id)
    return _bid_out(opened.bid, opened.content)


# --- Evaluation and moderation ----------------------------------------------------------------


@router.get("/competitions/{reference}/panel", response=responses(200, list[EvaluatorOut]))
def list_panel(request, reference: str):
    evaluators = selectors.panel_for_actor(request.actor, _competition(request, reference))
    return [
        {
            "email": e.person.email,
            "declaration": e.declaration,
            "declared_at": e.declared_at,
            "submitted_at": e.submitted_at,
        }
        for e in evaluators
    ]


@router.post("/competitions/{reference}/panel", response=responses(201, EvaluatorOut))
def assign_evaluator(request, reference: str, payload: EvaluatorIn):
    competition = _competition(request, reference)
    require(request.actor, "competitions.manage", competition)
    person = Person.objects.filter(email__iexact=payload.email).first()
    if person is None:
        raise ValidationFailed.for_field("email", f"There is nobody with the email {payload.email}")
    services.evaluator_assign(actor=request.actor, competition=competition, person=person)
    return Status(201, {"email": person.email, "declaration": "", "declared_at": None, "submitted_at": None})


@router.post("/competitions/{reference}/declaration", response=responses(200, EvaluatorOut))
def declare(request, reference: str, payload: DeclarationIn):
    """Declare any conflict of interest: needed before opening any bid."""
    competition = _competition(request, reference)
    e = services.evaluator_declare(
        actor=request.actor, competition=competition, declaration=str(payload.declaration), note=payload.note
    )
    return {
        "email": e.person.email,
        "declaration": e.declaration,
        "declared_at": e.declared_at,
        "submitted_at": e.submitted_at,
    }


@router.put("/competitions/{reference}/scores", response=responses(200, ScoreOut))
def record_score(request, reference: str, payload: ScoreIn):
    """Your own score for one bid and criterion, with its justification."""
    competition = _competition(request, reference)
    bid = _bid(competition, payload.bid_id)
    s = services.score_record(
        actor=request.actor,
        competition=competition,
        bid=bid,
        criterion_id=payload.criterion,
        score=payload.score,
        justification=payload.justification,
    )
    return {
        "evaluator": request.actor.label,
        "bid": bid.label,
        "criterion_id": s.criterion_id,
        "score": s.score,
        "justification": s.justification,
        "mine": True,
    }


@router.post("/competitions/{reference}/scores/submit", response=responses(200, EvaluatorOut))
def submit_scores(request, reference: str):
    competition = _competition(request, reference)
    e = services.evaluator_submit(actor=request.actor, competition=competition)
    return {
        "email": e.person.email,
        "declaration": e.declaration,
        "declared_at": e.declared_at,
        "submitted_at": e.submitted_at,
    }


@router.get("/competitions/{reference}/scores", response=responses(200, list[ScoreOut]))
def list_scores(request, reference: str):
    """Your own scores; everyone's once every evaluator has submitted."""
    return selectors.scores_for_actor(request.actor, _competition(request, reference))


@router.post("/competitions/{reference}/consensus", response=responses(200, dict))
def record_consensus(request, reference: str, payload: ConsensusIn):
    competition = _competition(request, reference)
    row = services.consensus_record(
        actor=request.actor,
        competition=competition,
        bid=_bid(competition, payload.bid_id),
        criterion_id=payload.criterion,
        score=payload.score,
        rationale=payload.justification,
    )
    return {
        "bid": row.bid.label,
        "criterion": row.criterion_id,
        "score": row.score,
        "originals": row.originals,
    }


@router.post("/competitions/{reference}/gates", response=responses(200, dict))
def record_gate(request, reference: str, payload: GateIn):
    competition = _competition(request, reference)
    row = services.gate_record(
        actor=request.actor,
        competition=competition,
        bid=_bid(competition, payload.bid_id),
        criterion_id=payload.criterion,
        passed=payload.passed,
        rationale=payload.rationale,
    )
    return {"bid": row.bid.label, "criterion": row.criterion_id, "passed": row.passed}


@router.get("/competitions/{reference}/ranking", response=responses(200, RankingOut))
def get_ranking(request, reference: str):
    """Every figure of the ranking, from the one scoring engine; flags to decide."""
    competition = _competition(request, reference)
    ev = selectors.evaluation_for_actor(request.actor, competition)
    labels = {o.label: o.bid.supplier.name for o in ev.opened}
    return {
        "complete": ev.evaluation is not None,
        "problems": ev.problems,
        "ranking": ranking_snapshot(ev.evaluation, labels) if ev.evaluation else None,
        "decided_flags": list(competition.flag_decisions.values_list("key", flat=True)),
    }


@router.post("/competitions/{reference}/flags", response=responses(200, dict))
def decide_flag(request, reference: str, payload: FlagIn):
    """Record the decision on a tie or an abnormally low price."""
    competition = _competition(request, reference)
    row = services.flag_decide(
        actor=request.actor, competition=competition, key=payload.key, decision=payload.decision
    )
    return {"key": row.key, "decision": row.decision}


# --- Award, standstill, challenges -----------------------------------------------------------


def _award_out(award) -> dict:
    return {
        "competition": award.competition.reference,
        "supplier_code": award.bid.supplier.code,
        "supplier_name": award.bid.supplier.name,
        "decided_on": award.decided_on,
        "regime": award.regime,
        "standstill_days": award.standstill_days,
        "standstill_ends_on": award.standstill_ends_on,
        "reasons": award.reasons,
        "value": str(award.value) if award.value is not None else None,
        "confirmed_at": award.confirmed_at,
        "challenges": [_challenge_out(c) for c in award.challenges.all()],
        "ranking": award.ranking,
    }


def _challenge_out(c: Challenge) -> dict:
    return {
        "id": c.pk,
        "supplier": c.supplier.name,
        "grounds": c.grounds,
        "recorded_on": c.recorded_on,
        "outcome": c.outcome,
        "outcome_on": c.outcome_on,
        "outcome_reason": c.outcome_reason,
    }


@router.post("/competitions/{reference}/award", response=responses(201, AwardOut))
def decide_award(request, reference: str, payload: AwardIn):
    """Confirm the ranking and the preferred bidder: standstill starts."""
    competition = _competition(request, reference)
    award = services.award_decide(
        actor=request.actor,
        competition=competition,
        bid=_bid(competition, payload.bid_id),
        reasons=payload.reasons,
    )
    return Status(201, _award_out(award))


@router.get("/competitions/{reference}/award", response=responses(200, AwardOut))
def get_award(request, reference: str):
    competition = _competition(request, reference)
    require(request.actor, "competitions.open_bids", competition)
    award = selectors.award_of(competition)
    if award is None:
        raise NotFound(f"{competition.reference} has no award decision")
    return _award_out(award)


@router.post("/competitions/{reference}/award/confirm", response=responses(200, AwardOut))
def confirm_award(request, reference: str):
    """Once standstill has ended with no challenge open: the award is made."""
    competition = _competition(request, reference)
    return _award_out(services.award_confirm(actor=request.actor, competition=competition))


@router.get("/competitions/{reference}/award-letter", response=responses(200, LetterOut))
def get_award_letter(request, reference: str, supplier: str = ""):
    """Your award letter: your scores, the winner's and the reasons (`?format=pdf` via the page)."""
    letter = selectors.award_letter_for_actor(request.actor, _competition(request, reference), supplier[:20])
    return {
        "competition": letter.competition.reference,
        "supplier": letter.supplier.name,
        "successful": letter.successful,
        "own": letter.own,
        "winner": letter.winner,
        "reasons": letter.award.reasons,
        "standstill_ends_on": letter.award.standstill_ends_on,
    }


@router.post("/competitions/{reference}/challenges", response=responses(201, ChallengeOut))
def challenge(request, reference: str, payload: ChallengeIn):
    """A bidder's challenge during standstill: it pauses the award."""
    competition = _competition(request, reference)
    c = services.challenge_record(
        actor=request.actor, competition=competition, supplier=_supplier(request), grounds=payload.grounds
    )
    return Status(201, _challenge_out(c))


@router.post(
    "/competitions/{reference}/challenges/{challenge_id}/outcome", response=responses(200, ChallengeOut)
)
def challenge_outcome(request, reference: str, challenge_id: int, payload: OutcomeIn):
    competition = _competition(request, reference)
    c = Challenge.objects.filter(pk=challenge_id, award__competition=competition).first()
    if c is None:
        raise NotFound(f"{competition.reference} has no challenge #{challenge_id}")
    c = services.challenge_outcome(
        actor=request.actor, challenge=c, outcome=str(payload.outcome), reason=payload.reason
    )
    return _challenge_out(c)


# --- Direct awards ----------------------------------------------------------------------------


def _direct_out(a: DirectAward) -> dict:
    return {
        "reference": a.reference,
        "buyer_code": a.buyer.code,
        "agreement": a.lot.agreement.reference,
        "lot": a.lot.number,
        "shortlist_id": a.shortlist_id,
        "supplier_code": a.supplier.code,
        "service_name": a.service_name,
        "justification": a.justification,
        "value": str(a.value) if a.value is not None else None,
        "awarded_at": a.awarded_at,
    }


@router.post("/direct-awards", response=responses(201, DirectAwardOut))
def create_direct_award(request, payload: DirectAwardIn):
    """Award directly, where the lot allows it, from a locked shortlist, with the justification."""
    from caremarket.catalogue.selectors import shortlist_for_actor

    shortlist = shortlist_for_actor(request.actor, payload.shortlist_id)
    entry = next(
        (
            e
            for e in shortlist.entries.select_related("listing__lot__agreement", "listing__supplier")
            if e.listing.reference == payload.listing_reference
        ),
        None,
    )
    if entry is None:
        raise ValidationFailed.for_field("listing_reference", "Choose a service on the shortlist")
    award = services.direct_award_create(
        actor=request.actor,
        shortlist=shortlist,
        entry=entry,
        justification=payload.justification,
        value=Decimal(payload.value) if payload.value else None,
        term_months=payload.term_months,
    )
    return Status(201, _direct_out(award))


@router.get("/direct-awards/{reference}", response=responses(200, DirectAwardOut))
def get_direct_award(request, reference: str):
    return _direct_out(selectors.direct_award_for_actor(request.actor, reference))
