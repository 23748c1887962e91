"""Running a competition: list, create, see, change, publish and move on, documents,
clarification questions and the evaluation panel."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from caremarket.agreements.selectors import invitable_suppliers_for_actor, lot_for_actor
from caremarket.competitions import selectors, services
from caremarket.competitions.choices import DOCUMENT_LABELS
from caremarket.competitions.evaluation_models import template_names
from caremarket.competitions.models import Competition
from caremarket.competitions.selectors.panel import all_submitted
from caremarket.contracts import selectors as contract_selectors
from caremarket.core import clock
from caremarket.core.errors import ApplicationError, NotFound, ValidationFailed
from caremarket.core.money import parse_money
from caremarket.core.permissions import can, require
from caremarket.orgs.selectors import acting_organisation
from caremarket.rules.bidding import seal_refusal
from caremarket.rules.competitions import COMPETITION_LIFECYCLE, STATUS_LABELS, CompetitionStatus
from caremarket.rules.money_text import whole_number_from_text
from caremarket.rules.standstill import contract_creation_refusal
from caremarket.web.forms import render_form
from caremarket.web.pagination import paginate
from caremarket.web.views.competitions.common import abilities, errors, moment_value, parse_moment

S = CompetitionStatus
MOVES = {
    S.PUBLISHED: "Publish it: invite the suppliers and open it for bids",
    S.EVALUATION: "Open the bids for evaluation",
    S.MODERATION: "Start moderation",
    S.CANCELLED: "Cancel it",
    S.UNSUCCESSFUL: "End it without an award",
}

PREFILL = ("procedure", "agreement", "lot", "title")


@login_required
def competition_list(request):
    actor = request.actor
    page, nav = paginate(request, selectors.competitions_for_actor(actor, q=request.GET.get("q", "")[:100]))
    buyer = acting_organisation(actor)
    return render(
        request,
        "web/competitions/list.jinja",
        {
            "page": page,
            "nav": nav,
            "can_create": buyer is not None and can(actor, "competitions.create", buyer),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def competition_new(request):
    actor = request.actor
    buyer = acting_organisation(actor)
    if buyer is None or not can(actor, "competitions.create", buyer):
        require(actor, "competitions.create", buyer)
    # "Buy from this lot" links here with the agreement and lot (and procedure) filled in.
    data = (
        request.POST
        if request.method == "POST"
        else {k: request.GET[k][:200] for k in PREFILL if k in request.GET}
    )
    error = None
    if request.method == "POST":
        try:
            agreement, number = data.get("agreement", "").strip(), data.get("lot", "").strip()
            lot_number = whole_number_from_text(number, max_digits=6)
            lot = lot_for_actor(actor, agreement, lot_number) if agreement and lot_number else None
            value = data.get("estimated_value", "").strip()
            estimated = parse_money(value, field="estimated_value") if value else None
            competition = services.competition_create(
                actor=actor,
                buyer=buyer,
                title=data.get("title", ""),
                procedure=data.get("procedure", ""),
                lot=lot,
                description=data.get("description", ""),
                requirement=data.get("requirement", ""),
                clarification_deadline=parse_moment(
                    data.get("clarification_deadline"), "clarification_deadline"
                ),
                submission_deadline=parse_moment(data.get("submission_deadline"), "submission_deadline"),
                estimated_value=estimated,
                evaluation_template=data.get("evaluation_template") or "further_competition_60_40",
            )
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(request, f"{competition.reference} was created as a draft")
            return redirect("web:competition", reference=competition.reference)
    return render_form(
        request,
        "web/competitions/new.jinja",
        {
            "data": data,
            "buyer": buyer,
            "templates": template_names(),
            "invited": _would_be_invited(actor, data),
            **errors(error),
        },
    )


def _would_be_invited(actor, data) -> tuple | None:
    """(lot, suppliers) a further competition on the lot named in the form would invite today."""
    agreement, number = str(data.get("agreement", "")).strip(), str(data.get("lot", "")).strip()
    if data.get("procedure", "further_competition") != "further_competition" or not agreement:
        return None
    lot_number = whole_number_from_text(number, max_digits=6)
    if lot_number is None:
        return None
    try:
        lot = lot_for_actor(actor, agreement, lot_number)
    except NotFound:
        return None
    return lot, invitable_suppliers_for_actor(actor, lot)


def _detail_context(request, competition: Competition) -> dict:
    actor = request.actor
    now = clock.now()
    status = competition.status(now)
    can_do = abilities(actor, competition)
    sealed = seal_refusal(competition.facts(), now)
    context = {
        "competition": competition,
        "status": status,
        "status_label": STATUS_LABELS[status],
        "documents": selectors.documents_of(competition),
        "questions": selectors.questions_for_actor(actor, competition),
        "notices": selectors.notices_for_actor(actor, competition)[:20],
        "sealed": sealed,
        "bid_count": len(selectors.bids_for_actor(actor, competition))
        if can_do["opens"] and not sealed
        else None,
        "award": selectors.award_of(competition),
        "own_bid": None,
        **can_do,
    }
    award = context["award"]
    # The contract can be created once standstill is over with no challenge open.
    context["contract_ready"] = bool(award) and not contract_creation_refusal(
        award.standstill(), clock.today()
    )
    context["contract"] = contract_selectors.contract_from_competition(actor, competition) if award else None
    if can_do["buyer_side"]:
        context["invitations"] = selectors.invitations_for_actor(actor, competition)
        context["panel"] = selectors.panel_for_actor(actor, competition)
    if can_do["bids"]:
        context["own_bid"] = selectors.own_bid_for_actor(actor, competition)
    return context


@login_required
def competition_detail(request, reference: str):
    competition = selectors.competition_for_actor(request.actor, reference)
    return render(request, "web/competitions/detail.jinja", _detail_context(request, competition))


@login_required
@require_http_methods(["GET", "POST"])
def competition_edit(request, reference: str):
    actor = request.actor
    competition = selectors.competition_for_actor(actor, reference)
    require(actor, "competitions.manage", competition)
    data = (
        request.POST
        if request.method == "POST"
        else {
            "title": competition.title,
            "description": competition.description,
            "requirement": competition.requirement,
            "clarification_deadline": moment_value(competition.clarification_deadline),
            "submission_deadline": moment_value(competition.submission_deadline),
        }
    )
    error = None
    if request.method == "POST":
        try:
            changes = {k: data.get(k, "") for k in ("title", "description", "requirement")}
            for name in ("clarification_deadline", "submission_deadline"):
                moment = parse_moment(data.get(name), name)
                if moment and moment != getattr(competition, name):
                    changes[name] = moment
            services.competition_update(actor=actor, competition=competition, **changes)
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(request, f"{competition.reference} was changed")
            return redirect("web:competition", reference=competition.reference)
    return render_form(
        request, "web/competitions/edit.jinja", {"competition": competition, "data": data, **errors(error)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def competition_status(request, reference: str):
    actor = request.actor
    competition = selectors.competition_for_actor(actor, reference)
    require(actor, "competitions.manage", competition)
    status = competition.status()
    moves = [(m, MOVES[m]) for m in MOVES if COMPETITION_LIFECYCLE.can_move(status, m)]
    unanswered = selectors.unanswered_count(competition)
    data = request.POST if request.method == "POST" else {}
    error = None
    if request.method == "POST":
        try:
            if data.get("to") not in dict(moves):
                raise ValidationFailed.for_field("to", "Choose what happens next")
            services.competition_transition(
                actor=actor,
                competition=competition,
                to=data["to"],
                reason=data.get("reason", ""),
                unanswered_reason=data.get("unanswered_reason", ""),
            )
        except ApplicationError as exc:
            error = exc
        else:
            competition.refresh_from_db()
            messages.success(request, f"{competition.reference} is now {competition.status_label()}")
            return redirect("web:competition", reference=competition.reference)
    return render_form(
        request,
        "web/competitions/status.jinja",
        {
            "competition": competition,
            "status_label": STATUS_LABELS[status],
            "moves": moves,
            "unanswered": unanswered,
            "data": data,
            **errors(error),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_upload(request, reference: str):
    actor = request.actor
    competition = selectors.competition_for_actor(actor, reference)
    require(actor, "competitions.manage", competition)
    data = request.POST if request.method == "POST" else {}
    error = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ValidationFailed.for_field("file", "Choose a file to upload")
            document = services.document_upload(
                actor=actor,
                competition=competition,
                kind=data.get("kind", ""),
                name=upload.name,
                content=upload.read(),
                content_type=upload.content_type or "application/octet-stream",
                note=data.get("note", ""),
            )
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(request, f"{document.kind_label} version {document.version} was uploaded")
            return redirect("web:competition", reference=competition.reference)
    return render_form(
        request,
        "web/competitions/document.jinja",
        {"competition": competition, "kinds": list(DOCUMENT_LABELS.items()), "data": data, **errors(error)},
    )


@login_required
def document_download(request, reference: str, document_id: int):
    competition = selectors.competition_for_actor(request.actor, reference)
    document = selectors.document_for_actor(request.actor, competition, document_id)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.name,
        content_type=document.content_type,
    )


@login_required
@require_http_methods(["GET", "POST"])
def questions(request, reference: str):
    """Suppliers ask; everyone taking part reads the published answers (never who asked)."""
    actor = request.actor
    competition = selectors.competition_for_actor(actor, reference)
    data = request.POST if request.method == "POST" else {}
    error = None
    if request.method == "POST":
        require(actor, "competitions.take_part", competition)
        try:
            supplier = selectors.acting_supplier(actor)
            services.question_ask(
                actor=actor, competition=competition, supplier=supplier, text=data.get("text", "")
            )
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(request, "Your question was sent to the buyer")
            return redirect("web:competition-questions", reference=competition.reference)
    return render_form(
        request,
        "web/competitions/questions.jinja",
        {
            "competition": competition,
            "questions": selectors.questions_for_actor(actor, competition),
            "data": data,
            **abilities(actor, competition),
            **errors(error),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_answer(request, reference: str, question_id: int):
    actor = request.actor
    competition = selectors.competition_for_actor(actor, reference)
    question = selectors.question_for_actor(actor, competition, question_id)
    # The question as published starts as the words as asked: the buyer removes from it
    # anything that identifies the asker before publishing.
    data = request.POST if request.method == "POST" else {"published_text": question.published_wording}
    error = None
    if request.method == "POST":
        try:
            services.question_answer(
                actor=actor,
                question=question,
                answer=data.get("answer", ""),
                published_text=data.get("published_text", ""),
            )
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(
                request, "The answer was published to every supplier, with the question as published"
            )
            return redirect("web:competition-questions", reference=competition.reference)
    return render_form(
        request,
        "web/competitions/answer.jinja",
        {"competition": competition, "question": question, "data": data, **errors(error)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def panel(request, reference: str):
    actor = request.actor
    competition = selectors.competition_for_actor(actor, reference)
    require(actor, "competitions.manage", competition)
    data = request.POST if request.method == "POST" else {}
    error = None
    if request.method == "POST":
        try:
            person = selectors.person_by_email(data.get("email", "").strip())
            if person is None:
                raise ValidationFailed.for_field("email", "Choose an evaluator")
            services.evaluator_assign(actor=actor, competition=competition, person=person)
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(request, f"{person.email} joined the evaluation panel")
            return redirect("web:competition-panel", reference=competition.reference)
    candidates = selectors.evaluator_candidates(competition)
    return render_form(
        request,
        "web/competitions/panel.jinja",
        {
            "competition": competition,
            "panel": selectors.panel_for_actor(actor, competition),
            "candidates": [(p.email, f"{p.get_full_name()} ({p.email})") for p in candidates],
            "all_submitted": all_submitted(competition),
            "data": data,
            **errors(error),
        },
    )
