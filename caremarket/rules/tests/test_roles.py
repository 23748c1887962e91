import pytest

from caremarket.rules.roles import PLATFORM_ROLES, Role, Sector, refusal_for_role, role_allowed_in_sector


@pytest.mark.parametrize(
    ("role", "sector", "allowed"),
    [
        (Role.BUYER, Sector.BUYER, True),
        (Role.PROCUREMENT_LEAD, Sector.BUYER, True),
        (Role.EVALUATOR, Sector.BUYER, True),
        (Role.APPROVER, Sector.BUYER, True),
        (Role.AGREEMENT_MANAGER, Sector.BUYER, True),
        (Role.ORG_ADMIN, Sector.BUYER, True),
        (Role.SUPPLIER_USER, Sector.BUYER, False),
        (Role.AUDITOR, Sector.BUYER, False),
        (Role.PLATFORM_ADMIN, Sector.BUYER, False),
        (Role.SUPPLIER_USER, Sector.SUPPLIER, True),
        (Role.ORG_ADMIN, Sector.SUPPLIER, True),
        (Role.BUYER, Sector.SUPPLIER, False),
        (Role.EVALUATOR, Sector.SUPPLIER, False),
        (Role.AGREEMENT_MANAGER, Sector.SUPPLIER, False),
        (Role.AUDITOR, Sector.SUPPLIER, False),
        (Role.AUDITOR, Sector.PLATFORM, True),
        (Role.PLATFORM_ADMIN, Sector.PLATFORM, True),
        (Role.BUYER, Sector.PLATFORM, False),
    ],
)
def test_role_allowed_in_sector(role, sector, allowed):
    assert role_allowed_in_sector(role, sector) is allowed
    assert (refusal_for_role(role, sector) is None) is allowed


def test_refusal_names_the_role_and_what_is_allowed():
    reason = refusal_for_role(Role.SUPPLIER_USER, Sector.BUYER)
    assert reason.startswith("A supplier user cannot belong to a buyer organisation")
    assert "procurement lead" in reason


def test_unknown_role_is_refused():
    assert refusal_for_role("king", Sector.BUYER) == "'king' is not a role on Caremarket"


def test_platform_roles_are_only_allowed_on_the_platform():
    for role in PLATFORM_ROLES:
        assert [s for s in Sector if role_allowed_in_sector(role, s)] == [Sector.PLATFORM]
