"""Forms for the pages, and how their errors reach the NHS.UK error summary."""

from decimal import Decimal

from django import forms

from caremarket.core.errors import ApplicationError
from caremarket.core.money import MONEY_HINT, MoneyError, read_money
from caremarket.orgs.choices import CertificationScheme
from caremarket.web.errors import error_list, field_errors


def form_errors(form: forms.Form | None, exc: ApplicationError | None = None) -> dict:
    """Template context for a form: `errors` for the summary, `field_errors` per field."""
    summary: list[dict] = []
    per_field: dict[str, str] = {}
    if form is not None and form.is_bound:
        for name, messages in form.errors.items():
            anchor = form.fields[name].widget.attrs.get("id", name) if name in form.fields else ""
            for message in messages:
                summary.append({"text": message, "href": f"#{anchor}"} if anchor else {"text": message})
            if name in form.fields:
                per_field.setdefault(name, messages[0])
    if exc is not None:
        summary.extend(error_list(exc))
        for name, message in field_errors(exc).items():
            per_field.setdefault(name, message)
    return {"errors": summary, "field_errors": per_field}


class MoneyField(forms.Field):
    """An amount of money as a person types it: "98,500", "£98,500.00" and "98500" alike.
    Cleans to a Decimal of pounds and pence, or None when left blank (and not required).
    A negative amount, one with fractions of a penny or of a trillion pounds or more is
    refused with a message that says what to type."""

    widget = forms.TextInput
    default_error_messages = {"invalid": MONEY_HINT}
    # Longer than any amount anyone types: refused before it is parsed.
    MAX_LENGTH = 40

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "decimal", "spellcheck": "false"}

    def to_python(self, value) -> Decimal | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            text = value
        else:
            text = str(value).strip()
            if not text:
                return None
            if len(text) > self.MAX_LENGTH:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return read_money(text)
        except MoneyError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None


class SignInForm(forms.Form):
    email = forms.EmailField(
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format",
        }
    )
    password = forms.CharField(error_messages={"required": "Enter your password"}, strip=False)


class SetPasswordForm(forms.Form):
    password = forms.CharField(strip=False, error_messages={"required": "Enter a password"})
    confirm = forms.CharField(strip=False, error_messages={"required": "Enter the password again"})

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("confirm") and data["password"] != data["confirm"]:
            self.add_error("confirm", "The passwords do not match")
        return data


class AddPersonForm(forms.Form):
    email = forms.EmailField(
        error_messages={
            "required": "Enter the person's email address",
            "invalid": "Enter an email address in the correct format",
        }
    )
    full_name = forms.CharField(required=False, max_length=200)
    role = forms.ChoiceField(choices=[], error_messages={"required": "Choose a role"})

    def __init__(self, *args, roles: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles


class OrganisationDetailsForm(forms.Form):
    name = forms.CharField(max_length=255, error_messages={"required": "Enter the organisation's name"})
    address = forms.CharField(required=False, max_length=500)
    postcode = forms.CharField(required=False, max_length=10)
    website = forms.URLField(
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address, like https://example.nhs.uk"},
    )
    is_sme = forms.BooleanField(required=False)
    is_vcse = forms.BooleanField(required=False)


class SiteForm(forms.Form):
    code = forms.CharField(max_length=30, error_messages={"required": "Enter a site code"})
    name = forms.CharField(max_length=255, error_messages={"required": "Enter the site's name"})
    address = forms.CharField(required=False, max_length=500)
    postcode = forms.CharField(required=False, max_length=10)


class CertificationForm(forms.Form):
    scheme = forms.ChoiceField(
        choices=CertificationScheme.choices, error_messages={"required": "Choose the certification"}
    )
    reference = forms.CharField(required=False, max_length=100)
    valid_from = forms.DateField(
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={
            "required": "Enter the date it started",
            "invalid": "Enter the start date as DD/MM/YYYY",
        },
    )
    expires_on = forms.DateField(
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={
            "required": "Enter the expiry date",
            "invalid": "Enter the expiry date as DD/MM/YYYY",
        },
    )


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, error_messages={"required": "Enter a name for the token"})


class AuditFilterForm(forms.Form):
    action = forms.CharField(required=False)
    organisation_code = forms.CharField(required=False)
    actor_email = forms.CharField(required=False)
    on_or_after = forms.DateField(required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    on_or_before = forms.DateField(required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"])


def render_form(request, template: str, context: dict):
    """Render a form page; a page showing errors answers 400 so clients can tell."""
    from django.shortcuts import render

    return render(request, template, context, status=400 if context.get("errors") else 200)
