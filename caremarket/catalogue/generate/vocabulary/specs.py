"""The shape of a category's vocabulary: names, summaries, sentences, features and priced
options, with prices in pounds in the ranges the market charges."""

from dataclasses import dataclass


@dataclass(frozen=True)
class LineSpec:
    item: str
    unit: str
    charge: str
    low: int  # pounds
    high: int
    tiered: bool = False


@dataclass(frozen=True)
class Spec:
    names: tuple[str, ...]
    summaries: tuple[str, ...]
    sentences: tuple[str, ...]
    features: tuple[str, ...]
    options: tuple[tuple[LineSpec, ...], ...]  # each a priced option (an item's lines)


def per_day(item: str, low: int, high: int) -> tuple[LineSpec, ...]:
    return (LineSpec(item, "day_rate", "one_off", low, high),)


def fixed_price(item: str, low: int, high: int) -> tuple[LineSpec, ...]:
    return (LineSpec(item, "fixed_price", "one_off", low, high),)
