"""The annual review: every supplier listed with its performance, fees and compliance."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine

from caremarket.agreements import selectors, services
from caremarket.agreements.factories import admitted_supplier, apply, make_agreement, make_supplier
from caremarket.audit.models import AuditEvent
from caremarket.core.errors import Conflict, PermissionDenied, RuleViolation, ValidationFailed
from caremarket.orgs.factories import actor_for, make_person
from caremarket.rules.roles import Role

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def places(dps):
    good = admitted_supplier(dps, code="S1003", name="Meridian Health Networks plc")
    late = admitted_supplier(dps, code="S1005", name="Albion Data Services Ltd")
    expired = admitted_supplier(dps, code="S1004", name="Castlegate Digital Ltd")
    cert = expired.supplier.certifications.get()
    cert.expires_on = date(2026, 9, 21)  # lapsed after admission
    cert.save()
    apply(make_supplier(name="Pending Ltd"), dps)  # not admitted, so not reviewed
    return good, late, expired


def late_supplier(places):
    return places[1].supplier


def unpaid_invoices(supplier, agreement, values, *, due_on=date(2026, 10, 31), paid_on=None):
    """Invoices on the fee ledger: a return per month (off-platform sales), each invoiced."""
    from caremarket.contracts import services as fee_services
    from caremarket.contracts.models import FeeInvoice
    from caremarket.orgs.factories import SYSTEM

    owner = actor_for(make_person(roles=[(agreement.owner, Role.AGREEMENT_MANAGER)]))
    invoices = []
    for month, value in zip([date(2026, 9, 1), date(2026, 8, 1), date(2026, 7, 1)], values, strict=False):
        content = (
            f"order_reference,customer_code,invoice_date,description,value\n,QJG,{month},Support,{value}\n"
        )
        fee_return = fee_services.fee_return_submit(
            actor=SYSTEM,
            supplier=supplier,
            agreement=agreement,
            period=month,
            file_name="r.csv",
            content=content.encode(),
        )
        invoice = fee_services.fee_invoice_issue(actor=owner, fee_return=fee_return)
        FeeInvoice.objects.filter(pk=invoice.pk).update(due_on=due_on, paid_on=paid_on)
        invoices.append(invoice)
    return invoices


def record(manager, review, code, **fields):
    values = {"performance": "good", "data_handling": "no_concerns", "interoperability": "meets", **fields}
    entry = selectors.review_entry_for_actor(manager, review, code)
    return services.review_entry_record(actor=manager, entry=entry, **values)


def test_a_review_lists_every_supplier_with_its_evidence(manager, dps, places):
    review = services.review_open(actor=manager, agreement=dps)
    assert review.year == 2026
    rows = selectors.review_rows(review)
    assert [r.entry.supplier.code for r in rows] == ["S1005", "S1004", "S1003"]
    castlegate = rows[1]
    assert castlegate.gaps == ["Data Security and Protection Toolkit expired on 21 September 2026"]
    assert [p.lot.number for p in castlegate.places] == [1]

    record(manager, review, "S1003")
    unpaid_invoices(late_supplier(places), dps, ["212500.00", "212500.00"])
    entry = record(
        manager,
        review,
        "S1005",
        performance="requires_improvement",
        performance_notes="Two missed delivery dates",
    )
    # The fee record is read from the invoices, never typed.
    assert (entry.fees_status, entry.fees_outstanding) == ("overdue", Decimal("4250.00"))
    expired = record(
        manager, review, "S1004", performance="poor", performance_notes="SLA missed for 5 months"
    )
    assert expired.compliance == ["Data Security and Protection Toolkit expired on 21 September 2026"]

    services.review_complete(actor=manager, review=review, summary="Albion to pay by December")
    review.refresh_from_db()
    assert review.status == "completed"
    assert AuditEvent.objects.filter(action="review.entry_recorded").count() == 3
    with pytest.raises(RuleViolation, match="was completed on 23 November 2026: it cannot change") as raised:
        record(manager, review, "S1003", performance="poor", performance_notes="x")
    assert raised.value.code == "review.completed"


def test_a_review_is_complete_only_when_every_supplier_is_reviewed(manager, dps, places):
    review = services.review_open(actor=manager, agreement=dps)
    record(manager, review, "S1003")
    with pytest.raises(
        RuleViolation, match="2 suppliers have not been reviewed yet: Albion Data Services Ltd, Castle"
    ):
        services.review_complete(actor=manager, review=review)


@pytest.mark.parametrize(
    ("fields", "problems"),
    [
        ({"performance": "great"}, {"performance"}),
        ({"data_handling": ""}, {"data_handling"}),
        ({"interoperability": "mostly"}, {"interoperability"}),
        ({"performance": "poor"}, {"performance_notes"}),
        ({"data_handling": "mishandled"}, {"notes"}),
        ({"interoperability": "fails"}, {"notes"}),
        ({"data_handling": "concerns", "performance": "poor"}, {"notes", "performance_notes"}),
    ],
)
def test_review_evidence_is_checked(manager, dps, places, fields, problems):
    review = services.review_open(actor=manager, agreement=dps)
    with pytest.raises(ValidationFailed) as raised:
        record(manager, review, "S1003", **fields)
    assert set(raised.value.details["fields"]) == problems


def test_one_review_a_year_and_none_for_an_expired_agreement(manager, owner, dps, places):
    services.review_open(actor=manager, agreement=dps)
    with pytest.raises(Conflict, match="RM3825 already has a 2026 review"):
        services.review_open(actor=manager, agreement=dps)
    rm1045 = make_agreement(
        owner=owner,
        reference="RM1045",
        kind="framework",
        status="closed_to_new_suppliers",
        starts_on=date(2015, 8, 1),
        ends_on=date(2019, 7, 31),
    )
    with pytest.raises(RuleViolation, match="RM1045 expired on 31 July 2019"):
        services.review_open(actor=manager, agreement=rm1045)


def test_only_the_agreements_managers_review(buyer, supplier_user, dps, places):
    for actor in (buyer, supplier_user):
        with pytest.raises(PermissionDenied):
            services.review_open(actor=actor, agreement=dps)


def _flags(places, *kinds):
    from caremarket.agreements.services import FeeFlagIn

    good, late, _ = places
    return [
        FeeFlagIn(
            late.supplier_id, "late_return", date(2026, 9, 1), "Due 7 October 2026, received 12 October 2026"
        ),
        FeeFlagIn(
            late.supplier_id, "unpaid_fee", date(2026, 8, 1), "MF000003 for £42.50 was due 1 October 2026"
        ),
        FeeFlagIn(good.supplier_id, "missing_return", date(2026, 10, 1), "Due 7 November 2026, not received"),
    ][: len(kinds) or 3]


def test_fee_flags_are_written_into_the_suppliers_entries_once(manager, dps, places):
    review = services.review_open(actor=manager, agreement=dps)
    written = services.review_fee_flags_record(actor=manager, agreement=dps, flags=_flags(places))
    assert len(written) == 3
    entry = selectors.review_entry_for_actor(manager, review, "S1005")
    assert [(f.kind, f.period) for f in entry.flags.all()] == [
        ("unpaid_fee", date(2026, 8, 1)),
        ("late_return", date(2026, 9, 1)),
    ]
    again = services.review_fee_flags_record(actor=manager, agreement=dps, flags=_flags(places))
    assert again == []
    assert review.entries.get(supplier__code="S1003").flags.count() == 1
    assert AuditEvent.objects.filter(action="review.fee_flags_recorded").count() == 1


def test_fee_flags_open_this_years_review_or_next_once_it_is_completed(manager, dps, places):
    services.review_fee_flags_record(actor=manager, agreement=dps, flags=_flags(places, "late"))
    review = dps.reviews.get()
    assert review.year == 2026 and review.entries.count() == 3
    for code in ("S1003", "S1004", "S1005"):
        record(manager, review, code)
    services.review_complete(actor=manager, review=review)
    services.review_fee_flags_record(actor=manager, agreement=dps, flags=_flags(places))
    following = dps.reviews.get(year=2027)
    assert following.is_open
    assert sorted(following.entries.get(supplier__code="S1005").flags.values_list("kind", flat=True)) == [
        "late_return",
        "unpaid_fee",
    ]
    assert review.entries.get(supplier__code="S1005").flags.count() == 1  # the completed one is unchanged


def test_fee_flags_are_checked_and_written_by_the_agreements_managers_only(
    manager, buyer, supplier_user, dps, places
):
    from caremarket.agreements.services import FeeFlagIn

    good, *_ = places
    with pytest.raises(ValidationFailed, match="Not a management fee flag: poor_manners"):
        services.review_fee_flags_record(
            actor=manager, agreement=dps, flags=[FeeFlagIn(good.supplier_id, "poor_manners", NOW.date(), "")]
        )
    for actor in (buyer, supplier_user):
        with pytest.raises(PermissionDenied):
            services.review_fee_flags_record(actor=actor, agreement=dps, flags=_flags(places))
    assert not dps.reviews.exists()


def test_the_review_reads_each_suppliers_fee_record_from_the_invoices_as_the_fees_page_does(
    manager, dps, places
):
    from caremarket.contracts.selectors import fee_positions

    review = services.review_open(actor=manager, agreement=dps)
    unpaid_invoices(late_supplier(places), dps, ["212500.00", "212500.00"])
    unpaid_invoices(places[0].supplier, dps, ["50000.00"], paid_on=date(2026, 10, 20))
    rows = {r.entry.supplier.code: r for r in selectors.review_rows(review)}
    positions = {p.supplier.code: p for p in fee_positions(manager, dps)}
    assert (rows["S1005"].fees.status, rows["S1005"].fees.overdue) == ("overdue", Decimal("4250.00"))
    assert (rows["S1003"].fees.status, rows["S1003"].fees.paid) == ("paid", Decimal("500.00"))
    assert rows["S1004"].fees.status == "none_due"
    for code, position in positions.items():
        assert (position.invoiced, position.paid, position.overdue) == (
            rows[code].fees.invoiced,
            rows[code].fees.paid,
            rows[code].fees.overdue,
        )


def test_the_review_removes_a_non_payer_from_every_lot_with_its_ground(manager, dps, places):
    from caremarket.agreements.factories import admit
    from caremarket.agreements.models import LotSupplier, StandingChange

    albion = late_supplier(places)
    lot1 = dps.lots.get(number=1)
    admit(apply(albion, dps, (2,))[0])  # on both lots
    review = services.review_open(actor=manager, agreement=dps)
    unpaid_invoices(albion, dps, ["212500.00"])
    entry = selectors.review_entry_for_actor(manager, review, "S1005")
    assert [s.code for s in selectors.invitable_suppliers(lot1)] == ["S1005", "S1003"]
    with pytest.raises(ValidationFailed) as raised:
        services.review_supplier_remove(actor=manager, entry=entry, ground="", reason="")
    assert set(raised.value.details["fields"]) == {"ground", "reason"}

    removed = services.review_supplier_remove(
        actor=manager, entry=entry, ground="unpaid_management_fees", reason="£2,125.00 unpaid since October"
    )
    assert [(p.lot.number, p.status) for p in removed] == [(1, "removed"), (2, "removed")]
    assert not LotSupplier.objects.filter(supplier=albion, lot__agreement=dps).exclude(status="removed")
    change = StandingChange.objects.filter(lot_supplier__supplier=albion).latest("id")
    assert (change.ground, change.reason) == ("unpaid_management_fees", "£2,125.00 unpaid since October")
    event = AuditEvent.objects.get(action="review.supplier_removed")
    assert event.after["ground"] == "unpaid_management_fees"
    assert AuditEvent.objects.filter(action="lot_supplier.removed").count() == len(removed)
    # The removed supplier leaves every invitable list.
    for lot in dps.lots.all():
        assert albion not in selectors.invitable_suppliers(lot)
    assert [s.code for s in selectors.invitable_suppliers(lot1)] == ["S1003"]
    with pytest.raises(RuleViolation, match="is on no lot of RM3825"):
        services.review_supplier_remove(actor=manager, entry=entry, ground="other", reason="Again")


def test_only_the_agreements_managers_remove_and_not_once_the_review_is_completed(
    manager, buyer, supplier_user, dps, places
):
    review = services.review_open(actor=manager, agreement=dps)
    entry = selectors.review_entry_for_actor(manager, review, "S1005")
    for actor in (buyer, supplier_user):
        with pytest.raises(PermissionDenied):
            services.review_supplier_remove(actor=actor, entry=entry, ground="other", reason="x")
    for code in ("S1003", "S1004", "S1005"):
        record(manager, review, code)
    services.review_complete(actor=manager, review=review)
    with pytest.raises(RuleViolation, match="cannot change"):
        services.review_supplier_remove(actor=manager, entry=entry, ground="other", reason="x")
