"""The provider selection API: PSR processes, decisions, standstill and representations, and the
Most Suitable Provider process."""

from ninja import Router

from caremarket.api.selection import mcp, psr, urgent

router = Router()
router.add_router("", psr.router)
router.add_router("", mcp.router)
router.add_router("", urgent.router)
