"""Contracts and NHS SLAs, call-off orders, delivery and migration, management fees,
performance, continuity of supply and GP IT. One module per noun, all adding their routes to
one router."""

import importlib

from caremarket.api.contracts.common import router

# This order is the order of the routes in the OpenAPI document.
for _name in ("contracts", "performance", "orders", "deliveries", "fees", "continuity", "gpit"):
    importlib.import_module(f"caremarket.api.contracts.{_name}")

# Keep the operation ids the API had as a single module, so generated clients keep working.
for _view in router.path_operations.values():
    for _operation in _view.operations:
        _operation.operation_id = _operation.operation_id or (
            f"caremarket_api_contracts_{_operation.view_func.__name__}"
        )

__all__ = ["router"]
