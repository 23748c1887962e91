"""Views and API endpoints read through selectors: no model queries in `web/` or `api/`.

Convention 3 of the architecture: views never call `Model.objects`, and they do not
query a related manager or a queryset either (`competition.bids.filter(...)`,
`x.lines.all()`, `qs.count()`); each read is an actor-scoped selector in the domain's
`selectors` module. The check reads the source with `ast`, so a query hidden anywhere in a
view or endpoint is found, not only the ones a test happens to run.

What is flagged:
- any `.objects` attribute;
- `.filter(`, `.exclude(`, `.annotate(`, `.aggregate(`, `.order_by(`, `.select_related(`,
  `.prefetch_related(`, `.values_list(` and `.values(...)` with arguments, on anything;
- `.all()`, `.count()`, `.exists()`, `.first()`, `.last()` with no arguments (the queryset
  forms; `list.count(x)` and `str.count(x)` take one);
- `.get(...)` with keyword arguments only (`dict.get`, `request.POST.get` and `.GET.get`
  always take the key positionally).
"""

import ast
from pathlib import Path

import caremarket

ROOT = Path(caremarket.__file__).parent
LAYERS = ("web", "api")

ALWAYS = {
    "filter",
    "exclude",
    "annotate",
    "aggregate",
    "order_by",
    "select_related",
    "prefetch_related",
    "values_list",
}
NO_ARGS = {"all", "count", "exists", "first", "last"}

# (path relative to caremarket/, the source of the flagged expression) -> why it is not a query.
ALLOWED: dict[tuple[str, str], str] = {
    ("web/static_finder.py", "(self.dist / COMPILED[0]).exists()"): "a pathlib.Path, not a queryset",
    ("web/static_finder.py", "self.dist.exists()"): "a pathlib.Path, not a queryset",
}


def _sources() -> list[Path]:
    files = []
    for layer in LAYERS:
        files += [p for p in sorted((ROOT / layer).rglob("*.py")) if "tests" not in p.parts]
    return files


def _problem(node: ast.AST) -> str | None:
    if isinstance(node, ast.Attribute) and node.attr == "objects":
        return "`.objects`"
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return None
    method, has_args = node.func.attr, bool(node.args or node.keywords)
    if method in ALWAYS:
        return f"`.{method}(…)`"
    if method == "values" and has_args:
        return "`.values(…)`"
    if method in NO_ARGS and not has_args:
        return f"`.{method}()`"
    if method == "get" and node.keywords and not node.args:
        return "`.get(field=…)`"
    return None


def violations() -> list[str]:
    found = []
    for path in _sources():
        source = path.read_text(encoding="utf-8")
        relative = str(path.relative_to(ROOT))
        flagged = [n for n in ast.walk(ast.parse(source, filename=str(path))) if _problem(n)]
        # One report per chain: `X.objects.filter(...).first()` is one query, not three.
        inner = {id(n) for node in flagged for n in _receivers(node)}
        for node in flagged:
            if id(node) in inner:
                continue
            text = ast.get_source_segment(source, node) or ""
            if (relative, text) in ALLOWED:
                continue
            found.append(f"{relative}:{node.lineno}: {_problem(node)} in {text.splitlines()[0]}")
    return sorted(found)


def _receivers(node: ast.AST):
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            node = node.value
            yield node
        else:
            return


def test_the_check_reads_every_view_and_endpoint():
    sources = _sources()
    assert any(p.name == "views" or "views" in p.parts for p in sources)
    assert len(sources) > 30


def test_the_check_catches_queries():
    tree = ast.parse(
        "Bid.objects.get(pk=1)\ncompetition.bids.filter(status='x')\nx.lines.all()\n"
        "qs.count()\nrequest.POST.get('a')\ndata.get('b', '')\nitems.count(3)\nrows.values()\n"
    )
    flagged = [ast.unparse(n) for n in ast.walk(tree) if _problem(n)]
    assert sorted(flagged) == sorted(
        [
            "Bid.objects",
            "Bid.objects.get(pk=1)",
            "competition.bids.filter(status='x')",
            "x.lines.all()",
            "qs.count()",
        ]
    )


def test_views_and_endpoints_do_not_query_models():
    found = violations()
    assert not found, "Read through a selector instead (caremarket/<app>/selectors):\n  " + "\n  ".join(found)


def test_the_allow_list_is_still_needed():
    stale = []
    for relative, text in ALLOWED:
        source = (ROOT / relative).read_text(encoding="utf-8")
        if text not in source:
            stale.append(f"{relative}: {text}")
    assert not stale
