"""Milestone plans for each route, and whether each milestone is done, due or late today.

Two kinds of plan:

- **Programme plans**: the fixed dates a national programme sets for self-serve routes. The
  HSCN dates (readiness check 1 by 15 September 2017, readiness check 2 by 31 October 2017,
  launch by 31 December 2017, completion by 30 September 2018; for an individual route the
  list of planned connections by 30 September 2017) are the default `Programme`, which is
  configuration: pass another one for another programme.
- **Computed plans**: dates worked out from a chosen launch (forwards) or from the day the
  new contract must start (backwards, e.g. the day after the current contract ends), with
  configurable durations per procedure and readiness lead times per route.

A milestone is *done* when its key is in the set of done keys, *late* when it is not done and
today is after its due date, and *due* otherwise (the due date itself is still on time). A
missed self-serve milestone has a consequence: join an aggregated procurement.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from caremarket.rules.dates import add_working_days, is_working_day, spoken_date
from caremarket.rules.sourcing import BuyingProcedure, Route

JOIN_AGGREGATED = "Join an aggregated procurement"
NOT_IN_CATALOGUE = (
    "You will not be included when the procurement launches, so you cannot order from its catalogue: "
    "join a later buying club or run your own procurement"
)
DEFAULT_JOIN_NOTICE = timedelta(weeks=6)


class MilestoneStatus(StrEnum):
    DONE = "done"
    DUE = "due"
    LATE = "late"


@dataclass(frozen=True)
class Milestone:
    key: str
    title: str
    due: date
    detail: str = ""
    consequence: str = ""  # what follows if it is missed


@dataclass(frozen=True)
class MilestoneState:
    milestone: Milestone
    status: MilestoneStatus
    days: int = 0  # days left when due, days overdue when late

    @property
    def message(self) -> str:
        m = self.milestone
        if self.status == MilestoneStatus.DONE:
            return f"{m.title}: done"
        if self.status == MilestoneStatus.DUE:
            left = "due today" if self.days == 0 else f"{self.days} day{'s' if self.days != 1 else ''} left"
            return f"{m.title}: due by {spoken_date(m.due)} ({left})"
        ago = f"{self.days} day{'s' if self.days != 1 else ''} ago"
        late = f"{m.title}: late, was due by {spoken_date(m.due)} ({ago})"
        return f"{late}. {m.consequence}" if m.consequence else late


@dataclass(frozen=True)
class MilestonePlan:
    route: Route
    milestones: tuple[Milestone, ...]
    procedure: BuyingProcedure | None = None

    def milestone(self, key: str) -> Milestone:
        return next(m for m in self.milestones if m.key == key)


@dataclass(frozen=True)
class PlanReview:
    states: tuple[MilestoneState, ...]

    @property
    def late(self) -> tuple[MilestoneState, ...]:
        return tuple(s for s in self.states if s.status == MilestoneStatus.LATE)

    @property
    def next_due(self) -> MilestoneState | None:
        return next((s for s in self.states if s.status == MilestoneStatus.DUE), None)

    @property
    def on_track(self) -> bool:
        return not self.late

    @property
    def consequences(self) -> tuple[str, ...]:
        """The distinct consequences of the late milestones, in plan order."""
        return tuple(dict.fromkeys(s.milestone.consequence for s in self.late if s.milestone.consequence))


def milestone_state(milestone: Milestone, today: date, done: bool) -> MilestoneState:
    if done:
        return MilestoneState(milestone, MilestoneStatus.DONE)
    if today > milestone.due:
        return MilestoneState(milestone, MilestoneStatus.LATE, (today - milestone.due).days)
    return MilestoneState(milestone, MilestoneStatus.DUE, (milestone.due - today).days)


def review_plan(plan: MilestonePlan, today: date, done: Iterable[str] = ()) -> PlanReview:
    done_keys = frozenset(done)
    return PlanReview(tuple(milestone_state(m, today, m.key in done_keys) for m in plan.milestones))


# --- Programme plans (the seed's dates are the default programme) ----------------------------


@dataclass(frozen=True)
class Programme:
    name: str
    collaborative: tuple[Milestone, ...]
    individual: tuple[Milestone, ...]

    def plan(self, route: Route) -> MilestonePlan | None:
        """The programme's dated plan for a self-serve route (None for aggregated: its dates
        follow its buying club's launch, see `aggregated_plan`)."""
        if route == Route.COLLABORATIVE:
            return MilestonePlan(Route.COLLABORATIVE, self.collaborative)
        if route == Route.INDIVIDUAL:
            return MilestonePlan(Route.INDIVIDUAL, self.individual)
        return None


