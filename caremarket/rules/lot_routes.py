"""Buy from this lot: which call-off routes a lot offers today, and why not the others.

A lot offers a further competition (every compliant supplier on it invited) and a direct
award (one supplier, chosen from a locked shortlist or the lot's price list, with the
justification recorded) only where the agreement is in force, the lot allows the procedure,
and at least one supplier on the lot can receive a call-off today. Each refusal is the
agreement rules' own sentence (`procedure_refusal`), so the page, the API and the services
that create the competition or the award never disagree.
"""

from dataclasses import dataclass
from datetime import date

from caremarket.core.error_codes import ErrorCode
from caremarket.rules.agreements import (
    PROCEDURE_LABELS,
    AgreementFacts,
    LotFacts,
    Procedure,
    procedure_refusal,
)
from caremarket.rules.refusals import Refusal

# The order a buyer reads them in: the competition first, the exception second.
ROUTE_ORDER = (Procedure.FURTHER_COMPETITION, Procedure.DIRECT_AWARD)


@dataclass(frozen=True)
class RouteOption:
    procedure: str
    refusal: Refusal | None = None

    @property
    def label(self) -> str:
        return PROCEDURE_LABELS[Procedure(self.procedure)]

    @property
    def allowed(self) -> bool:
        return self.refusal is None


def lot_routes(a: AgreementFacts, lot: LotFacts, today: date, *, invitable: int) -> tuple[RouteOption, ...]:
    """Each call-off procedure, in `ROUTE_ORDER`, with why the lot refuses it today (or None).
    `invitable` counts the suppliers on the lot who may be invited or receive a call-off."""
    options = []
    for procedure in ROUTE_ORDER:
        refusal = procedure_refusal(a, lot, procedure, today)
        if refusal is None and invitable <= 0:
            refusal = Refusal(
                ErrorCode.LOT_NO_INVITABLE_SUPPLIER,
                f"No supplier on lot {lot.number} of {a.reference} can receive a call-off today",
            )
        options.append(RouteOption(procedure, refusal))
    return tuple(options)


def offered_routes(options: tuple[RouteOption, ...]) -> list[str]:
    """The procedures among `options` the lot offers today."""
    return [option.procedure for option in options if option.allowed]
