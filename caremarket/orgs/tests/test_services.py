from datetime import date, timedelta

import pytest

from caremarket.audit.models import AuditEvent
from caremarket.core import clock
from caremarket.core.errors import Conflict, NotFound, PermissionDenied, RuleViolation, ValidationFailed
from caremarket.orgs import services
from caremarket.orgs.choices import CertificationScheme, OrganisationType, Region
from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.orgs.models import ApiToken, Membership, Organisation, Person, hash_token
from caremarket.orgs.selectors import actor_for_api_token
from caremarket.rules.roles import Role, Sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def icb():
    return make_organisation(code="QJG", name="NHS Suffolk and North East Essex ICB")


@pytest.fixture
def icb_admin(icb):
    return actor_for(make_person(roles=[(icb, Role.ORG_ADMIN)]))


# --- Organisations -----------------------------------------------------------------------


def test_create_organisation_records_who_and_what(system):
    org = services.organisation_create(
        actor=system,
        code="rgr",
        name=" West Suffolk NHS FT ",
        sector=Sector.BUYER,
        org_type=OrganisationType.TRUST,
        region=Region.EAST,
        postcode="ip33 2qz",
    )
    assert (org.code, org.name, org.postcode) == ("RGR", "West Suffolk NHS FT", "IP33 2QZ")
    event = AuditEvent.objects.get(action="organisation.created")
    assert event.organisation_id == org.pk
    assert event.after["code"] == "RGR"


def test_every_problem_with_a_new_organisation_is_reported_at_once(system):
    with pytest.raises(ValidationFailed) as raised:
        services.organisation_create(
            actor=system,
            code="a b",
            name="",
            sector=Sector.SUPPLIER,
            org_type=OrganisationType.ICB,
            region="wales",
        )
    assert set(raised.value.details["fields"]) == {"code", "name", "org_type", "region"}
    assert "A supplier organisation must be one of" in raised.value.details["fields"]["org_type"][0]
    assert not Organisation.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_taken_code_is_refused(system, icb):
    with pytest.raises(Conflict, match="already exists") as raised:
        services.organisation_create(
            actor=system, code="qjg", name="Another", sector=Sector.BUYER, org_type=OrganisationType.ICB
        )
    assert raised.value.code == "organisation.code_taken"


def test_only_platform_admins_create_organisations(icb_admin):
    with pytest.raises(PermissionDenied):
        services.organisation_create(
            actor=icb_admin, code="NEW", name="New", sector=Sector.BUYER, org_type=OrganisationType.ICB
        )


def test_an_org_admin_updates_their_organisation_and_the_change_is_audited(icb, icb_admin):
    services.organisation_update(
        actor=icb_admin, organisation=icb, postcode="ip1 2bx", website="https://example.nhs.uk"
    )
    icb.refresh_from_db()
    assert icb.postcode == "IP1 2BX"
    event = AuditEvent.objects.get(action="organisation.updated")
    assert event.before == {"postcode": "", "website": ""}
    assert event.after == {"postcode": "IP1 2BX", "website": "https://example.nhs.uk"}


def test_an_update_that_changes_nothing_records_nothing(icb, icb_admin):
    before = AuditEvent.objects.count()
    services.organisation_update(actor=icb_admin, organisation=icb, name=icb.name)
    assert AuditEvent.objects.count() == before


def test_an_org_admin_cannot_change_the_code(icb, icb_admin):
    with pytest.raises(ValidationFailed, match="Only a platform administrator"):
        services.organisation_update(actor=icb_admin, organisation=icb, code="QXX")


def test_another_organisations_admin_cannot_update(icb):
    stranger = actor_for(make_person(roles=[(make_organisation(), Role.ORG_ADMIN)]))
    with pytest.raises(PermissionDenied):
        services.organisation_update(actor=stranger, organisation=icb, name="Hijacked")
    icb.refresh_from_db()
    assert icb.name != "Hijacked"


def test_input_too_long_for_the_database_is_refused_with_a_message(system):
    with pytest.raises(ValidationFailed) as raised:
        services.organisation_create(
            actor=system,
            code="LONG",
            name="Long",
            sector=Sector.BUYER,
            org_type=OrganisationType.ICB,
            postcode="certifications",
            website="not a web address",
        )
    assert set(raised.value.details["fields"]) == {"postcode", "website"}
    assert not Organisation.objects.exists()


def test_closing_before_opening_is_refused(icb, system):
    with pytest.raises(ValidationFailed, match="closing date"):
        services.organisation_update(
            actor=system, organisation=icb, opened_on=date(2020, 1, 1), closed_on=date(2019, 1, 1)
        )