LAUNCH_TITLE = "Launch your procurement and notify the programme"
COMPLETE_TITLE = "Complete your procurement and report the outcome"

HSCN_PROGRAMME = Programme(
    name="HSCN",
    collaborative=(
        Milestone(
            "readiness_check_1",
            "Readiness check 1",
            date(2017, 9, 15),
            "Confirm the procurement route and lead entity, governance and operating model "
            "arrangements, the organisations involved, and evidence of their commitment",
            JOIN_AGGREGATED,
        ),
        Milestone(
            "readiness_check_2",
            "Readiness check 2",
            date(2017, 10, 31),
            "Confirm resources, the scope of services and migration priorities",
            JOIN_AGGREGATED,
        ),
        Milestone("launch", LAUNCH_TITLE, date(2017, 12, 31), "", JOIN_AGGREGATED),
        Milestone("complete", COMPLETE_TITLE, date(2018, 9, 30), "", JOIN_AGGREGATED),
    ),
    individual=(
        Milestone(
            "connections_list",
            "List of planned connections",
            date(2017, 9, 30),
            "Give the programme the list of the connections you plan to procure",
            JOIN_AGGREGATED,
        ),
        Milestone("launch", LAUNCH_TITLE, date(2017, 12, 31), "", JOIN_AGGREGATED),
        Milestone("complete", COMPLETE_TITLE, date(2018, 9, 30), "", JOIN_AGGREGATED),
    ),
)


# --- Computed plans ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProcedureDurations:
    """How long each stage of a procedure takes. Defaults are planning assumptions (above
    the statutory minimum periods), not law: an organisation sets its own."""

    preparation: timedelta  # from starting work to launch (specification, documents)
    tendering: timedelta  # launch to the bid deadline (zero for a direct award)
    evaluation: timedelta  # bid deadline to the award decision
    standstill_working_days: int  # award decision to signing the contract
    mobilisation: timedelta  # signing to the service starting


DEFAULT_DURATIONS: dict[BuyingProcedure, ProcedureDurations] = {
    BuyingProcedure.OPEN: ProcedureDurations(
        timedelta(weeks=12), timedelta(days=35), timedelta(weeks=8), 8, timedelta(weeks=12)
    ),
    BuyingProcedure.DPS_FURTHER_COMPETITION: ProcedureDurations(
        timedelta(weeks=6), timedelta(weeks=4), timedelta(weeks=4), 8, timedelta(weeks=12)
    ),
    BuyingProcedure.MINI_COMPETITION: ProcedureDurations(
        timedelta(weeks=6), timedelta(weeks=3), timedelta(weeks=3), 8, timedelta(weeks=12)
    ),
    BuyingProcedure.DIRECT_AWARD: ProcedureDurations(
        timedelta(weeks=4), timedelta(0), timedelta(weeks=2), 0, timedelta(weeks=12)
    ),
}


@dataclass(frozen=True)
class ReadinessLeads:
    """How long before launch each readiness milestone falls. The defaults keep the seed's
    spacing: 15 September and 31 October before a 31 December launch, and the list of
    connections on 30 September."""

    readiness_check_1: timedelta = timedelta(days=107)
    readiness_check_2: timedelta = timedelta(days=61)
    connections_list: timedelta = timedelta(days=92)
    join_notice: timedelta = DEFAULT_JOIN_NOTICE


@dataclass(frozen=True)
class _Dates:
    launch: date
    bids_due: date
    award: date
    signed: date
    service_start: date


