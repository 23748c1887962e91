"""The transparency API: notices (draft, publish, correct), the public notice search, the OCDS
feed for machines, and imports of other publishers' OCDS."""

from ninja import Router

from caremarket.api.transparency import feed, imports, manage, notices, public

router = Router()
router.add_router("", notices.router)
router.add_router("", manage.router)
router.add_router("", public.router)
router.add_router("", feed.router)
router.add_router("", imports.router)
