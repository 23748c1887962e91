"""The demo world: each domain adds a loader; `caremarket load-demo` runs them in order.

A loader receives the `DemoWorld` built so far (organisations and people by key) and adds
its own records through the domain's services, so the demo's audit log is real too.
"""

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from caremarket.core.actor import Actor

DEMO_PASSWORD = "caremarket-demo"

# Each domain's loader module; later issues append theirs.
LOADER_MODULES = [
    "caremarket.demo.orgs",
    "caremarket.demo.agreements",
    "caremarket.demo.catalogue",
    "caremarket.demo.sourcing",
    "caremarket.demo.competitions",
    "caremarket.demo.direct_awards",
    "caremarket.demo.contracts",
    "caremarket.demo.transparency",
    "caremarket.demo.selection",
    "caremarket.demo.selection_suffolk",
]


@dataclass
class SignIn:
    role: str
    email: str
    organisation: str
    note: str = ""


@dataclass
class DemoWorld:
    actor: Actor
    reference_dir: Path
    say: Callable[[str], None] = print
    orgs: dict[str, Any] = field(default_factory=dict)
    people: dict[str, Any] = field(default_factory=dict)
    sign_ins: list[SignIn] = field(default_factory=list)


_loaders: list[tuple[int, str, Callable[[DemoWorld], None]]] = []


def demo_loader(order: int):
    """Register a loader; lower `order` runs first (organisations are 10)."""

    def register(fn: Callable[[DemoWorld], None]):
        _loaders.append((order, fn.__name__, fn))
        return fn

    return register


def loaders() -> list[Callable[[DemoWorld], None]]:
    for module in LOADER_MODULES:
        importlib.import_module(module)
    return [fn for _, _, fn in sorted(_loaders, key=lambda item: (item[0], item[1]))]
