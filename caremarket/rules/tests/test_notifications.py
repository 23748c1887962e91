import pytest

from caremarket.rules.notifications import KIND_LABELS, MAX_SUBJECT, MessageKind, fit, kind_label, message_key


@pytest.mark.parametrize(
    ("kind", "ref", "window", "key"),
    [
        ("contract_expiring", "CT-1", "2027-03-31", "contract_expiring:CT-1:2027-03-31"),
        ("proposal_raised", "7", "", "proposal_raised:7"),
        ("kpi_return_due", "CT-1", "2026-11", "kpi_return_due:CT-1:2026-11"),
    ],
)
def test_message_key(kind, ref, window, key):
    assert message_key(kind, ref, window) == key


@pytest.mark.parametrize(("kind", "ref"), [("no_such_kind", "CT-1"), ("award", "")])
def test_message_key_refuses(kind, ref):
    with pytest.raises(ValueError):
        message_key(kind, ref)


def test_every_kind_has_a_label():
    assert set(KIND_LABELS) == set(MessageKind)
    assert kind_label("award") == "Award decision"
    assert kind_label("unknown") == "Message"


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Award\nof  CT-1", "Award of CT-1"),
        ("x" * 300, "x" * (MAX_SUBJECT - 1) + "…"),
    ],
)
def test_fit(subject, expected):
    assert fit(subject, "body") == (expected, "body")
