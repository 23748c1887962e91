"""OCDS feed."""

from ninja import Router

router = Router(tags=["OCDS feed"])
