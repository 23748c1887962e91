"""A refusal: why a rule says no, with the stable code clients match on.

Pure rules return a `Refusal` (or None when the action is allowed); services turn it into
the error their interface shows.
"""

from dataclasses import dataclass

from caremarket.core.errors import RuleViolation


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str

    def error(self, **details) -> RuleViolation:
        return RuleViolation(self.message, code=self.code, details=details or None)

    def __str__(self) -> str:
        return self.message
