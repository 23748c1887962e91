"""What the Most Suitable Provider API's modules share: the one router (so the routes keep their
order and tag), the path prefixes and the fetch-and-check helpers."""

from ninja import Router

from caremarket.selection import selectors_mcp as sel
from caremarket.selection.models import SelectionProcess

router = Router(tags=["Provider selection"])

P = "/selection/msp/{reference}"
A = P + "/alliances/{alliance_id}"


def _out(process: SelectionProcess) -> dict:
    return sel.process_summary(process)


def _process(request, reference: str) -> SelectionProcess:
    return sel.msp_process_for_actor(request.actor, reference)


def _alliance(request, reference: str, alliance_id: int):
    process = _process(request, reference)
    return process, sel.alliance_for_actor(request.actor, process, alliance_id)
