"""caremarket import-framework PATH: load an agreement, its lots and questions, all or nothing.

PATH is a Caremarket agreement definition (YAML or JSON), a folder of them, or a public
framework folder from the Digital Marketplace (e.g. ../shared/reference/frameworks/
digitalmarketplace/g-cloud-12). A folder holding several Digital Marketplace frameworks
loads each of them.
"""

from pathlib import Path

from caremarket.agreements.digital_marketplace import is_framework_directory, read_framework
from caremarket.agreements.services import agreement_import
from caremarket.agreements.services.definitions import read_definition
from caremarket.core.actor import Actor
from caremarket.core.commands import CaremarketCommand
from caremarket.core.errors import ImportFailed

DEFINITION_SUFFIXES = (".yaml", ".yml", ".json")


def definitions_in(path: Path) -> list[tuple[Path, str]]:
    """(path, kind) for everything to load under `path`: "marketplace" or "definition"."""
    if path.is_file():
        return [(path, "definition")]
    if is_framework_directory(path):
        return [(path, "marketplace")]
    if not path.is_dir():
        raise ImportFailed(f"{path} does not exist", problems=[])
    found = [(p, "marketplace") for p in sorted(path.iterdir()) if p.is_dir() and is_framework_directory(p)]
    found += [
        (p, "marketplace") for p in sorted(path.glob("*/*")) if p.is_dir() and is_framework_directory(p)
    ]
    found += [(p, "definition") for p in sorted(path.iterdir()) if p.suffix in DEFINITION_SUFFIXES]
    if not found:
        raise ImportFailed(
            f"{path} holds no agreement definition or Digital Marketplace framework", problems=[]
        )
    return found


def load(path: Path, actor: Actor, overrides: dict | None = None) -> list:
    results = []
    for item, kind in definitions_in(Path(path)):
        if kind == "marketplace":
            reading = read_framework(item, overrides)
            definition, source = reading.definition, f"digitalmarketplace:{item.name}"
        else:
            definition, source = read_definition(item), f"file:{item.name}"
        results.append((item, agreement_import(actor=actor, definition=definition, source=source)))
    return results


class Command(CaremarketCommand):
    help = "Load agreements, lots and questions from definitions or Digital Marketplace frameworks."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        for option in ("reference", "title", "owner", "starts-on", "ends-on"):
            parser.add_argument(f"--{option}", default="", help=f"the framework's {option.replace('-', ' ')}")

    def handle(self, *args, path, **options):
        overrides = {key: options[key] for key in ("reference", "title", "owner", "starts_on", "ends_on")}
        for item, result in load(path, Actor.system("import-framework"), overrides):
            verb = "created" if result.created else "updated"
            self.console.print(
                f"{item.name}: {result.reference} {verb} — {result.lots_added} lots added, "
                f"{result.lots_changed} changed, {result.questions} questions"
            )
