"""Sourcing: requirement sets and their template import, buying clubs (joining, the deadline,
launch and the frozen baseline), the route advisor, collaborations and individual
procurements with their milestones, intentions and phasing, and the make/share/buy diagnostic.
One module per noun, all adding their routes to one router."""

import importlib

from caremarket.api.sourcing.common import router

# This order is the order of the routes in the OpenAPI document.
for _name in ("requirements", "clubs", "advice", "procurements", "intentions", "diagnostic"):
    importlib.import_module(f"caremarket.api.sourcing.{_name}")

# Keep the operation ids the API had as a single module, so generated clients keep working.
for _view in router.path_operations.values():
    for _operation in _view.operations:
        _operation.operation_id = (
            _operation.operation_id or f"caremarket_api_sourcing_{_operation.view_func.__name__}"
        )

__all__ = ["router"]
