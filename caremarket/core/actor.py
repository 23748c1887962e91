"""Who is acting: a person (or the system), with their roles in each organisation.

Built once per request (web and API) or per command (CLI), and passed explicitly to every
service and selector, so that each can decide what this actor may do and see.
"""

from dataclasses import dataclass, field, replace
from typing import Any

from caremarket.rules.roles import Role


@dataclass(frozen=True)
class Actor:
    person: Any | None  # orgs.Person; None for the system itself
    label: str
    roles_by_org: dict[int, frozenset[str]] = field(default_factory=dict)
    platform_roles: frozenset[str] = frozenset()
    organisation_id: int | None = None  # the organisation the person is acting for now
    # Known without loading the person, so an API request with a token needs no Person row.
    person_id: int | None = None

    def __post_init__(self) -> None:
        if self.person_id is None and self.person is not None:
            object.__setattr__(self, "person_id", self.person.pk)

    @classmethod
    def anonymous(cls) -> "Actor":
        return cls(person=None, label="anonymous")

    @classmethod
    def system(cls, label: str) -> "Actor":
        """The platform itself (a management command, a migration of data)."""
        return cls(person=None, label=f"system:{label}", platform_roles=frozenset({"system"}))

    @property
    def is_authenticated(self) -> bool:
        return self.person is not None or self.is_system

    @property
    def is_system(self) -> bool:
        return "system" in self.platform_roles

    @property
    def is_platform_admin(self) -> bool:
        return self.is_system or Role.PLATFORM_ADMIN in self.platform_roles

    @property
    def is_auditor(self) -> bool:
        return Role.AUDITOR in self.platform_roles

    @property
    def sees_everything(self) -> bool:
        """Auditors and platform administrators may read across organisations."""
        return self.is_platform_admin or self.is_auditor

    @property
    def organisation_ids(self) -> frozenset[int]:
        return frozenset(self.roles_by_org)

    def roles_in(self, organisation_id: int | None) -> frozenset[str]:
        if organisation_id is None:
            return frozenset()
        return self.roles_by_org.get(organisation_id, frozenset())

    def is_member(self, organisation_id: int | None) -> bool:
        return bool(self.roles_in(organisation_id))

    def has_role(self, organisation_id: int | None, *roles: str) -> bool:
        return bool(self.roles_in(organisation_id) & set(roles))

    def with_organisation(self, organisation_id: int | None) -> "Actor":
        return replace(self, organisation_id=organisation_id)
