"""The demo world's public notices.

Caremarket publishes a notice at the lifecycle step that needs it, so most of the demo's notices
come from the loaders before this one, through the services: the buying clubs' planned
procurement notices, the buyers' pipeline notices for their published intentions, the Suffolk
public services club's contract award notice (its further competition on RM3825 lot 1 is a
call-off, which needs no tender notice), the direct award's, and a contract change notice.

This loader adds the rest of what the notices site shows:

- an open procedure of NHS Suffolk and North East Essex ICB, "Digital social care records for
  Suffolk care homes", run through the services with the clock set back to each step: published
  (its tender notice, UK4, published by the competition service), corrected three days later (a
  correction of the UK4 that supersedes it, with its reason), bids from Harbour Analytics and
  Anglia CSU, evaluated and moderated, the award decided (the contract award notice, UK6, starts
  the standstill), confirmed once standstill was over, and its contract made from the award and
  signed on Caremarket (the contract details notice, UK7, published by the signing). Its
  process page shows the tender, award and contract notices in that order;
- the notices the earlier demo contracts owe (recorded with a signature in the past, so nothing
  published them; or ended at the end of their term), published by their buyers a week after
  the event through the notices-due service, as they would have been;
- a contract recorded as already signed 40 days ago (CT-QJG-RMON, remote monitoring, with
  Greenfield Clinical Systems): its contract details notice, due within 30 days of signing, is
  overdue, and the ICB's procurement lead, lead@caremarket.example, sees it under "Notices
  overdue" on the home page, with a link to publish it;
- the Contracts Finder sample packages in ../shared/reference/ocds/samples/, imported as another
  publisher's notices (skipped when the reference directory is not there).

Nobody needs to sign in to read notices: /notices is public.
"""

import copy
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from caremarket.competitions import services as competitions
from caremarket.competitions.models import Competition
from caremarket.contracts import services as contracts
from caremarket.contracts.models import Contract
from caremarket.core import clock
from caremarket.core.errors import ApplicationError
from caremarket.demo.registry import DemoWorld, SignIn, demo_loader
from caremarket.orgs.selectors import build_actor
from caremarket.rules.contracts import Origin
from caremarket.rules.roles import ROLE_LABELS, Role
from caremarket.transparency import services as notices
from caremarket.transparency.models import Notice, NoticeStatus

OPEN_TITLE = "Digital social care records for Suffolk care homes"
OPEN_REQUIREMENT = (
    "Help for the 128 care homes of Suffolk and North East Essex to move from paper to digital "
    "social care records: choosing an assured system with each home, training its staff and "
    "supporting it for two years."
)
CORRECTION_REASON = (
    "The notice did not say that bidders may visit two of the care homes before the clarification deadline"
)
VISITS = " Bidders may visit two of the care homes before the clarification deadline: ask through Caremarket."
# The procedure's story, in days before today: published, corrected, bids in by the deadline,
# evaluated and the award decided; standstill (8 working days, up to 16 calendar days over
# Christmas) is over well before the contract is signed, more than 30 days before today.
PUBLISHED_DAYS_AGO = 80
CORRECTED_AFTER_DAYS = 3
BIDDING_DAYS = 21
DECIDED_AFTER_DAYS = 2
# (supplier code, demo person, price in pounds, score for each quality question)
BIDS = [("S1006", "harbour_bids", "238500", 4), ("0AN", "csu_bids", "251000", 3)]
OPEN_LEAVES = ("approach", "experience")

OVERDUE_REFERENCE = "CT-QJG-RMON"
OVERDUE_SIGNED_DAYS_AGO = 40
SAMPLES_GLOB = "contracts-finder-*.json"


def _at(day: date, hour: int = 10) -> timedelta:
    """How far back from now a moment on `day` (England) lies: the clock is set back by it."""
    return clock.now() - datetime.combine(day, time(hour), clock.LONDON)


@demo_loader(order=70)
def transparency(world: DemoWorld) -> None:
    _awarded_open_procedure(world)
    _notices_published_in_time(world)
    _recorded_contract(world)
    _imported_samples(world)
    world.sign_ins.append(
        SignIn(
            ROLE_LABELS[Role.PROCUREMENT_LEAD],
            "lead@caremarket.example",
            world.orgs["QJG"].name,
            f"sees the overdue contract details notice for {OVERDUE_REFERENCE} and publishes it",
        )
    )
    world.sign_ins.append(
        SignIn("Anyone", "(no sign-in)", "", "finds public notices at /notices and downloads OCDS")
    )


