"""Public notices."""

from ninja import Router

router = Router(tags=["Public notices"])
