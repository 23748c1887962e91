"""Forms for the catalogue's pages."""

from django import forms

from caremarket.catalogue.choices import CATEGORY_CHOICES, REGION_CHOICES, Specialism
from caremarket.rules.catalogue import MAX_QUANTITY, MAX_TERM_MONTHS


class ListingForm(forms.Form):
    name = forms.CharField(max_length=120, error_messages={"required": "Enter the service's name"})
    summary = forms.CharField(max_length=300, error_messages={"required": "Enter a one-line summary"})
    description = forms.CharField(required=False, max_length=5000)
    category = forms.ChoiceField(choices=CATEGORY_CHOICES, error_messages={"required": "Choose a category"})
    regions = forms.MultipleChoiceField(
        choices=REGION_CHOICES, error_messages={"required": "Choose the regions the service covers"}
    )
    capacity = forms.CharField(required=False, max_length=200)
    features = forms.CharField(required=False, max_length=5000, help_text="One a line")

    def clean_features(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["features"].splitlines() if line.strip()]


class NewListingForm(ListingForm):
    lot = forms.ChoiceField(choices=[], error_messages={"required": "Choose the lot the service is under"})

    def __init__(self, *args, lots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lot"].choices = [
            (str(lot.pk), f"{lot.agreement.reference} lot {lot.number}: {lot.title}") for lot in lots
        ]


class PriceFileForm(forms.Form):
    file = forms.FileField(error_messages={"required": "Choose a CSV or XLSX file"})


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=2000, error_messages={"required": "Give the reason"})


class ShortlistForm(forms.Form):
    name = forms.CharField(max_length=200, error_messages={"required": "Give the shortlist a name"})
    purpose = forms.CharField(required=False, max_length=2000)


class QuantityForm(forms.Form):
    quantity = forms.IntegerField(min_value=1, max_value=MAX_QUANTITY, required=False)
    term_months = forms.IntegerField(min_value=1, max_value=MAX_TERM_MONTHS, required=False)


class AdvisorForm(forms.Form):
    headline = forms.CharField(
        max_length=200, error_messages={"required": "Say in a line what you advise on"}
    )
    biography = forms.CharField(required=False, max_length=3000)
    specialisms = forms.MultipleChoiceField(
        choices=Specialism.choices, error_messages={"required": "Choose at least one specialism"}
    )
    regions = forms.MultipleChoiceField(
        choices=REGION_CHOICES, error_messages={"required": "Choose the regions you work in"}
    )
    contact_email = forms.EmailField(
        error_messages={
            "required": "Enter the email address buyers should use",
            "invalid": "Enter an email address in the correct format",
        }
    )