def _awarded_open_procedure(world: DemoWorld) -> None:
    icb = world.orgs["QJG"]
    lead = build_actor(world.people["lead"], icb.pk)
    evaluator = build_actor(world.people["evaluator2"], icb.pk)
    bidders = {code: build_actor(world.people[key], world.orgs[code].pk) for code, key, _, _ in BIDS}
    published = clock.today() - timedelta(days=PUBLISHED_DAYS_AGO)
    with clock.shifted(_at(published, 9)):
        now = clock.now()
        competition = competitions.competition_create(
            actor=lead,
            buyer=icb,
            title=OPEN_TITLE,
            procedure="open_procedure",
            requirement=OPEN_REQUIREMENT,
            clarification_deadline=now + timedelta(days=BIDDING_DAYS - 7),
            submission_deadline=now + timedelta(days=BIDDING_DAYS, hours=3),
            estimated_value=Decimal("260000"),
            initial_years=2,
            extension_years=[1],
            evaluation_template="open_procedure_70_30",
        )
        competition = competitions.competition_transition(actor=lead, competition=competition, to="published")
        competitions.evaluator_assign(actor=lead, competition=competition, person=world.people["evaluator2"])
    with clock.shifted(_at(published + timedelta(days=CORRECTED_AFTER_DAYS))):
        _correct_tender_notice(world, lead, competition)
    with clock.shifted(_at(published + timedelta(days=BIDDING_DAYS - 2))):
        for code, _, price, _ in BIDS:
            supplier = world.orgs[code]
            competitions.bid_save_draft(
                actor=bidders[code],
                competition=competition,
                supplier=supplier,
                price=price,
                responses={
                    "approach": "A digital lead for every ten homes; each home chooses from the assured "
                    "systems after a demonstration, then two weeks of training on site.",
                    "experience": "Digital social care records brought into 60 care homes in two ICBs.",
                },
            )
            competitions.bid_submit(actor=bidders[code], competition=competition, supplier=supplier)
    decided = published + timedelta(days=BIDDING_DAYS + DECIDED_AFTER_DAYS)
    with clock.shifted(_at(decided)):
        award = _evaluate_and_decide(lead, evaluator, competition)
    confirmed_on = award.standstill_ends_on + timedelta(days=1)
    signed_on = confirmed_on + timedelta(days=2)
    if signed_on > clock.today() - timedelta(days=1):  # not expected: the story leaves room
        world.say(f"  {competition.reference} is in standstill until {award.standstill_ends_on}")
        return
    with clock.shifted(_at(confirmed_on)):
        competitions.award_confirm(actor=lead, competition=competition)
    with clock.shifted(_at(signed_on)):
        contract = contracts.contract_create_from_award(
            actor=lead,
            competition=Competition.objects.get(pk=competition.pk),
            starts_on=signed_on + timedelta(days=7),
            reference="CT-QJG-DSCR",
            notice_months=3,
            service_specification="Digital social care records brought into every care home of the ICB.",
            payment_mechanism="Quarterly in arrears, by homes live",
        )
        contracts.contract_sign(actor=lead, contract=contract)
    count = Notice.objects.filter(ocid=_ocid_of(competition)).exclude(status=NoticeStatus.DRAFT).count()
    world.say(f"  {competition.reference}: {OPEN_TITLE}, awarded and signed; {count} notices")


def _evaluate_and_decide(lead, evaluator, competition):
    from caremarket.competitions.engine import valid_bids

    competitions.evaluator_declare(actor=evaluator, competition=competition, declaration="no_conflict")
    competition = competitions.competition_transition(actor=lead, competition=competition, to="evaluation")
    scores = {code: score for code, _, _, score in BIDS}
    bids = sorted(valid_bids(competition), key=lambda bid: bid.supplier.code)
    for bid in bids:
        for leaf in OPEN_LEAVES:
            competitions.score_record(
                actor=evaluator,
                competition=competition,
                bid=bid,
                criterion_id=leaf,
                score=scores[bid.supplier.code],
                justification="Clear and costed" if scores[bid.supplier.code] == 4 else "Sound",
            )
    competitions.evaluator_submit(actor=evaluator, competition=competition)
    competition = competitions.competition_transition(actor=lead, competition=competition, to="moderation")
    for bid in bids:
        for leaf in OPEN_LEAVES:
            competitions.consensus_record(
                actor=lead,
                competition=competition,
                bid=bid,
                criterion_id=leaf,
                score=scores[bid.supplier.code],
                rationale="The panel agreed the evaluator's score",
            )
    winner = next(bid for bid in bids if bid.supplier.code == BIDS[0][0])
    return competitions.award_decide(
        actor=lead,
        competition=competition,
        bid=winner,
        reasons="The strongest approach to training in the homes and the lowest price",
    )


