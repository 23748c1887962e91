"""Signing in and out, setting a password from an invitation, and the lockout page."""

from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.views.decorators.http import require_http_methods, require_POST

from caremarket.core.actor import Actor
from caremarket.core.errors import ValidationFailed
from caremarket.orgs.models import Person
from caremarket.orgs.selectors import build_actor, person_for_password_link
from caremarket.orgs.services import person_set_password, person_signed_in, person_signed_out
from caremarket.web.forms import SetPasswordForm, SignInForm, form_errors, render_form

SIGN_IN_FAILED = "Enter a correct email address and password"


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


@require_http_methods(["GET", "POST"])
def sign_in(request):
    if request.user.is_authenticated and request.method == "GET":
        return redirect(_safe_next(request))
    form = SignInForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        person = authenticate(
            request, username=form.cleaned_data["email"].lower(), password=form.cleaned_data["password"]
        )
        if person is not None:
            login(request, person)
            person_signed_in(actor=build_actor(person))
            return redirect(_safe_next(request))
        error = ValidationFailed(SIGN_IN_FAILED, details={"fields": {"email": [SIGN_IN_FAILED]}})
    context = {"form": form, "next": _safe_next(request), **form_errors(form, error)}
    return render_form(request, "web/auth/sign_in.jinja", context)


@require_POST
def sign_out(request):
    if request.user.is_authenticated:
        person_signed_out(actor=build_actor(request.user))
    logout(request)
    return redirect("web:sign-in")


def login_identity(request, credentials=None) -> str:
    """The email a sign-in attempt is for, as login throttling counts failures by it."""
    email = (credentials or {}).get("username") or request.POST.get("email", "")
    return str(email).strip().lower()


def locked_out(request, response=None, credentials=None):
    return render(request, "web/auth/locked_out.jinja", {}, status=429)


@require_http_methods(["GET", "POST"])
def set_password(request, uidb64: str, token: str):
    person = _person_from_link(uidb64, token)
    if person is None:
        return render(request, "web/auth/link_expired.jinja", {}, status=400)
    form = SetPasswordForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            validate_password(form.cleaned_data["password"], person)
        except ValidationError as exc:
            error = ValidationFailed(exc.messages[0], details={"fields": {"password": exc.messages}})
        else:
            person_set_password(
                actor=Actor(person=person, label=person.email),
                person=person,
                password=form.cleaned_data["password"],
            )
            return redirect("web:sign-in")
    context = {"form": form, "person": person, **form_errors(form, error)}
    return render_form(request, "web/auth/set_password.jinja", context)


def _person_from_link(uidb64: str, token: str) -> Person | None:
    try:
        person_id = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, TypeError):
        return None
    person = person_for_password_link(person_id)
    if person is None:
        return None
    return person if default_token_generator.check_token(person, token) else None
