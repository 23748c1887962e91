"""Managing an organisation's notices: its drafts and published notices, drafting, publishing and
correcting."""

from ninja import Router

router = Router(tags=["Notices"])
