"""Your account: who you are, where you belong, and your API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from caremarket.core.errors import ApplicationError
from caremarket.orgs import selectors, services
from caremarket.web.forms import TokenForm, form_errors, render_form


def _account_context(request, form, error=None, new_secret=None) -> dict:
    person = request.actor.person
    return {
        "person": person,
        "memberships": selectors.memberships_of_person(person),
        "tokens": selectors.tokens_for_actor(request.actor),
        "form": form,
        "new_secret": new_secret,
        **form_errors(form, error),
    }


@login_required
def account(request):
    return render(request, "web/account.jinja", _account_context(request, TokenForm()))


@login_required
@require_POST
def create_token(request):
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            _, secret = services.api_token_create(actor=request.actor, name=form.cleaned_data["name"])
        except ApplicationError as exc:
            return render_form(request, "web/account.jinja", _account_context(request, form, exc))
        # The secret is shown on this response only; it is never stored.
        return render(request, "web/account.jinja", _account_context(request, TokenForm(), new_secret=secret))
    return render_form(request, "web/account.jinja", _account_context(request, form))


@login_required
@require_POST
def revoke_token(request, token_id: int):
    try:
        token = services.api_token_revoke(actor=request.actor, token_id=token_id)
    except ApplicationError as exc:
        if exc.status == 404:
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, f"The token '{token.name}' was revoked")
    return redirect("web:account")
