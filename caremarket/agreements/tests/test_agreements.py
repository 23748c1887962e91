"""Setting up agreements and lots: creation, updates, the guarded lifecycle, lots and rules."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine

from caremarket.agreements import services
from caremarket.agreements.factories import QUESTIONS, make_agreement
from caremarket.agreements.models import Agreement
from caremarket.audit.models import AuditEvent
from caremarket.core.errors import Conflict, PermissionDenied, RuleViolation, ValidationFailed
from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.rules.roles import Role, Sector

pytestmark = pytest.mark.django_db
TODAY = datetime(2026, 11, 23, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(TODAY, tick=False):
        yield


def create(manager, owner, **fields):
    values = {
        "reference": "rm3825",
        "title": "HSCN dynamic purchasing system",
        "kind": "dps",
        "starts_on": date(2017, 11, 1),
        "ends_on": date(2027, 11, 30),
        "required_standards": ["hscn_compliance", "dspt"],
        **fields,
    }
    return services.agreement_create(actor=manager, owner=owner, **values)


def add_lot(manager, agreement, **fields):
    values = {"title": "HSCN connectivity", "procedures": ["further_competition"], "questions": QUESTIONS}
    return services.lot_add(actor=manager, agreement=agreement, **{**values, **fields})


def test_a_manager_creates_an_agreement_and_it_is_audited(manager, owner):
    agreement = create(manager, owner, management_fee_rate=Decimal("0.01"))
    assert (agreement.reference, agreement.stage, agreement.status()) == ("RM3825", "draft", "draft")
    assert agreement.fee_percent == "1%"
    event = AuditEvent.objects.get(action="agreement.created")
    assert event.organisation_id == owner.pk
    assert event.after["required_standards"] == ["hscn_compliance", "dspt"]


def test_every_problem_with_a_new_agreement_is_reported_at_once(manager, owner):
    with pytest.raises(ValidationFailed) as raised:
        create(
            manager,
            owner,
            reference="r m",
            title=" ",
            kind="catalogue",
            ends_on=date(2017, 1, 1),
            management_fee_rate=Decimal("1.5"),
            required_standards=["iso_9999"],
        )
    assert set(raised.value.details["fields"]) == {
        "reference",
        "title",
        "kind",
        "ends_on",
        "management_fee_rate",
        "required_standards",
    }
    assert not Agreement.objects.exists()


def test_a_reference_is_used_once(manager, owner):
    create(manager, owner)
    with pytest.raises(Conflict) as raised:
        create(manager, owner, reference="RM3825")
    assert raised.value.code == "agreement.reference_taken"


def test_only_the_owners_managers_set_up_its_agreements(owner):
    other = make_organisation(Sector.BUYER, code="X24")
    elsewhere = actor_for(make_person(roles=[(other, Role.AGREEMENT_MANAGER)]))
    buyer = actor_for(make_person(roles=[(owner, Role.BUYER)]))
    for actor in (elsewhere, buyer):
        with pytest.raises(PermissionDenied):
            create(actor, owner)


def test_an_agreement_is_run_by_a_buyer(manager):
    supplier = make_organisation(Sector.SUPPLIER)
    with pytest.raises((ValidationFailed, PermissionDenied)):
        create(manager, supplier)


def test_an_update_records_what_changed(manager, owner):
    agreement = create(manager, owner)
    services.agreement_update(
        actor=manager, agreement=agreement, title="HSCN DPS", max_call_off_term_months=60
    )
    event = AuditEvent.objects.get(action="agreement.updated")
    assert event.before == {"title": "HSCN dynamic purchasing system", "max_call_off_term_months": None}
    assert event.after == {"title": "HSCN DPS", "max_call_off_term_months": 60}


def test_the_kind_changes_only_while_a_draft(manager, owner):
    agreement = create(manager, owner)
    add_lot(manager, agreement)
    services.agreement_transition(actor=manager, agreement=agreement, to="open_for_applications")
    with pytest.raises(ValidationFailed, match="only while the agreement is a draft"):
        services.agreement_update(actor=manager, agreement=agreement, kind="framework")


def test_an_expired_agreement_cannot_change(owner, manager):
    rm1045 = make_agreement(
        owner=owner,
        reference="RM1045",
        kind="framework",
        status="closed_to_new_suppliers",
        starts_on=date(2015, 8, 1),
        ends_on=date(2019, 7, 31),
    )
    with pytest.raises(ValidationFailed, match="RM1045 expired on 31 July 2019"):
        services.agreement_update(actor=manager, agreement=rm1045, title="Network services")


# --- The lifecycle, through the service ------------------------------------------------------


def test_a_dps_is_published_goes_live_and_cannot_close(manager, owner):
    agreement = create(manager, owner)
    with pytest.raises(RuleViolation, match="Add at least one lot before publishing RM3825"):
        services.agreement_transition(actor=manager, agreement=agreement, to="open_for_applications")
    add_lot(manager, agreement)
    services.agreement_transition(actor=manager, agreement=agreement, to="open_for_applications")
    services.agreement_transition(actor=manager, agreement=agreement, to="live")
    with pytest.raises(RuleViolation, match="stays open to new suppliers for its whole life") as raised:
        services.agreement_transition(actor=manager, agreement=agreement, to="closed_to_new_suppliers")
    assert raised.value.details == {"from": "live", "to": "closed_to_new_suppliers"}
    agreement.refresh_from_db()
    assert agreement.stage == "live"
    actions = list(
        AuditEvent.objects.filter(action__startswith="agreement.").values_list("action", flat=True)
    )
    assert "agreement.published" in actions and "agreement.made_live" in actions


def test_a_framework_is_published_with_a_window_awarded_after_it_and_reopened(manager, owner):
    agreement = create(manager, owner, reference="ACS1", kind="framework", starts_on=date(2027, 1, 1))
    add_lot(manager, agreement)
    with pytest.raises(RuleViolation, match="give the date its application window closes"):
        services.agreement_transition(actor=manager, agreement=agreement, to="open_for_applications")
    services.agreement_transition(
        actor=manager,
        agreement=agreement,
        to="open_for_applications",
        applications_close_on=date(2026, 12, 14),
    )
    agreement.refresh_from_db()
    assert (agreement.applications_open_on, agreement.applications_close_on) == (
        TODAY.date(),
        date(2026, 12, 14),
    )
    with pytest.raises(RuleViolation, match="Applications to ACS1 are open until 14 December 2026"):
        services.agreement_transition(actor=manager, agreement=agreement, to="closed_to_new_suppliers")
    with (
        time_machine.travel(datetime(2026, 12, 15, 12, tzinfo=UTC), tick=False),
        pytest.raises(
            RuleViolation, match="cannot be closed to new suppliers before it starts on 1 January 2027"
        ),
    ):
        services.agreement_transition(actor=manager, agreement=agreement, to="closed_to_new_suppliers")
    with time_machine.travel(datetime(2027, 1, 4, 12, tzinfo=UTC), tick=False):
        services.agreement_transition(actor=manager, agreement=agreement, to="closed_to_new_suppliers")
        services.agreement_transition(
            actor=manager, agreement=agreement, to="live", applications_close_on=date(2027, 1, 31)
        )
    agreement.refresh_from_db()
    assert (agreement.stage, agreement.applications_close_on) == ("live", date(2027, 1, 31))


def test_nothing_moves_an_expired_agreement(manager, owner):
    rm1045 = make_agreement(
        owner=owner,
        reference="RM1045",
        kind="framework",
        status="closed_to_new_suppliers",
        starts_on=date(2015, 8, 1),
        ends_on=date(2019, 7, 31),
    )
    assert rm1045.status() == "expired"
    with pytest.raises(RuleViolation, match="RM1045 expired on 31 July 2019") as raised:
        services.agreement_transition(actor=manager, agreement=rm1045, to="live")
    assert raised.value.code == "agreement.expired"


def test_only_its_managers_move_an_agreement(owner, dps, supplier_user):
    with pytest.raises(PermissionDenied):
        services.agreement_transition(actor=supplier_user, agreement=dps, to="open_for_applications")


# --- Lots and their versioned rules -------------------------------------------------------------


def test_lots_are_numbered_in_order_with_a_first_version_of_rules(manager, owner):
    agreement = create(manager, owner)
    first = add_lot(manager, agreement)
    second = add_lot(manager, agreement, title="Overlay services", price_units=["per_device"])
    assert (first.number, second.number) == (1, 2)
    assert second.current_rules.version == 1
    assert second.current_rules.price_units == ["per_device"]
    assert [q.id for q in second.current_rules.declarations()] == ["insurance", "bankrupt"]
    with pytest.raises(Conflict, match="RM3825 already has a lot 2"):
        add_lot(manager, agreement, number=2)


def test_bad_rules_are_named(manager, owner):
    agreement = create(manager, owner)
    with pytest.raises(ValidationFailed) as raised:
        add_lot(
            manager,
            agreement,
            procedures=[],
            price_units=["per_banana"],
            questions=[{"id": "x", "type": "essay", "text": "?"}],
            thresholds={"direct_award_max_value": "lots"},
        )
    assert raised.value.code == "lot.rules_invalid"
    fields = raised.value.details["fields"]
    assert set(fields) == {"procedures", "price_units", "questions", "thresholds"}
    assert fields["questions"] == [
        "Question 1 (x): 'type' must be one of text, textbox, boolean, radios, "
        "checkboxes, number, money, upload"
    ]


def test_a_change_of_rules_is_a_new_version_and_the_old_one_stays(manager, dps):
    lot = dps.lots.get(number=1)
    rules = services.lot_rules_update(
        actor=manager,
        lot=lot,
        procedures=["further_competition", "direct_award"],
        takes_new_suppliers=True,
        price_units=["per_connection"],
        thresholds={"direct_award_max_value": "50000"},
        note="Direct award for small call-offs",
    )
    assert rules.version == 2
    assert rules.thresholds == {"direct_award_max_value": "50000.00"}
    assert rules.questions == lot.rules_versions.get(version=1).questions  # kept when not given
    same = services.lot_rules_update(
        actor=manager,
        lot=lot,
        procedures=["further_competition", "direct_award"],
        takes_new_suppliers=True,
        price_units=["per_connection"],
        thresholds={"direct_award_max_value": "50000.00"},
    )
    assert same.pk == rules.pk  # nothing changed, no new version
    assert lot.rules_versions.count() == 2
    event = AuditEvent.objects.get(action="lot.rules_changed")
    assert (event.before["version"], event.after["version"]) == (1, 2)


def test_an_awarded_frameworks_lots_cannot_change(manager, owner):
    framework = make_agreement(owner=owner, kind="framework", status="closed_to_new_suppliers")
    with pytest.raises(RuleViolation, match="a framework that has been awarded: its lots cannot change"):
        add_lot(manager, framework)
