import pytest

from caremarket.core.errors import RuleViolation
from caremarket.rules.lifecycle import Lifecycle

DOOR = Lifecycle(
    "door",
    {"open": frozenset({"closed"}), "closed": frozenset({"open", "locked"}), "locked": frozenset({"closed"})},
    labels={"open": "open", "closed": "closed", "locked": "locked"},
)


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        ("open", "closed", True),
        ("open", "locked", False),
        ("closed", "locked", True),
        ("locked", "open", False),
        ("locked", "closed", True),
        ("open", "open", False),
    ],
)
def test_moves(current, target, allowed):
    assert DOOR.can_move(current, target) is allowed
    assert (DOOR.refusal(current, target) is None) is allowed


def test_refusal_explains_the_move():
    assert DOOR.refusal("open", "locked") == "A door cannot move from open to locked"
    with pytest.raises(RuleViolation) as raised:
        DOOR.check("locked", "open")
    assert raised.value.code == "door.transition_refused"
    assert raised.value.details == {"from": "locked", "to": "open"}


def test_unknown_status_is_named():
    assert DOOR.refusal("ajar", "open") == "door: unknown status 'ajar'"
    assert DOOR.statuses == {"open", "closed", "locked"}
