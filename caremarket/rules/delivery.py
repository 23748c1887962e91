"""Delivery and migration of connectivity: each site moves from ordered to installed to live
to migrated off the legacy network, one step at a time; a site not migrated by its
required-by date is late; progress is counted per buying club, region and supplier."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from caremarket.rules.lifecycle import Lifecycle


class Stage(StrEnum):
    ORDERED = "ordered"
    INSTALLED = "installed"
    LIVE = "live"
    MIGRATED = "migrated"


STAGE_LABELS = {
    Stage.ORDERED: "Ordered",
    Stage.INSTALLED: "Installed",
    Stage.LIVE: "Live",
    Stage.MIGRATED: "Migrated off the legacy network",
}
STAGE_ORDER = [Stage.ORDERED, Stage.INSTALLED, Stage.LIVE, Stage.MIGRATED]

SITE_DELIVERY_LIFECYCLE = Lifecycle(
    "site delivery",
    {
        Stage.ORDERED: frozenset({Stage.INSTALLED}),
        Stage.INSTALLED: frozenset({Stage.LIVE}),
        Stage.LIVE: frozenset({Stage.MIGRATED}),
        Stage.MIGRATED: frozenset(),
    },
    labels={str(k): v.lower() for k, v in STAGE_LABELS.items()},
)


def next_stage(stage: str) -> Stage | None:
    i = STAGE_ORDER.index(Stage(stage))
    return STAGE_ORDER[i + 1] if i + 1 < len(STAGE_ORDER) else None


def is_late(stage: str, required_by: date | None, today: date) -> bool:
    return required_by is not None and stage != Stage.MIGRATED and today > required_by


def days_late(stage: str, required_by: date | None, today: date) -> int:
    return (today - required_by).days if is_late(stage, required_by, today) else 0


@dataclass(frozen=True)
class Progress:
    group: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def reached(self, stage: str) -> int:
        """Sites at `stage` or beyond."""
        i = STAGE_ORDER.index(Stage(stage))
        return sum(self.counts.get(s, 0) for s in STAGE_ORDER[i:])

    def percent_migrated(self) -> Decimal:
        if not self.total:
            return Decimal("0")
        return (Decimal(self.counts.get(Stage.MIGRATED, 0)) * 100 / self.total).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


def progress(rows: list[tuple[str, str, int]]) -> list[Progress]:
    """rows: (group, stage, count) -> one Progress per group, in the order groups first appear."""
    groups: dict[str, dict[str, int]] = {}
    for group, stage, count in rows:
        groups.setdefault(group, {s.value: 0 for s in STAGE_ORDER})
        groups[group][stage] = groups[group].get(stage, 0) + count
    return [Progress(g, c) for g, c in groups.items()]
