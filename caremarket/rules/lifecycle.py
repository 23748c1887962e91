"""A lifecycle: the statuses of one kind of thing and the moves allowed between them.

Each entity declares one `Lifecycle` in `rules/`; services ask it before they move.
"""

from dataclasses import dataclass, field

from caremarket.core.errors import RuleViolation


@dataclass(frozen=True)
class Lifecycle:
    name: str
    transitions: dict[str, frozenset[str]]
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def statuses(self) -> frozenset[str]:
        targets = {t for moves in self.transitions.values() for t in moves}
        return frozenset(self.transitions) | targets

    def label(self, status: str) -> str:
        return self.labels.get(status, status.replace("_", " "))

    def can_move(self, current: str, target: str) -> bool:
        return target in self.transitions.get(current, frozenset())

    def refusal(self, current: str, target: str) -> str | None:
        if current not in self.statuses or target not in self.statuses:
            return f"{self.name}: unknown status '{current if current not in self.statuses else target}'"
        if self.can_move(current, target):
            return None
        return f"A {self.name} cannot move from {self.label(current)} to {self.label(target)}"

    def check(self, current: str, target: str) -> None:
        reason = self.refusal(current, target)
        if reason:
            raise RuleViolation(
                reason,
                code=f"{self.name.replace(' ', '_')}.transition_refused",
                details={"from": current, "to": target},
            )
