"""The process, its alliances, versions and contract as the API shows them."""

from caremarket.selection.models import (
    Alliance,
    SelectionProcess,
)
from caremarket.selection.selectors_mcp.award import award_summary
from caremarket.selection.selectors_mcp.lookup import (
    alliances_of,
    gateways_of,
    members_of,
    panel_of,
    sessions_of,
)
from caremarket.selection.selectors_mcp.stages import document_states, overview


def version_summary(version) -> dict:
    version.refresh_from_db()
    state = document_states(version.document.alliance)[version.document.kind]
    return {
        "id": version.pk,
        "number": version.number,
        "kind": version.document.kind,
        "sha256": version.sha256,
        "drafted_by_side": version.drafted_by_side,
        "agreed_by": sorted(version.agreed_by),
        "document_status": str(state.status),
    }


def contract_summary(contract) -> dict:
    return {
        "reference": contract.reference,
        "supplier_code": contract.supplier.code,
        "value": contract.value,
        "subcontractor_codes": [
            s.subcontractor.code for s in contract.subcontracts.select_related("subcontractor")
        ],
    }


def process_summary(process: SelectionProcess) -> dict:
    """The process as the API shows it."""
    process = SelectionProcess.objects.select_related("msp", "linked_competition").get(pk=process.pk)
    view = overview(process)
    setup = process.msp
    return {
        "reference": process.reference,
        "title": process.title,
        "stage": process.stage,
        "framework": setup.framework_code,
        "framework_version": setup.framework_version,
        "submission_deadline": setup.submission_deadline,
        "market_notice_id": setup.market_notice_id,
        "next_step": view.next_step,
        "stages": [
            {"stage": r.stage, "name": r.name, "state": r.state, "refusal": r.refusal} for r in view.stages
        ],
        "alliances": [alliance_summary(a) for a in alliances_of(process)],
        "sessions": sessions_of(process),
        "panel": [{"person_email": m.person.email, "declaration": m.declaration} for m in panel_of(process)],
        "gateways": gateways_of(process),
        "linked_competition_reference": process.linked_competition.reference
        if process.linked_competition_id
        else None,
        "ended_at": process.ended_at,
        "award": award_summary(process) if view.facts.gateway2_passed else None,
    }


def alliance_summary(alliance: Alliance) -> dict:
    alliance = Alliance.objects.select_related("lead", "contract").get(pk=alliance.pk)
    submission = getattr(alliance, "submission", None)
    return {
        "id": alliance.pk,
        "name": alliance.name,
        "lead_code": alliance.lead.code,
        "member_codes": [o.code for o in members_of(alliance)],
        "letter_signed_on": alliance.letter_signed_on,
        "letter_sha256": alliance.letter_sha256,
        "submitted_at": submission.submitted_at if submission else None,
        "contract_reference": alliance.contract.reference if alliance.contract_id else None,
    }
