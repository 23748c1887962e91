"""The home page is made of panels; each domain contributes the panels for its roles.

A domain registers a function `(actor) -> list[Panel]` with `@home_panel`; the home page
shows every panel that the actor's roles call for, in the order they were registered.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from caremarket.core.actor import Actor


@dataclass(frozen=True)
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)


_providers: list[Callable[[Actor], list[Panel]]] = []


def home_panel(provider: Callable[[Actor], list[Panel]]):
    _providers.append(provider)
    return provider


def panels_for(actor: Actor) -> list[Panel]:
    return [panel for provider in _providers for panel in provider(actor)]
