"""The rules package must stay pure: importing it loads no Django."""

import subprocess
import sys
from pathlib import Path


def test_rules_import_no_django():
    modules = sorted(p.stem for p in (Path(__file__).parents[1]).glob("*.py") if p.stem != "__init__")
    code = (
        "import sys\n"
        + "".join(f"import caremarket.rules.{m}\n" for m in modules)
        + "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        + "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"rules imported Django: {result.stdout}"
