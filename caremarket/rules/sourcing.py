"""The vocabulary of sourcing: routes to market, buying procedures and the legal threshold.

Shared by the route advisor (`routes`), milestone plans (`milestones`) and buying clubs
(`buying_clubs`), so that each names a route or a procedure the same way.

- A **route** is who runs the procurement: a central body for a buying club (aggregated),
  partners under a lead organisation (collaborative self-serve), or one organisation
  (individual self-serve).
- A **procedure** is how the contract is awarded: an open procedure advertised on Find a
  Tender (formerly OJEU), a further competition on a dynamic purchasing system, a
  mini-competition on a framework, or a direct award where the agreement allows it.
- The **legal threshold** is the value (inclusive of VAT) above which a contract must be
  let by a procedure compliant with procurement law. It is configuration: the table below
  holds the UK figures for goods and services, and callers may pass any other figure (for
  example the light-touch threshold for health and social care services).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from caremarket.rules.agreements import AgreementKind, Procedure


class Route(StrEnum):
    AGGREGATED = "aggregated"
    COLLABORATIVE = "collaborative"
    INDIVIDUAL = "individual"


ROUTE_LABELS = {
    Route.AGGREGATED: "Aggregated procurement",
    Route.COLLABORATIVE: "Collaborative self-serve procurement",
    Route.INDIVIDUAL: "Individual self-serve procurement",
}


class BuyingProcedure(StrEnum):
    OPEN = "open_procedure"
    DPS_FURTHER_COMPETITION = "dps_further_competition"
    MINI_COMPETITION = "mini_competition"
    DIRECT_AWARD = "direct_award"


PROCEDURE_LABELS = {
    BuyingProcedure.OPEN: "Open procedure (Find a Tender, formerly OJEU)",
    BuyingProcedure.DPS_FURTHER_COMPETITION: "Further competition on a dynamic purchasing system",
    BuyingProcedure.MINI_COMPETITION: "Mini-competition on a framework",
    BuyingProcedure.DIRECT_AWARD: "Direct award",
}


def call_off_procedure(procedure: str) -> Procedure | None:
    """The agreement's call-off procedure behind a buying procedure (None: open procedure)."""
    if procedure == BuyingProcedure.DIRECT_AWARD:
        return Procedure.DIRECT_AWARD
    if procedure in (BuyingProcedure.DPS_FURTHER_COMPETITION, BuyingProcedure.MINI_COMPETITION):
        return Procedure.FURTHER_COMPETITION
    return None


def competition_procedure(kind: str) -> BuyingProcedure:
    """A competition on a DPS is a further competition; on a framework, a mini-competition."""
    if kind == AgreementKind.DPS:
        return BuyingProcedure.DPS_FURTHER_COMPETITION
    return BuyingProcedure.MINI_COMPETITION


# --- The legal threshold ---------------------------------------------------------------------


@dataclass(frozen=True)
class ServicesThreshold:
    """The UK thresholds for goods and services contracts from a date (inclusive of VAT)."""

    in_force_from: date
    central: Decimal
    sub_central: Decimal


# Public Contracts Regulations 2015 as amended from 1 January 2024, then the Procurement Act
# 2023 (Threshold Amounts) (Amendment) Regulations 2025 from 1 January 2026.
SERVICES_THRESHOLDS: tuple[ServicesThreshold, ...] = (
    ServicesThreshold(date(2024, 1, 1), Decimal("139688"), Decimal("214904")),
    ServicesThreshold(date(2026, 1, 1), Decimal("135018"), Decimal("207720")),
)
# Health and social care and other light-touch services (unchanged by the 2026 revision).
LIGHT_TOUCH_THRESHOLD = Decimal("663540")


def services_threshold(
    today: date, *, central: bool = False, table: tuple[ServicesThreshold, ...] = SERVICES_THRESHOLDS
) -> Decimal:
    """The goods and services threshold in force on `today`.

    Sub-central authorities (ICBs, NHS trusts, local authorities) are the default; central
    government bodies pass `central=True`. Before the first row of `table` its figures are
    used: callers that need a historical threshold pass it explicitly.
    """
    rows = sorted(table, key=lambda row: row.in_force_from)
    current = rows[0]
    for row in rows:
        if row.in_force_from <= today:
            current = row
    return current.central if central else current.sub_central
