"""Forms for the agreement pages, and the application form built from a lot's questions."""

from datetime import date, datetime
from decimal import Decimal

import yaml
from django import forms

from caremarket.agreements.choices import (
    GROUND_CHOICES,
    KIND_CHOICES,
    OUTCOME_CHOICES,
    PROCEDURE_CHOICES,
    PriceUnit,
)
from caremarket.core.errors import ValidationFailed
from caremarket.core.validation import check_date_range
from caremarket.orgs.choices import CertificationScheme
from caremarket.rules.admission import (
    DATA_HANDLING_LABELS,
    INTEROPERABILITY_LABELS,
    PERFORMANCE_LABELS,
    DataHandling,
    Interoperability,
    Performance,
)
from caremarket.rules.agreements import Threshold
from caremarket.rules.questions import Question, QuestionType
from caremarket.web.forms import MoneyField

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d %m %Y"]


def _date(required_message: str, invalid_message: str, required: bool = True) -> forms.DateField:
    return forms.DateField(
        required=required,
        input_formats=DATE_FORMATS,
        validators=[check_date_range],
        error_messages={"required": required_message, "invalid": invalid_message},
    )


class AgreementForm(forms.Form):
    reference = forms.CharField(max_length=30, error_messages={"required": "Enter the agreement's reference"})
    title = forms.CharField(max_length=255, error_messages={"required": "Enter the agreement's title"})
    kind = forms.ChoiceField(
        choices=KIND_CHOICES, error_messages={"required": "Choose the kind of agreement"}
    )
    owner = forms.CharField(
        max_length=20, error_messages={"required": "Enter the code of the organisation running it"}
    )
    starts_on = _date("Enter the start date", "Enter the start date as DD/MM/YYYY")
    ends_on = _date("Enter the end date", "Enter the end date as DD/MM/YYYY")
    description = forms.CharField(required=False, max_length=5000)
    fee_percent = forms.DecimalField(
        min_value=0,
        max_value=Decimal("99.99"),
        decimal_places=2,
        error_messages={
            "required": "Enter the management fee, like 1 for 1%",
            "invalid": "Enter the management fee as a percentage, like 1 or 0.75",
            "min_value": "The management fee cannot be negative",
            "max_value": "Enter a management fee under 100%",
            "max_decimal_places": "Enter the management fee to at most two decimal places",
        },
    )
    required_standards = forms.MultipleChoiceField(choices=CertificationScheme.choices, required=False)
    max_call_off_term_months = forms.IntegerField(
        required=False, min_value=1, max_value=240, error_messages={"invalid": "Enter a number of months"}
    )
    review_interval_months = forms.IntegerField(
        min_value=1,
        max_value=60,
        initial=12,
        error_messages={
            "required": "Enter how often the agreement is reviewed",
            "invalid": "Enter a number of months",
        },
    )

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["management_fee_rate"] = data.pop("fee_percent") / 100
        return data


class AgreementEditForm(AgreementForm):
    """Details that can change after set-up (the reference, kind, owner and start stay)."""

    def __init__(self, *args, draft: bool, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("reference", "owner"):
            del self.fields[name]
        if not draft:
            del self.fields["kind"], self.fields["starts_on"]


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=[], error_messages={"required": "Choose what happens next"})
    applications_open_on = _date("", "Enter the opening date as DD/MM/YYYY", required=False)
    applications_close_on = _date("", "Enter the closing date as DD/MM/YYYY", required=False)

    def __init__(self, *args, moves: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = moves


THRESHOLD_FIELDS = {f"threshold_{t.value}": t for t in Threshold}


class RulesForm(forms.Form):
    procedures = forms.MultipleChoiceField(
        choices=PROCEDURE_CHOICES, error_messages={"required": "Choose at least one call-off procedure"}
    )
    takes_new_suppliers = forms.ChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        error_messages={"required": "Say whether the lot takes new suppliers"},
    )
    price_units = forms.MultipleChoiceField(choices=PriceUnit.choices, required=False)
    threshold_direct_award_max_value = MoneyField(required=False)
    threshold_call_off_max_value = MoneyField(required=False)
    questions = forms.CharField(required=False, widget=forms.Textarea, max_length=500_000)
    note = forms.CharField(required=False, max_length=255)

    def clean_questions(self):
        text = self.cleaned_data["questions"].strip()
        if not text:
            return []
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise forms.ValidationError(f"The questions are not valid YAML: {exc.problem or exc}") from None
        if not isinstance(data, list):
            raise forms.ValidationError("Write the questions as a YAML list, one item per question")
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "procedures": data["procedures"],
            "takes_new_suppliers": data["takes_new_suppliers"] == "yes",
            "price_units": data["price_units"],
            "thresholds": {
                t.value: data[name] for name, t in THRESHOLD_FIELDS.items() if data.get(name) is not None
            },
            "questions": data["questions"],
        }


