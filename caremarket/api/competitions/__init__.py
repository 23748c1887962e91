"""Competitions: set up and publish, documents, clarification questions, sealed bids, the
evaluation panel, moderation, ranking, award, standstill and challenges, the contract from an
award; direct awards. One module per noun, all adding their routes to one router."""

import importlib

from caremarket.api.competitions.common import router

# This order is the order of the routes in the OpenAPI document.
for _name in ("competitions", "documents", "bids", "evaluation", "award", "direct_awards"):
    importlib.import_module(f"caremarket.api.competitions.{_name}")

# Keep the operation ids the API had as a single module, so generated clients keep working.
for _view in router.path_operations.values():
    for _operation in _view.operations:
        _operation.operation_id = _operation.operation_id or (
            f"caremarket_api_competitions_{_operation.view_func.__name__}"
        )

__all__ = ["router"]
