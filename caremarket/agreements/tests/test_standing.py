"""A supplier's standing on a lot: suspension, reinstatement, removal, compliance from the
clock, the invitable list, and the guards later domains call."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine

from caremarket.agreements import selectors, services
from caremarket.agreements.factories import SYSTEM, admitted_supplier, make_agreement, make_supplier
from caremarket.agreements.models import Lot, StandingChange
from caremarket.audit.models import AuditEvent
from caremarket.core.errors import PermissionDenied, RuleViolation, ValidationFailed
from caremarket.orgs.services import certification_declare
from caremarket.rules.dates import spoken_date

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def place(dps):
    return admitted_supplier(dps, code="S1005", name="Albion Data Services Ltd")


def test_a_suspended_supplier_leaves_the_invitable_list_and_keeps_its_history(manager, dps, place):
    lot = place.lot
    assert selectors.invitable_suppliers(lot) == [place.supplier]
    services.lot_supplier_suspend(
        actor=manager, place=place, ground="unpaid_management_fees", reason="Q2 and Q3 fees unpaid"
    )
    place.refresh_from_db()
    assert (place.status, place.ground) == ("suspended", "unpaid_management_fees")
    assert selectors.invitable_suppliers(lot) == []
    row = selectors.lot_supplier_rows(lot)[0]
    assert (
        row.refusal == "Albion Data Services Ltd is suspended from lot 1 of RM3825 (unpaid management fees)"
    )
    with pytest.raises(RuleViolation, match="is suspended from lot 1 of RM3825") as raised:
        services.ensure_supplier_can_trade(lot, place.supplier)
    assert raised.value.code == "supplier.suspended"
    event = AuditEvent.objects.get(action="lot_supplier.suspended")
    assert event.after["ground"] == "unpaid_management_fees"

    services.lot_supplier_reinstate(actor=manager, place=place, reason="Fees paid in full")
    assert selectors.invitable_suppliers(lot) == [place.supplier]
    services.ensure_supplier_can_trade(lot, place.supplier)
    history = [(c.from_status, c.to_status) for c in StandingChange.objects.order_by("changed_at", "id")]
    assert history == [("", "admitted"), ("admitted", "suspended"), ("suspended", "admitted")]


def test_a_removed_supplier_cannot_trade_or_be_reinstated(manager, place):
    services.lot_supplier_remove(
        actor=manager, place=place, ground="data_mishandling", reason="Patient data emailed"
    )
    with pytest.raises(
        RuleViolation, match=r"was removed from lot 1 of RM3825 \(mishandling sensitive data\)"
    ):
        services.ensure_supplier_can_trade(place.lot, place.supplier)
    with pytest.raises(
        RuleViolation, match=r"Only a suspended supplier can be reinstated.*it must apply again"
    ):
        services.lot_supplier_reinstate(actor=manager, place=place, reason="Sorry")
    with pytest.raises(RuleViolation, match="only an admitted supplier can be suspended"):
        services.lot_supplier_suspend(actor=manager, place=place, ground="other", reason="x")
    place.refresh_from_db()
    assert place.status == "removed"
    assert place.changes.count() == 2  # the history stays


@pytest.mark.parametrize(
    ("change", "ground", "reason", "fields"),
    [
        ("suspend", "", "Late", {"ground"}),
        ("suspend", "unpaid_management_fees", "", {"reason"}),
        ("remove", "bribery", "x", {"ground"}),
    ],
)
def test_a_ground_and_a_reason_are_needed(manager, place, change, ground, reason, fields):
    act = services.lot_supplier_suspend if change == "suspend" else services.lot_supplier_remove
    with pytest.raises(ValidationFailed) as raised:
        act(actor=manager, place=place, ground=ground, reason=reason)
    assert set(raised.value.details["fields"]) == fields
    place.refresh_from_db()
    assert place.status == "admitted"


def test_suspending_twice_is_refused(manager, place):
    services.lot_supplier_suspend(actor=manager, place=place, ground="poor_performance", reason="KPIs missed")
    with pytest.raises(RuleViolation, match="is already suspended on lot 1 of RM3825"):
        services.lot_supplier_suspend(actor=manager, place=place, ground="poor_performance", reason="Again")


def test_only_the_agreements_managers_change_standing(buyer, supplier_user, place):
    for actor in (buyer, supplier_user):
        with pytest.raises(PermissionDenied):
            services.lot_supplier_suspend(actor=actor, place=place, ground="other", reason="x")


def at_noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def test_non_compliance_follows_the_clock_with_no_job(place):
    """A certificate that expires takes the supplier off the invitable list the next day,
    and a renewal puts it back."""
    expires_on = place.supplier.certifications.get().expires_on
    with time_machine.travel(at_noon(expires_on), tick=False):
        assert selectors.invitable_suppliers(place.lot) == [place.supplier]
    day_after = expires_on + timedelta(days=1)
    with time_machine.travel(at_noon(day_after), tick=False):
        assert selectors.invitable_suppliers(place.lot) == []
        with pytest.raises(RuleViolation) as raised:
            services.ensure_supplier_can_trade(place.lot, place.supplier)
        assert raised.value.code == "supplier.non_compliant"
        assert raised.value.message == (
            "Albion Data Services Ltd is non-compliant: Data Security and Protection Toolkit expired on "
            f"{spoken_date(expires_on)}"
        )
        row = selectors.lot_supplier_rows(place.lot)[0]
        assert row.gaps == [f"Data Security and Protection Toolkit expired on {spoken_date(expires_on)}"]
        certification_declare(
            actor=SYSTEM,
            organisation=place.supplier,
            scheme="dspt",
            valid_from=day_after,
            expires_on=day_after + timedelta(days=365),
        )
        assert selectors.invitable_suppliers(place.lot) == [place.supplier]


def test_a_supplier_not_on_the_lot_cannot_trade(dps):
    stranger = make_supplier(name="Stranger Ltd")
    with pytest.raises(RuleViolation, match="Stranger Ltd is not on lot 1 of RM3825"):
        services.ensure_supplier_can_trade(dps.lots.get(number=1), stranger)


def test_nobody_is_invitable_once_the_agreement_expires(owner):
    agreement = make_agreement(owner=owner, reference="DPS9", ends_on=date(2027, 1, 1))
    place = admitted_supplier(agreement)
    with time_machine.travel(datetime(2027, 1, 2, 12, tzinfo=UTC), tick=False):
        assert selectors.invitable_suppliers(place.lot) == []
        with pytest.raises(RuleViolation, match="DPS9 expired on 1 January 2027"):
            services.ensure_supplier_can_trade(place.lot, place.supplier)


@pytest.mark.parametrize(
    ("reference", "procedure", "kwargs", "message"),
    [
        ("RM3825", "further_competition", {}, None),
        ("RM3825", "direct_award", {}, "Direct award is not allowed on lot 1 of RM3825"),
        ("RM1045", "direct_award", {}, "RM1045 expired on 31 July 2019"),
        ("LIVE1", "direct_award", {"value": Decimal("40000")}, None),
        (
            "LIVE1",
            "direct_award",
            {"value": Decimal("60000")},
            "A direct award on lot 1 of LIVE1 may be worth at most",
        ),
        (
            "LIVE1",
            "further_competition",
            {"term_months": 61},
            "Call-offs under LIVE1 may last at most 60 months",
        ),
    ],
)
def test_call_offs_are_checked_against_the_agreement(owner, dps, reference, procedure, kwargs, message):
    make_agreement(
        owner=owner,
        reference="RM1045",
        kind="framework",
        status="closed_to_new_suppliers",
        procedures=("further_competition", "direct_award"),
        starts_on=date(2015, 8, 1),
        ends_on=date(2019, 7, 31),
    )
    live = make_agreement(
        owner=owner,
        reference="LIVE1",
        procedures=("further_competition", "direct_award"),
        max_call_off_term_months=60,
    )
    services.lot_rules_update(
        actor=SYSTEM,
        lot=live.lots.get(number=1),
        procedures=["further_competition", "direct_award"],
        takes_new_suppliers=True,
        thresholds={"direct_award_max_value": "50000"},
    )
    target = Lot.objects.get(agreement__reference=reference, number=1)
    if message is None:
        services.ensure_call_off_allowed(target, procedure, **kwargs)
    else:
        with pytest.raises(RuleViolation, match=message):
            services.ensure_call_off_allowed(target, procedure, **kwargs)
