"""The routes the API and the pages serve, for the tests that check every one of them."""

from caremarket.api.root import api


def api_routes() -> set[str]:
    """Every API operation as "METHOD /api/v1/path", as the routers spell it."""
    return {
        f"{method} /api/v1{prefix}{path}"
        for prefix, router in api._routers
        for path, view in router.path_operations.items()
        for operation in view.operations
        for method in operation.methods
    }
