"""The routes the API and the pages serve, for the tests that check every one of them."""

from caremarket.api.root import api


def _mounted(prefix: str, router) -> list[tuple[str, object]]:
    """A router and the routers mounted inside it (as the transparency router mounts its
    parts), each with its whole prefix."""
    found = [(prefix, router)]
    for child_prefix, child, *_ in router._routers:
        found += _mounted(prefix + child_prefix, child)
    return found


def api_routes() -> set[str]:
    """Every API operation as "METHOD /api/v1/path", as the routers spell it."""
    return {
        f"{method} /api/v1{prefix}{path}"
        for top_prefix, top in api._routers
        for prefix, router in _mounted(top_prefix, top)
        for path, view in router.path_operations.items()
        for operation in view.operations
        for method in operation.methods
    }
