"""A notice a contract still owes (from the home page's "Notices overdue"): what will be
published, in plain words, and the button that publishes it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from caremarket.contracts.selectors import contract_for_actor
from caremarket.core import clock
from caremarket.core.errors import ApplicationError
from caremarket.core.money import format_money
from caremarket.core.permissions import require
from caremarket.jinja2 import format_date
from caremarket.rules.notices import notice_type
from caremarket.transparency.content.contracts import ended_on, regime_of
from caremarket.transparency.overdue import DueNotice, due_notice_for, kind_phrase
from caremarket.transparency.services_due import overdue_notice_publish
from caremarket.web.forms import form_errors, render_form


def _rows(due: DueNotice) -> list[tuple[str, str]]:
    contract, kind, today = due.contract, due.kind, clock.today()
    rows = [
        ("Notice", f"{kind.name} ({kind.code})"),
        ("Contract", f"{contract.reference}: {contract.title}"),
        ("Buyer", contract.buyer.name),
        ("Supplier", contract.supplier.name),
        ("Value", format_money(contract.value)),
        ("Signed", format_date(contract.signed_on)),
        ("Term", f"{format_date(contract.starts_on)} to {format_date(contract.ends_on)}"),
    ]
    if due.event == "contract_ended":
        end = ended_on(contract)
        rows.append(("Ended", format_date(end) if end else "Not yet"))
        rows.append(("Why it ended", contract.termination_reason or "It reached the end of its term"))
    if due.due_by is not None:
        late = (today - due.due_by).days
        rows.append(
            (
                "Due by",
                format_date(due.due_by)
                + (f" ({late} day{'' if late == 1 else 's'} ago)" if late > 0 else ""),
            )
        )
    rows.append(("Deadline", kind.deadline.wording[0].upper() + kind.deadline.wording[1:]))
    rows.append(("Published under", kind.citation))
    rows.append(("Regime", kind.regime_label))
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def notice_due(request, code: str, reference: str):
    actor = request.actor
    contract = contract_for_actor(actor, reference)
    require(
        actor,
        "transparency.draft_notice",
        contract.buyer,
        message=f"Only {contract.buyer.name}'s procurement leads and approvers publish its notices",
    )
    code = code.upper()
    error = None
    if request.method == "POST":
        try:
            notice = overdue_notice_publish(actor=actor, contract=contract, code=code)
        except ApplicationError as exc:
            if exc.status in (403, 404):
                raise
            error = exc
        else:
            messages.success(
                request, f"The {kind_phrase_of(notice.notice_type)} for {contract.reference} was published"
            )
            return redirect("web:notice", notice_id=notice.pk)
    due = due_notice_for(contract, code)
    context = {
        "contract": contract,
        "code": code,
        "code_label": _code_label(code),
        "due": due,
        "overdue": bool(due and due.overdue(clock.today())),
        "kind": kind_phrase(due.kind) if due else "",
        "rows": _rows(due) if due else [],
        "regime": regime_of(contract),
        **form_errors(None, error),
    }
    return render_form(request, "web/transparency/due/notice.jinja", context)


def kind_phrase_of(code: str) -> str:
    return kind_phrase(notice_type(code, clock.today()))


def _code_label(code: str) -> str:
    try:
        return kind_phrase(notice_type(code, clock.today()))
    except ApplicationError:
        return "such notice"
