"""The directory of decision-support advisors (self-nominated), and prices awarded in contracts
(recorded by the domains that award them; they join the listings' prices in the benchmarks)."""

from datetime import date
from decimal import Decimal

from caremarket.audit.services import audit_record
from caremarket.catalogue.choices import Specialism
from caremarket.catalogue.models import Advisor, AwardedPrice, Listing
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import Conflict, ValidationFailed
from caremarket.core.models import model_snapshot
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.core.validation import FieldProblems, check_model_fields
from caremarket.orgs.choices import Region
from caremarket.rules.catalogue import CATEGORIES, Basis, Unit, price_problems

FIELDS = ["headline", "biography", "specialisms", "regions", "contact_email"]


def _check(advisor: Advisor) -> None:
    problems = FieldProblems()
    problems.check(bool(advisor.headline.strip()), "headline", "Say in a line what you advise on")
    problems.check(bool(advisor.specialisms), "specialisms", "Choose at least one specialism")
    problems.check(
        set(advisor.specialisms) <= set(Specialism.values), "specialisms", "Choose specialisms from the list"
    )
    problems.check(bool(advisor.regions), "regions", "Choose the regions you work in")
    problems.check(set(advisor.regions) <= set(Region.values), "regions", "Choose regions from the list")
    check_model_fields(advisor, problems, exclude=["person", "organisation", "specialisms", "regions"])
    problems.raise_if_any("Your entry could not be saved")


@service
def advisor_nominate(
    *,
    actor: Actor,
    headline: str,
    specialisms: list[str],
    regions: list[str],
    contact_email: str,
    biography: str = "",
) -> Advisor:
    """Nominate yourself as a decision-support advisor: listed at once, changed or withdrawn
    by you (or a platform administrator)."""
    require(actor, "catalogue.nominate_advisor")
    if Advisor.objects.filter(person_id=actor.person_id, withdrawn_at__isnull=True).exists():
        raise Conflict("You are already in the directory of advisors", code=ErrorCode.ADVISOR_EXISTS)
    advisor = Advisor(
        person_id=actor.person_id,
        organisation_id=actor.organisation_id,
        headline=headline.strip(),
        biography=biography.strip(),
        specialisms=list(dict.fromkeys(specialisms)),
        regions=list(dict.fromkeys(regions)),
        contact_email=contact_email.strip().lower(),
    )
    _check(advisor)
    advisor.save()
    audit_record(
        actor=actor,
        action="advisor.nominated",
        obj=advisor,
        organisation_id=advisor.organisation_id,
        after=model_snapshot(advisor, FIELDS),
    )
    return advisor


@service
def advisor_update(*, actor: Actor, advisor: Advisor, **changes) -> Advisor:
    advisor = Advisor.objects.select_for_update().get(pk=advisor.pk)
    require(actor, "catalogue.change_advisor", advisor)
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValidationFailed(f"These fields cannot be changed: {', '.join(sorted(unknown))}")
    before = model_snapshot(advisor, FIELDS)
    for key, value in changes.items():
        setattr(advisor, key, value.strip() if isinstance(value, str) else list(dict.fromkeys(value)))
    _check(advisor)
    after = model_snapshot(advisor, FIELDS)
    if after == before:
        return advisor
    advisor.touch()
    advisor.save()
    audit_record(
        actor=actor,
        action="advisor.updated",
        obj=advisor,
        organisation_id=advisor.organisation_id,
        before={k: v for k, v in before.items() if after[k] != v},
        after={k: v for k, v in after.items() if before[k] != v},
    )
    return advisor


@service
def advisor_withdraw(*, actor: Actor, advisor: Advisor) -> Advisor:
    advisor = Advisor.objects.select_for_update().get(pk=advisor.pk)
    require(actor, "catalogue.change_advisor", advisor)
    if advisor.withdrawn_at is None:
        advisor.withdrawn_at = clock.now()
        advisor.touch()
        advisor.save()
        audit_record(
            actor=actor, action="advisor.withdrawn", obj=advisor, organisation_id=advisor.organisation_id
        )
    return advisor


@service
def awarded_price_record(
    *,
    actor: Actor,
    category: str,
    unit: str,
    basis: str,
    unit_price: Decimal,
    reference: str,
    awarded_on: date | None = None,
    listing: Listing | None = None,
) -> AwardedPrice:
    """A unit price agreed in a contract, for the benchmarks."""
    require(actor, "catalogue.record_awarded_price")
    problems = FieldProblems()
    problems.check(category in CATEGORIES, "category", "Choose a service category")
    problems.check(unit in set(Unit), "unit", "Choose a price unit")
    problems.check(basis in set(Basis), "basis", "Say whether the price is a year's or one-off")
    for message in price_problems(unit_price):
        problems.add("unit_price", message)
    problems.check(bool(reference.strip()), "reference", "Name the contract or award")
    problems.raise_if_any("The awarded price could not be recorded")
    price = AwardedPrice.objects.create(
        category=category,
        unit=unit,
        basis=basis,
        unit_price=unit_price,
        reference=reference.strip(),
        awarded_on=awarded_on or clock.today(),
        listing=listing,
    )
    audit_record(
        actor=actor,
        action="awarded_price.recorded",
        obj=price,
        after={
            "category": category,
            "unit": unit,
            "basis": basis,
            "unit_price": unit_price,
            "reference": reference,
        },
    )
    return price
