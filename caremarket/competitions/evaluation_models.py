"""Evaluation models as data: the criteria templates (YAML in `criteria/`), and the JSON kept
on a competition, turned into the pure `rules.scoring.EvaluationModel`."""

from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

import yaml

from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import ValidationFailed
from caremarket.rules.scoring import (
    SCALE_0_TO_4,
    SCALE_0_TO_5,
    Criterion,
    EvaluationModel,
    PriceBand,
    PriceMethod,
    ScaleLevel,
    ScoringScale,
    model_problems,
)

TEMPLATES = Path(__file__).parent / "criteria"
SCALES = {"0-4": SCALE_0_TO_4, "0-5": SCALE_0_TO_5}
DEFAULT_TEMPLATE = "further_competition_60_40"


@lru_cache(maxsize=16)
def _templates() -> dict[str, dict]:
    found = {}
    for path in sorted(TEMPLATES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        found[data["name"]] = data
    return found


def template_names() -> list[tuple[str, str]]:
    return [(name, data["title"]) for name, data in _templates().items()]


def template(name: str) -> dict:
    """A template as the JSON a competition keeps (the scale spelled out in full)."""
    data = _templates().get(name)
    if data is None:
        raise ValidationFailed.for_field("evaluation_template", f"There is no criteria template '{name}'")
    scale = data.get("scale", "0-4")
    levels = SCALES[scale].levels if isinstance(scale, str) else None
    return {
        "criteria": data["criteria"],
        "scale": [{"score": lv.score, "label": lv.label, "descriptor": lv.descriptor} for lv in levels]
        if levels
        else scale,
        "price": data.get("price", {"formula": "lowest_over_bid"}),
        "places": data.get("places", 2),
        "abnormally_low_percent": str(data.get("abnormally_low_percent", "20")),
    }


def _decimal(value, what: str) -> Decimal:
    try:
        result = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationFailed(f"{what} must be a number, not {value!r}") from None
    return result


def _criterion(data: dict) -> Criterion:
    if not isinstance(data, dict):
        raise ValidationFailed("Each criterion needs an id, a name and a weight")
    return Criterion(
        id=str(data.get("id", "")),
        name=str(data.get("name", "")),
        weight=_decimal(data.get("weight", 0), f"The weight of {data.get('name', 'a criterion')}"),
        kind=str(data.get("kind", "quality")),
        children=tuple(_criterion(c) for c in data.get("children", []) or []),
    )


def model_from(data: dict) -> EvaluationModel:
    """The rules' model from the stored JSON (not checked: see `checked_model`)."""
    if not data or "criteria" not in data:
        raise ValidationFailed(
            "The competition has no evaluation model yet", code=ErrorCode.EVALUATION_MODEL_INVALID
        )
    price = data.get("price") or {}
    bands = tuple(
        PriceBand(_decimal(b["up_to_percent_above"], "A band limit"), _decimal(b["share"], "A band share"))
        for b in price.get("bands", []) or []
    )
    method = PriceMethod(
        formula=price.get("formula", "lowest_over_bid"), **({"bands": bands} if bands else {})
    )
    scale = ScoringScale(
        tuple(ScaleLevel(int(lv["score"]), str(lv["label"]), str(lv["descriptor"])) for lv in data["scale"])
    )
    return EvaluationModel(
        criteria=tuple(_criterion(c) for c in data["criteria"]),
        scale=scale,
        price=method,
        places=int(data.get("places", 2)),
        abnormally_low_percent=_decimal(data.get("abnormally_low_percent", "20"), "The abnormally low %"),
    )


def checked_model(data: dict) -> EvaluationModel:
    try:
        model = model_from(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValidationFailed(
            f"The evaluation model is not valid: it needs criteria, a scale and a price method ({exc})",
            code=ErrorCode.EVALUATION_MODEL_INVALID,
        ) from None
    problems = model_problems(model)
    if problems:
        raise ValidationFailed(
            "The evaluation model is not valid: " + "; ".join(problems),
            code=ErrorCode.EVALUATION_MODEL_INVALID,
            details={"problems": problems},
        )
    return model
