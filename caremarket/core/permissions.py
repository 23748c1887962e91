"""Object-level permissions: named rules over (actor, object), built with `rules` predicates.

Each domain registers its permissions in its own `permissions.py`; services call
`require(actor, "orgs.manage_people", organisation)` before they change anything.
"""

import rules

from caremarket.core.actor import Actor
from caremarket.core.errors import PermissionDenied

permissions = rules.RuleSet()


@rules.predicate
def is_signed_in(actor: Actor) -> bool:
    return actor.is_authenticated


@rules.predicate
def is_platform_admin(actor: Actor) -> bool:
    return actor.is_platform_admin


@rules.predicate
def is_auditor(actor: Actor) -> bool:
    return actor.is_auditor


def member_with_role(*roles: str, owner=lambda obj: obj.organisation_id):
    """A predicate: the actor holds one of `roles` in the organisation owning the object."""

    name = f"member_with_role({', '.join(roles) or 'any'})"

    @rules.predicate(name)
    def predicate(actor: Actor, obj) -> bool:
        if obj is None:
            return False
        held = actor.roles_in(owner(obj))
        return bool(held & set(roles)) if roles else bool(held)

    return predicate


def can(actor: Actor, permission: str, obj=None) -> bool:
    if not permissions.rule_exists(permission):
        raise KeyError(f"unknown permission {permission!r}")
    return permissions.test_rule(permission, actor, obj)


def require(actor: Actor, permission: str, obj=None, *, message: str | None = None) -> None:
    if not can(actor, permission, obj):
        raise PermissionDenied(message or _default_refusal(permission))


def _default_refusal(permission: str) -> str:
    return f"You do not have permission to {permission.split('.', 1)[-1].replace('_', ' ')}"