# --- Sites and certifications --------------------------------------------------------------


def test_a_buyer_adds_a_site_and_a_duplicate_code_is_refused(icb):
    buyer = actor_for(make_person(roles=[(icb, Role.BUYER)]))
    site = services.site_add(actor=buyer, organisation=icb, code="end", name="Endeavour House")
    assert site.code == "END"
    with pytest.raises(Conflict, match="already has a site with the code END"):
        services.site_add(actor=buyer, organisation=icb, code="END", name="Another")
    assert icb.sites.count() == 1


def test_an_evaluator_cannot_add_sites(icb):
    evaluator = actor_for(make_person(roles=[(icb, Role.EVALUATOR)]))
    with pytest.raises(PermissionDenied):
        services.site_add(actor=evaluator, organisation=icb, code="X", name="X")


def test_a_supplier_declares_a_certification_with_a_status_from_the_clock():
    supplier = make_organisation(Sector.SUPPLIER)
    user = actor_for(make_person(roles=[(supplier, Role.SUPPLIER_USER)]))
    today = clock.today()
    cert = services.certification_declare(
        actor=user,
        organisation=supplier,
        scheme=CertificationScheme.DSPT,
        valid_from=today - timedelta(days=400),
        expires_on=today - timedelta(days=1),
    )
    assert cert.status() == "expired"
    assert cert.status(today - timedelta(days=2)) == "expiring"


@pytest.mark.parametrize(
    ("scheme", "valid_from", "expires_on", "field"),
    [
        ("gold_star", date(2026, 1, 1), date(2027, 1, 1), "scheme"),
        (CertificationScheme.DSPT, date(2027, 1, 1), date(2026, 1, 1), "expires_on"),
    ],
)
def test_bad_certifications_are_refused_and_nothing_is_saved(system, scheme, valid_from, expires_on, field):
    supplier = make_organisation(Sector.SUPPLIER)
    with pytest.raises(ValidationFailed) as raised:
        services.certification_declare(
            actor=system, organisation=supplier, scheme=scheme, valid_from=valid_from, expires_on=expires_on
        )
    assert field in raised.value.details["fields"]
    assert not supplier.certifications.exists()


# --- People and memberships ------------------------------------------------------------------


