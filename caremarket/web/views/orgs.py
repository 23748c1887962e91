"""Organisation pages: the directory, one organisation, its people, sites and certifications."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from caremarket.core.errors import ApplicationError
from caremarket.core.middleware import SESSION_ORGANISATION_KEY
from caremarket.core.permissions import can, require
from caremarket.orgs import selectors, services
from caremarket.orgs.choices import OrganisationType, Region
from caremarket.rules.roles import ROLE_LABELS, ROLES_BY_SECTOR, Role, Sector
from caremarket.web.forms import (
    AddPersonForm,
    CertificationForm,
    OrganisationDetailsForm,
    SiteForm,
    form_errors,
    render_form,
)
from caremarket.web.pagination import paginate


@login_required
def directory(request):
    filters = selectors.DirectoryFilters(
        q=request.GET.get("q", "").strip(),
        sector=request.GET.get("sector", ""),
        region=request.GET.get("region", ""),
        org_type=request.GET.get("org_type", ""),
        include_closed=request.GET.get("include_closed") == "yes",
    )
    page, nav = paginate(request, selectors.organisations_for_actor(request.actor, filters))
    return render(
        request,
        "web/orgs/directory.jinja",
        {
            "page": page,
            "nav": nav,
            "filters": filters,
            "regions": Region.choices,
            "sectors": [(s.value, s.value.title()) for s in Sector],
            "types": OrganisationType.choices,
        },
    )


@login_required
def detail(request, code: str):
    org = selectors.organisation_for_actor(request.actor, code)
    actor = request.actor
    return render(
        request,
        "web/orgs/detail.jinja",
        {
            "org": org,
            "sites": selectors.site_rows(org),
            "certifications": selectors.certifications_of(org),
            "can_view_people": can(actor, "orgs.view_people", org),
            "can_edit": can(actor, "orgs.update_organisation", org),
            "can_manage_sites": can(actor, "orgs.manage_sites", org),
            "can_manage_certifications": can(actor, "orgs.manage_certifications", org),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_details(request, code: str):
    org = selectors.organisation_for_actor(request.actor, code)
    require(request.actor, "orgs.update_organisation", org)
    initial = {name: getattr(org, name) for name in OrganisationDetailsForm.base_fields}
    form = OrganisationDetailsForm(request.POST or None, initial=initial)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(actor=request.actor, organisation=org, **form.cleaned_data)
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(request, f"The details of {org.name} were saved")
            return redirect("web:org-detail", code=org.code)
    context = {"org": org, "form": form, **form_errors(form, error)}
    return render_form(request, "web/orgs/edit.jinja", context)


@login_required
def people(request, code: str):
    org = selectors.organisation_for_actor(request.actor, code)
    members = selectors.members_for_actor(request.actor, org)
    return render(
        request,
        "web/orgs/people.jinja",
        {
            "org": org,
            "members": members,
            "can_manage": can(request.actor, "orgs.manage_people", org),
        },
    )


def _roles_for(org) -> list[tuple[str, str]]:
    allowed = ROLES_BY_SECTOR[Sector(org.sector)]
    return [(role.value, ROLE_LABELS[role]) for role in Role if role in allowed]


@login_required
@require_http_methods(["GET", "POST"])
def add_person(request, code: str):
    org = selectors.organisation_for_actor(request.actor, code)
    require(request.actor, "orgs.manage_people", org)
    form = AddPersonForm(request.POST or None, roles=_roles_for(org))
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.membership_grant(actor=request.actor, organisation=org, **form.cleaned_data)
        except ApplicationError as exc:
            error = exc
        else:
            role = ROLE_LABELS[Role(membership.role)].lower()
            article = "an" if role[0] in "aeiou" else "a"
            messages.success(request, f"{membership.person.full_name} is now {article} {role} at {org.name}")
            return redirect("web:org-people", code=org.code)
    context = {"org": org, "form": form, "roles": _roles_for(org), **form_errors(form, error)}
    return render_form(request, "web/orgs/add_person.jinja", context)


@login_required
@require_POST
def revoke_role(request, code: str, person_id: int, role: str):
    org = selectors.organisation_for_actor(request.actor, code)
    try:
        services.membership_revoke(actor=request.actor, organisation=org, person_id=person_id, role=role)
    except ApplicationError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, "The role was removed")
    return redirect("web:org-people", code=org.code)


@login_required
@require_http_methods(["GET", "POST"])
def add_site(request, code: str):
    org = selectors.organisation_for_actor(request.actor, code)
    require(request.actor, "orgs.manage_sites", org)
    form = SiteForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            site = services.site_add(actor=request.actor, organisation=org, **form.cleaned_data)
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(request, f"{site.name} was added")
            return redirect("web:org-detail", code=org.code)
    return render_form(
        request, "web/orgs/add_site.jinja", {"org": org, "form": form, **form_errors(form, error)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def declare_certification(request, code: str):
    org = selectors.organisation_for_actor(request.actor, code)
    require(request.actor, "orgs.manage_certifications", org)
    form = CertificationForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            cert = services.certification_declare(actor=request.actor, organisation=org, **form.cleaned_data)
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(request, f"{cert.get_scheme_display()} was recorded")
            return redirect("web:org-detail", code=org.code)
    context = {"org": org, "form": form, **form_errors(form, error)}
    return render_form(request, "web/orgs/declare_certification.jinja", context)


@login_required
@require_http_methods(["GET", "POST"])
def switch_organisation(request):
    mine = selectors.organisations_of_actor(request.actor)
    if request.method == "POST":
        chosen = next((o for o in mine if str(o.pk) == request.POST.get("organisation")), None)
        if chosen is None:
            context = {
                "organisations": mine,
                "errors": [{"text": "Choose an organisation", "href": "#organisation"}],
                "field_errors": {"organisation": "Choose an organisation"},
            }
            return render_form(request, "web/orgs/switch.jinja", context)
        request.session[SESSION_ORGANISATION_KEY] = chosen.pk
        messages.success(request, f"You are now acting for {chosen.name}")
        return redirect("web:home")
    return render(request, "web/orgs/switch.jinja", {"organisations": mine, "errors": [], "field_errors": {}})
