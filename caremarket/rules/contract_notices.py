"""When a contract's and a sourcing plan's notices are published by the lifecycle, and which of
them the law requires (so that a late one is overdue). No Django here.

- Signing a contract publishes its contract details notice (UK7, or the PSR confirmation of award)
  when the signature is made on the platform that day. A contract recorded with a signature
  already in the past does not publish on its own: the buyer publishes it from the notices due
  (it is overdue 30 days after the signature).
- An NHS service level agreement between NHS bodies is not a public contract, so it needs none.
- A notice type applies only to events on or after the day its law came into force: a contract
  signed before 24 February 2025 needs no UK7.
- The pipeline notice (UK1) is required only of a contracting authority that expects to pay more
  than £100 million under relevant contracts in the coming financial year, and lists each planned
  procurement over £2 million (Procurement Act 2023, s93). Caremarket publishes one UK1 for each
  published procurement intention (the Find a Tender UK1 form is one procurement per notice);
  others may publish it voluntarily. The figures are data below.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from caremarket.rules.standstill import Regime


@dataclass(frozen=True)
class PipelineThresholds:
    authority_spend: Decimal  # the authority's expected payments in the coming financial year
    procurement_value: Decimal  # each planned procurement listed
    citation: str


PIPELINE = PipelineThresholds(
    authority_spend=Decimal("100000000"),
    procurement_value=Decimal("2000000"),
    citation="Procurement Act 2023, section 93(1) and (2)",
)

# Origins (rules.contracts.Origin values) whose contracts are not public contracts under the Act
# or the PSR, so no notice is required of them.
NO_NOTICE_ORIGINS = frozenset({"nhs_sla"})

# The codes a contract's own notices are recorded under, per kind of event: a contract signed under
# the PSR publishes a confirmation of award (or an urgent award notice) instead of a UK7.
SIGNED_CODES = frozenset({"UK7", "PSR_AWARD", "PSR_URGENT"})
ENDED_CODES = frozenset({"UK11"})


def contract_regime(competition_regime: str | None, own_regime: str | None = None) -> Regime:
    """A contract follows its competition's regime; one without a competition keeps its own (a
    Provider Selection Regime award), or else is under the Act."""
    if competition_regime:
        return Regime(competition_regime)
    return Regime(own_regime) if own_regime else Regime.PROCUREMENT_ACT_2023


def publishes_at_signing(*, signed_on: date, today: date, origin: str) -> bool:
    """Whether signing publishes the contract's notice at once (a signature made today)."""
    return origin not in NO_NOTICE_ORIGINS and signed_on >= today


def notice_required(*, origin: str, event_date: date | None, in_force_from: date) -> bool:
    """Whether the law requires a notice about a contract for an event on `event_date`, under a
    notice type in force from `in_force_from`."""
    return origin not in NO_NOTICE_ORIGINS and event_date is not None and event_date >= in_force_from


def pipeline_notice_mandatory(
    expected_spend: Decimal | None, thresholds: PipelineThresholds = PIPELINE
) -> bool:
    """Whether the authority must publish pipeline notices this financial year."""
    return expected_spend is not None and expected_spend > thresholds.authority_spend


def pipeline_lists(estimated_value: Decimal | None, thresholds: PipelineThresholds = PIPELINE) -> bool:
    """Whether a planned procurement must be listed in a mandatory pipeline notice."""
    return estimated_value is not None and estimated_value > thresholds.procurement_value


# Each value band of a procurement intention as the estimate a notice carries: the band's upper
# figure, or its lower one for the open-ended top band.
BAND_ESTIMATES = {
    "under_100k": Decimal("100000"),
    "100k_500k": Decimal("500000"),
    "500k_1m": Decimal("1000000"),
    "1m_5m": Decimal("5000000"),
    "5m_20m": Decimal("20000000"),
    "over_20m": Decimal("20000000"),
}


def band_estimate(value_band: str) -> Decimal | None:
    return BAND_ESTIMATES.get(value_band)
