"""OCDS imports."""

from ninja import Router

router = Router(tags=["OCDS imports"])
