"""Forms for the sourcing pages: requirements, buying clubs, collaborations, procurements,
intentions, the route advisor's questions and the diagnostic's cost figures."""

from django import forms

from caremarket.core.validation import check_date_range
from caremarket.orgs.choices import Region
from caremarket.rules.catalogue import CATEGORIES
from caremarket.sourcing.choices import CLUB_KIND_CHOICES, CollaborationRoute, ValueBand

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d %m %Y"]
REGION_CHOICES = [c for c in Region.choices if c[0] != Region.NATIONAL]
CATEGORY_CHOICES = [(code, label) for code, (_, label) in CATEGORIES.items()]


def _date(name: str, required: bool = True) -> forms.DateField:
    return forms.DateField(
        required=required,
        input_formats=DATE_FORMATS,
        validators=[check_date_range],
        error_messages={"required": f"Enter the {name}", "invalid": f"Enter the {name} as DD/MM/YYYY"},
    )


class RequirementSetForm(forms.Form):
    title = forms.CharField(
        max_length=200, error_messages={"required": "Enter a title for the requirement set"}
    )
    lot = forms.ChoiceField(required=False, choices=[])

    def __init__(self, *args, lots: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lot"].choices = [("", "No particular lot"), *lots]


class UploadForm(forms.Form):
    file = forms.FileField(
        error_messages={"required": "Choose the filled-in template (XLSX or CSV) to upload"}
    )


class RequirementLineForm(forms.Form):
    site_code = forms.ChoiceField(choices=[], error_messages={"required": "Choose the site"})
    service_type = forms.ChoiceField(choices=[], error_messages={"required": "Choose the service type"})
    quantity = forms.CharField(max_length=10, error_messages={"required": "Enter the quantity"})
    unit = forms.ChoiceField(choices=[], error_messages={"required": "Choose the unit"})
    size = forms.CharField(required=False, max_length=60)
    required_by = forms.CharField(
        max_length=20, error_messages={"required": "Enter the date it is needed by"}
    )
    notes = forms.CharField(required=False, max_length=1000)

    def __init__(self, *args, sites, service_types, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site_code"].choices = sites
        self.fields["service_type"].choices = [(s, s) for s in service_types]
        self.fields["unit"].choices = units


class ClubForm(forms.Form):
    name = forms.CharField(max_length=200, error_messages={"required": "Enter the club's name"})
    reference = forms.CharField(required=False, max_length=30)
    kind = forms.ChoiceField(
        choices=CLUB_KIND_CHOICES, error_messages={"required": "Choose the kind of club"}
    )
    region = forms.ChoiceField(required=False, choices=[("", "No region"), *REGION_CHOICES])
    lot = forms.ChoiceField(choices=[], error_messages={"required": "Choose the agreement and lot"})
    launch_date = _date("launch date")
    join_notice_weeks = forms.IntegerField(
        min_value=0,
        max_value=52,
        initial=6,
        error_messages={
            "required": "Enter the joining notice in weeks",
            "invalid": "Enter a whole number of weeks",
        },
    )
    description = forms.CharField(required=False, max_length=5000)

    def __init__(self, *args, lots: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lot"].choices = lots


class LaunchDateForm(forms.Form):
    launch_date = _date("launch date")
    join_notice_weeks = forms.IntegerField(
        min_value=0, max_value=52, error_messages={"required": "Enter the joining notice in weeks"}
    )


class CollaborationForm(forms.Form):
    name = forms.CharField(max_length=200, error_messages={"required": "Enter the collaboration's name"})
    route = forms.ChoiceField(
        choices=CollaborationRoute.choices, error_messages={"required": "Choose the route"}
    )
    agreement = forms.ChoiceField(required=False, choices=[])
    intelligent_client_function = forms.CharField(required=False, max_length=2000)
    technical_design_authority = forms.CharField(required=False, max_length=2000)
    legal_access = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args, agreements: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].choices = [("", "None (open procedure)"), *agreements]


class PartnerForm(forms.Form):
    code = forms.CharField(
        max_length=20, error_messages={"required": "Enter the partner's organisation code"}
    )
    commitment = forms.CharField(required=False, max_length=2000)


class IndividualForm(forms.Form):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter the procurement's title"})
    route = forms.ChoiceField(
        choices=CollaborationRoute.choices, error_messages={"required": "Choose the route"}
    )
    agreement = forms.ChoiceField(required=False, choices=[])

    def __init__(self, *args, agreements: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].choices = [("", "None (open procedure)"), *agreements]


class IntentionForm(forms.Form):
    title = forms.CharField(max_length=255, error_messages={"required": "Enter what you plan to buy"})
    description = forms.CharField(required=False, max_length=5000)
    category = forms.ChoiceField(choices=CATEGORY_CHOICES, error_messages={"required": "Choose the category"})
    region = forms.ChoiceField(choices=REGION_CHOICES, error_messages={"required": "Choose the region"})
    value_band = forms.ChoiceField(
        choices=ValueBand.choices, error_messages={"required": "Choose the value band"}
    )
    launch_on = _date("launch date")
    closes_on = _date("closing date", required=False)
