"""The rules package must stay pure: importing it loads no Django."""

import subprocess
import sys
from pathlib import Path

RULES = Path(__file__).parents[1]


def _rule_modules() -> list[str]:
    """Every module of the rules package, those in its sub-packages included (not the tests)."""
    names = []
    for path in sorted(RULES.rglob("*.py")):
        parts = path.relative_to(RULES).with_suffix("").parts
        if parts[0] == "tests":
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts:
            names.append(".".join(parts))
    return names


def test_the_sub_packages_are_checked_too():
    modules = _rule_modules()
    assert "psr.standstill" in modules and "provider_assessment.gateways" in modules


def test_rules_import_no_django():
    code = (
        "import sys\n"
        + "".join(f"import caremarket.rules.{m}\n" for m in _rule_modules())
        + "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        + "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"rules imported Django: {result.stdout}"