def subtract_working_days(end: date, days: int) -> date:
    """The working day `days` working days before `end` (or before the last working day on or
    before `end`), so that `add_working_days(result, days)` falls on or before `end`."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = end
    while not is_working_day(current):
        current -= timedelta(days=1)
    remaining = days
    while remaining:
        current -= timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def _forwards(launch: date, d: ProcedureDurations) -> _Dates:
    bids_due = launch + d.tendering
    award = bids_due + d.evaluation
    signed = add_working_days(award, d.standstill_working_days)
    return _Dates(launch, bids_due, award, signed, signed + d.mobilisation)


def _backwards(service_start: date, d: ProcedureDurations) -> _Dates:
    signed = service_start - d.mobilisation
    award = subtract_working_days(signed, d.standstill_working_days)
    bids_due = award - d.evaluation
    launch = bids_due - d.tendering
    return _Dates(launch, bids_due, award, signed, service_start)


def procurement_plan(
    route: Route,
    procedure: BuyingProcedure,
    *,
    launch: date | None = None,
    service_start: date | None = None,
    durations: ProcedureDurations | None = None,
    leads: ReadinessLeads = ReadinessLeads(),
    club: str = "",
) -> MilestonePlan:
    """The plan for a route and procedure, from a chosen `launch` (forwards) or from the
    day the new `service_start` is needed (backwards). Give exactly one of the two."""
    if (launch is None) == (service_start is None):
        raise ValueError("Give either the launch date or the service start date, not both")
    if route == Route.AGGREGATED and procedure != BuyingProcedure.DPS_FURTHER_COMPETITION:
        raise ValueError("An aggregated procurement is a further competition on a DPS")
    d = durations or DEFAULT_DURATIONS[procedure]
    dates = _forwards(launch, d) if launch is not None else _backwards(service_start, d)
    consequence = JOIN_AGGREGATED if route != Route.AGGREGATED else ""
    before: list[Milestone] = []
    if route == Route.COLLABORATIVE:
        collaborative = HSCN_PROGRAMME.collaborative
        for m, lead in zip(
            collaborative[:2], (leads.readiness_check_1, leads.readiness_check_2), strict=True
        ):
            before.append(Milestone(m.key, m.title, dates.launch - lead, m.detail, consequence))
    elif route == Route.INDIVIDUAL:
        m = HSCN_PROGRAMME.individual[0]
        before.append(Milestone(m.key, m.title, dates.launch - leads.connections_list, m.detail, consequence))
    else:
        where = f" {club}" if club else ""
        before.append(
            Milestone(
                "join",
                f"Join the{where} buying club",
                dates.launch - leads.join_notice,
                "Confirm your intention to take part and submit your requirements on the template",
                NOT_IN_CATALOGUE,
            )
        )
    preparation = Milestone(
        "start_preparation", "Start preparing the procurement", dates.launch - d.preparation
    )
    steps = [
        Milestone("launch", "Launch the procurement", dates.launch, consequence=consequence),
        Milestone("bids_due", "Bids due", dates.bids_due),
        Milestone("award", "Award decision", dates.award),
        Milestone("complete", COMPLETE_TITLE, dates.signed, "Sign the contract", consequence),
        Milestone("service_start", "Service starts", dates.service_start),
    ]
    if d.tendering == timedelta(0):
        steps = [s for s in steps if s.key != "bids_due"]
    # The central team prepares an aggregated procurement; its members only join.
    milestones = [*before, *steps] if route == Route.AGGREGATED else [preparation, *before, *steps]
    return MilestonePlan(route, tuple(sorted(milestones, key=lambda m: m.due)), procedure)


def aggregated_plan(
    club: str,
    launch: date,
    *,
    notice: timedelta = DEFAULT_JOIN_NOTICE,
    durations: ProcedureDurations | None = None,
) -> MilestonePlan:
    """A member's plan for a buying club: join by `notice` before launch, then the central
    further competition on the DPS."""
    return procurement_plan(
        Route.AGGREGATED,
        BuyingProcedure.DPS_FURTHER_COMPETITION,
        launch=launch,
        durations=durations,
        leads=ReadinessLeads(join_notice=notice),
        club=club,
    )


def first_missed(plan: MilestonePlan, today: date, done: Iterable[str] = ()) -> MilestoneState | None:
    """The earliest late milestone of a plan, or None when it is on track."""
    late = review_plan(plan, today, done).late
    return late[0] if late else None