def _ocid_of(competition) -> str:
    from caremarket.transparency.ocds.builder import ocid_for
    from caremarket.transparency.publishing import process_id_for

    return ocid_for(process_id_for(competition))


def _correct_tender_notice(world: DemoWorld, lead, competition) -> None:
    """The lead adds the visits to the competition's description and corrects its tender notice:
    a new notice supersedes it, with the reason (the later notices carry the new wording)."""
    tender = (
        Notice.objects.filter(ocid=_ocid_of(competition), notice_type="UK4", status=NoticeStatus.PUBLISHED)
        .order_by("-published_at")
        .first()
    )
    if tender is None:
        world.say(f"  {competition.reference} has no tender notice to correct")
        return
    described = OPEN_REQUIREMENT + VISITS
    competitions.competition_update(actor=lead, competition=competition, description=described)
    content = copy.deepcopy(tender.content)
    content.setdefault("tender", {})["description"] = described
    notices.notice_correct(actor=lead, notice=tender, content=content, reason=CORRECTION_REASON)


def _notices_published_in_time(world: DemoWorld) -> None:
    """The notices the earlier demo contracts owe (those recorded with a past signature, and
    one that ended at the end of its term), published by their buyers a week after the event, as
    they would have been: the overdue panel then shows only the story's overdue notice."""
    from caremarket.transparency.overdue import due_notices
    from caremarket.transparency.services_due import overdue_notice_publish

    today = clock.today()
    published = 0
    buyers = Contract.objects.values_list("buyer_id", flat=True).distinct().order_by("buyer_id")
    for organisation_id in buyers:
        for due in due_notices(organisation_id):
            day = min(due.fact.event_date + timedelta(days=7), today)
            with clock.shifted(_at(day) if day < today else timedelta(0)):
                overdue_notice_publish(actor=world.actor, contract=due.contract, code=due.code)
            published += 1
    world.say(f"  {published} notices of earlier contracts published in time")


def _recorded_contract(world: DemoWorld) -> None:
    """A contract signed before it came to Caremarket, recorded with its signed date: nothing is
    published for it, so its contract details notice is overdue once 30 days have passed."""
    icb = world.orgs["QJG"]
    lead = build_actor(world.people["lead"], icb.pk)
    signed_on = clock.today() - timedelta(days=OVERDUE_SIGNED_DAYS_AGO)
    contract = contracts.contract_record(
        actor=lead,
        buyer=icb,
        supplier=world.orgs["S1008"],
        origin=Origin.EXISTING,
        reference=OVERDUE_REFERENCE,
        title="Remote monitoring for people at home after a hospital stay",
        value="240000",
        starts_on=signed_on,
        term="2",
        notice_months=3,
        service_specification="Home monitoring kits, the clinical dashboard and a response team in hours.",
        payment_mechanism="Monthly in arrears per person monitored",
    )
    contracts.contract_sign(actor=lead, contract=contract, signed_on=signed_on)
    world.say(
        f"  {contract.reference}: recorded as signed on {signed_on}; its contract details notice is due"
    )


def _imported_samples(world: DemoWorld) -> None:
    """Contracts Finder's sample packages, as notices of another publisher."""
    folder = world.reference_dir / "ocds" / "samples"
    files = sorted(folder.glob(SAMPLES_GLOB)) if folder.is_dir() else []
    if not files:
        world.say(f"  no Contracts Finder samples in {folder}: none imported")
        return
    try:
        from caremarket.transparency.imports import ocds_import
    except ImportError:
        world.say("  importing OCDS is not available: samples not imported")
        return
    for path in files:
        try:
            ocds_import(actor=world.actor, filename=path.name, content=path.read_bytes())
        except ApplicationError as refused:  # the demo loads on; the import's own tests say why
            world.say(f"  {path.name} was not imported: {refused.message}")
    imported = Notice.objects.filter(source="imported").count()
    world.say(f"  {len(files)} Contracts Finder packages imported: {imported} notices")
