"""Sourcing API: the make/share/buy diagnostic."""

from ninja import Field, Query, Schema

from caremarket.api.schemas import responses
from caremarket.api.sourcing.common import P, router
from caremarket.api.sourcing_schemas import (
    CostFiguresIn,
    DiagnosticOut,
)
from caremarket.orgs.selectors import organisation_for_actor
from caremarket.sourcing import services
from caremarket.sourcing.diagnostic import diagnostic_for_actor


class PopulationParams(Schema):
    population: int | None = Field(None, ge=1, le=100_000_000, description="Registered population")


def _diagnostic_out(actor, organisation, population: int | None = None) -> dict:
    result, _ = diagnostic_for_actor(actor, organisation, population=population)
    return {
        "organisation_code": organisation.code,
        "rows": [
            {
                "service_line": str(row.line),
                "label": row.label,
                "options": [
                    {
                        "option": str(r.option),
                        "cost": r.cost,
                        "estimated": r.estimated,
                        "saving_vs_in_house": r.saving_vs_in_house,
                        "saving_percent": r.saving_percent,
                    }
                    for r in row.options
                ],
                "cheapest": str(row.cheapest) if row.cheapest else None,
                "notes": list(row.notes),
            }
            for row in result.rows
        ],
        "in_house_total": result.in_house_total,
        "cheapest_total": result.cheapest_total,
        "saving_total": result.saving_total,
    }


@router.get(f"{P}/diagnostic/{{code}}", response=responses(200, DiagnosticOut))
def get_diagnostic(request, code: str, population: Query[PopulationParams]):
    """Make, share, buy, buy collaboratively or mixed, per service line, against yearly
    benchmarks; `population` (the registered population) compares prices per head."""
    return _diagnostic_out(request.actor, organisation_for_actor(request.actor, code), population.population)


@router.put(f"{P}/diagnostic/{{code}}", response=responses(200, DiagnosticOut))
def save_cost_figures(request, code: str, payload: CostFiguresIn):
    """Set the organisation's yearly cost figures (a null cost clears one)."""
    organisation = organisation_for_actor(request.actor, code)
    figures = {(f.service_line, f.option): f.yearly_cost for f in payload.figures}
    services.cost_figures_save(actor=request.actor, organisation=organisation, figures=figures)
    return _diagnostic_out(request.actor, organisation)
