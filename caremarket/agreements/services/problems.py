"""Field problems that remember the codes of the refusals among them."""

from caremarket.core.errors import ValidationFailed
from caremarket.core.validation import FieldProblems


class Problems(FieldProblems):
    """Field problems that remember the codes of the refusals among them."""

    def __init__(self) -> None:
        super().__init__()
        self.codes: list[str] = []

    def refuse(self, field: str, refusal) -> None:
        self.add(field, refusal.message)
        self.codes.append(refusal.code)

    def raise_if_any(self, summary: str = "There is a problem", code: str = "validation_failed") -> None:
        """Refuse with every problem; a lone refusal keeps its own code."""
        if not self.fields:
            return
        messages = [m for ms in self.fields.values() for m in ms]
        if len(messages) == 1 and len(self.codes) == 1:
            code = self.codes[0]
        message = messages[0] if len(messages) == 1 else summary
        raise ValidationFailed(message, code=code, details={"fields": self.fields})
