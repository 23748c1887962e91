"""Provider selection API (mcp): the Most Suitable Provider process's steps, as on its pages -
start it, the submission deadline, alliances and their letters of commitment, the notice to the
market, dialogue sessions, the written submission, the panel (declaring, rating), moderation,
gateway 1, stage 2 versions and their agreement, engagement, gateway 2, the decision against the
key criteria and the notice of intention (its representations and review go through the
process's Provider Selection Regime routes), and the contract after the standstill. The
ratings an actor may see follow `rules.provider_assessment.ratings_visible_to`.

The package's modules: schemas (every request and response shape), common (the router, path
prefixes and helpers), setup, assessment and stage2 (the routes, imported here in the order they
are documented)."""

# Importing the modules adds their routes, in the order the document lists them.
# isort: off
from caremarket.api.selection.mcp import setup  # noqa: F401
from caremarket.api.selection.mcp import assessment  # noqa: F401
from caremarket.api.selection.mcp import stage2  # noqa: F401

# isort: on
from caremarket.api.selection.mcp.common import router

# The operation ids stay those of the single module this package was
# (caremarket_api_selection_mcp_<view>): the OpenAPI document, and code generated from it, keep them.
for _path in router.path_operations.values():
    for _operation in _path.operations:
        _operation.operation_id = _operation.operation_id or (
            f"caremarket_api_selection_mcp_{_operation.view_func.__name__}"
        )

__all__ = ["router"]
