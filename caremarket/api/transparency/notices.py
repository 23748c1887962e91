"""Notices."""

from ninja import Router

router = Router(tags=["Notices"])