class LotForm(RulesForm):
    title = forms.CharField(max_length=255, error_messages={"required": "Enter the lot's title"})
    description = forms.CharField(required=False, max_length=5000)


class AssessmentForm(forms.Form):
    outcome = forms.ChoiceField(choices=OUTCOME_CHOICES, error_messages={"required": "Choose the outcome"})
    reasons = forms.CharField(
        max_length=5000, error_messages={"required": "Give the reasons for the assessment"}
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("admit", "Admit"), ("reject", "Reject")])
    reason = forms.CharField(required=False, max_length=5000)


class StandingForm(forms.Form):
    change = forms.ChoiceField(choices=[], error_messages={"required": "Choose what to do"})
    ground = forms.ChoiceField(choices=[("", "Choose a ground"), *GROUND_CHOICES], required=False)
    reason = forms.CharField(required=False, max_length=5000)

    def __init__(self, *args, changes: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["change"].choices = changes


class ReviewEntryForm(forms.Form):
    """A supplier's evidence in the review. Its fee record is not asked for: the page shows it
    from the fee invoices, as the fees page does."""

    performance = forms.ChoiceField(
        choices=[(p.value, PERFORMANCE_LABELS[p]) for p in Performance],
        error_messages={"required": "Choose how the supplier performed"},
    )
    performance_notes = forms.CharField(required=False, max_length=5000)
    data_handling = forms.ChoiceField(
        choices=[(d.value, DATA_HANDLING_LABELS[d]) for d in DataHandling],
        error_messages={"required": "Choose how the supplier handled sensitive data"},
    )
    interoperability = forms.ChoiceField(
        choices=[(i.value, INTEROPERABILITY_LABELS[i]) for i in Interoperability],
        error_messages={"required": "Choose whether its IT systems meet the interoperability standards"},
    )
    notes = forms.CharField(required=False, max_length=5000)


class ReviewRemovalForm(forms.Form):
    ground = forms.ChoiceField(
        choices=[("", "Choose a ground"), *GROUND_CHOICES],
        error_messages={"required": "Choose the ground for removal"},
    )
    reason = forms.CharField(
        max_length=5000, error_messages={"required": "Give the reason for removal, with the evidence"}
    )


class RenewalForm(forms.Form):
    scheme = forms.ChoiceField(
        choices=CertificationScheme.choices, error_messages={"required": "Choose the certification"}
    )
    reference = forms.CharField(required=False, max_length=100)
    valid_from = _date("Enter the date the certificate started", "Enter the start date as DD/MM/YYYY")
    expires_on = _date("Enter the expiry date", "Enter the expiry date as DD/MM/YYYY")


# --- The application form, built from the lots' questions ---------------------------------------


def field_name(question: Question) -> str:
    return f"q-{question.id}"


def answers_from_post(questions: list[Question], post, files) -> tuple[dict, dict]:
    """The raw answers and the new files per upload question, from a submitted form."""
    answers, uploads = {}, {}
    for q in questions:
        name = field_name(q)
        if q.type == QuestionType.CHECKBOXES:
            answers[q.id] = [v for v in post.getlist(name) if v]
        elif q.type == QuestionType.UPLOAD:
            chosen = [f for f in files.getlist(name) if getattr(f, "size", 0) or getattr(f, "name", "")]
            if chosen:
                uploads[q.id] = chosen
        else:
            answers[q.id] = post.get(name, "")
    return answers, uploads


def _parse_date(text: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def certificates_from_post(schemes: list[str], post) -> list[dict]:
    """Certificates declared on the application form; a half-filled one is refused whole."""
    found, problems = [], {}
    for scheme in schemes:
        prefix = f"cert-{scheme}"
        values = {k: post.get(f"{prefix}-{k}", "").strip() for k in ("reference", "valid_from", "expires_on")}
        if not any(values.values()):
            continue
        valid_from, expires_on = _parse_date(values["valid_from"]), _parse_date(values["expires_on"])
        if valid_from is None or expires_on is None:
            problems[prefix] = ["Enter both dates of the certificate as DD/MM/YYYY"]
            continue
        found.append(
            {
                "scheme": scheme,
                "reference": values["reference"],
                "valid_from": valid_from,
                "expires_on": expires_on,
            }
        )
    if problems:
        raise ValidationFailed(next(iter(problems.values()))[0], details={"fields": problems})
    return found


def page_fields(exc) -> None:
    """Rename a service's field names (answers.x, certifications.y) to the form's (q-x, cert-y),
    so the error summary links to the right input."""
    fields = exc.details.get("fields") or {}
    renamed = {}
    for name, messages in fields.items():
        if name.startswith("answers."):
            name = "q-" + name.removeprefix("answers.")
        elif name.startswith("certifications."):
            name = "cert-" + name.removeprefix("certifications.")
        renamed[name] = messages
    if fields:
        exc.details["fields"] = renamed