def test_granting_a_role_to_someone_new_invites_them(
    icb, icb_admin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.membership_grant(
            actor=icb_admin,
            organisation=icb,
            email="New.Person@Example.NHS.uk",
            full_name="New Person",
            role=Role.EVALUATOR,
        )
    person = membership.person
    assert person.email == "new.person@example.nhs.uk"
    assert not person.has_usable_password()
    assert len(mailoutbox) == 1
    assert "/set-password/" in mailoutbox[0].body
    newest = AuditEvent.objects.order_by("-seq")[:2]
    assert [e.action for e in reversed(newest)] == ["person.invited", "membership.granted"]


def test_a_new_person_needs_a_name(icb, icb_admin):
    with pytest.raises(ValidationFailed, match="full name") as raised:
        services.membership_grant(
            actor=icb_admin, organisation=icb, email="x@example.nhs.uk", role=Role.BUYER
        )
    assert list(raised.value.details["fields"]) == ["full_name"]
    assert not Person.objects.filter(email="x@example.nhs.uk").exists()


def test_a_role_must_suit_the_organisation(icb, icb_admin):
    with pytest.raises(
        RuleViolation, match="A supplier user cannot belong to a buyer organisation"
    ) as raised:
        services.membership_grant(
            actor=icb_admin,
            organisation=icb,
            email="x@example.nhs.uk",
            full_name="X",
            role=Role.SUPPLIER_USER,
        )
    assert raised.value.code == "membership.role_not_allowed_for_sector"


def test_the_same_role_twice_is_refused(icb, icb_admin):
    person = make_person(roles=[(icb, Role.BUYER)])
    with pytest.raises(Conflict, match="already a buyer"):
        services.membership_grant(actor=icb_admin, organisation=icb, email=person.email, role=Role.BUYER)


def test_a_procurement_lead_cannot_manage_people(icb):
    lead = actor_for(make_person(roles=[(icb, Role.PROCUREMENT_LEAD)]))
    with pytest.raises(PermissionDenied):
        services.membership_grant(
            actor=lead, organisation=icb, email="x@example.nhs.uk", full_name="X", role=Role.BUYER
        )


def test_the_last_administrator_cannot_be_removed(icb, icb_admin):
    with pytest.raises(RuleViolation, match="last administrator"):
        services.membership_revoke(
            actor=icb_admin, organisation=icb, person_id=icb_admin.person_id, role=Role.ORG_ADMIN
        )
    second = make_person(roles=[(icb, Role.ORG_ADMIN)])
    services.membership_revoke(actor=icb_admin, organisation=icb, person_id=second.pk, role=Role.ORG_ADMIN)
    assert not Membership.objects.filter(person=second).exists()
    assert AuditEvent.objects.filter(action="membership.revoked").count() == 1


def test_revoking_a_role_someone_does_not_hold_is_not_found(icb, icb_admin):
    with pytest.raises(NotFound):
        services.membership_revoke(
            actor=icb_admin, organisation=icb, person_id=icb_admin.person_id, role=Role.BUYER
        )


def test_an_actor_carries_every_role_in_every_organisation(icb):
    trust = make_organisation()
    platform = make_organisation(Sector.PLATFORM)
    person = make_person(
        roles=[(icb, Role.BUYER), (icb, Role.EVALUATOR), (trust, Role.APPROVER), (platform, Role.AUDITOR)]
    )
    actor = actor_for(person, trust)
    assert actor.roles_in(icb.pk) == {"buyer", "evaluator"}
    assert actor.organisation_id == trust.pk
    assert actor.is_auditor and actor.sees_everything and not actor.is_platform_admin


# --- API tokens --------------------------------------------------------------------------------


def test_a_token_is_shown_once_and_only_its_hash_is_kept(icb):
    actor = actor_for(make_person(roles=[(icb, Role.BUYER)]))
    token, secret = services.api_token_create(actor=actor, name="Reports")
    assert secret.startswith("cm_")
    assert token.token_hash == hash_token(secret) and secret not in token.token_hash
    holder = actor_for_api_token(secret)
    assert holder.actor.person_id == actor.person_id and holder.actor.roles_in(icb.pk) == {"buyer"}
    services.api_token_revoke(actor=actor, token_id=token.pk)
    assert actor_for_api_token(secret) is None
    with pytest.raises(Conflict, match="already revoked"):
        services.api_token_revoke(actor=actor, token_id=token.pk)


def test_an_expired_token_does_not_work(icb):
    actor = actor_for(make_person(roles=[(icb, Role.BUYER)]))
    token, secret = services.api_token_create(
        actor=actor, name="Short", expires_at=clock.now() + timedelta(hours=1)
    )
    ApiToken.objects.filter(pk=token.pk).update(expires_at=clock.now() - timedelta(seconds=1))
    assert actor_for_api_token(secret) is None


def test_a_deactivated_persons_token_does_not_work(icb):
    person = make_person(roles=[(icb, Role.BUYER)])
    _, secret = services.api_token_create(actor=actor_for(person), name="Theirs")
    Person.objects.filter(pk=person.pk).update(is_active=False)
    assert actor_for_api_token(secret) is None


def test_token_use_is_noted_at_most_every_few_minutes(icb):
    actor = actor_for(make_person(roles=[(icb, Role.BUYER)]))
    token, secret = services.api_token_create(actor=actor, name="Busy")
    services.api_token_used(token_id=token.pk, last_used_at=None)
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None
    services.api_token_used(token_id=token.pk, last_used_at=actor_for_api_token(secret).last_used_at)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first


def test_nobody_can_revoke_someone_elses_token(icb):
    owner = actor_for(make_person(roles=[(icb, Role.BUYER)]))
    other = actor_for(make_person(roles=[(icb, Role.ORG_ADMIN)]))
    token, _ = services.api_token_create(actor=owner, name="Mine")
    with pytest.raises(NotFound):
        services.api_token_revoke(actor=other, token_id=token.pk)


def test_the_directory_shows_a_new_organisation_at_once(client, icb):
    actor = actor_for(make_person(roles=[(icb, Role.BUYER)]))
    _, secret = services.api_token_create(actor=actor, name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    first = client.get("/api/v1/organisations?page=1&page_size=50", **auth).json()
    assert first["count"] == 1 and first["items"][0]["code"] == "QJG"
    make_organisation(code="RGR", name="West Suffolk NHS Foundation Trust")
    second = client.get("/api/v1/organisations?page=1&page_size=50", **auth).json()
    assert second["count"] == 2
    assert [o["code"] for o in second["items"]] == ["QJG", "RGR"]  # by name
    page_two = client.get("/api/v1/organisations?page=2&page_size=1", **auth).json()
    assert page_two["count"] == 2 and len(page_two["items"]) == 1
