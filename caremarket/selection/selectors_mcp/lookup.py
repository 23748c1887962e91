"""Finding the Most Suitable Provider processes and their parts for an actor (not found for
what the actor may not see), and the plain reads the pages and the API show: alliances, members,
sessions, the panel, people and organisations, stage 2 versions."""

from django.db.models import Q

from caremarket.core.actor import Actor
from caremarket.core.errors import NotFound
from caremarket.core.permissions import can
from caremarket.rules import provider_assessment as pa
from caremarket.rules.psr import Process
from caremarket.selection.models import (
    Alliance,
    GatewayDecision,
    MspSetup,
    PanelMember,
    SelectionProcess,
)

MSP = str(Process.MOST_SUITABLE_PROVIDER)


def framework_of(setup: MspSetup) -> pa.Framework:
    """The framework version the process is assessed under (fixed when it started)."""
    versions = pa.parse_frameworks(pa._data())[setup.framework_code]
    chosen = [v for v in versions if v.version == setup.framework_version]
    return chosen[0] if chosen else versions[-1]


def msp_processes_for_actor(actor: Actor) -> list[SelectionProcess]:
    """The Most Suitable Provider processes the actor takes part in (or oversees)."""
    rows = SelectionProcess.objects.filter(msp__isnull=False).select_related("lead_commissioner", "msp")
    if actor.sees_everything:
        return list(rows)
    if not actor.is_authenticated:
        return []
    orgs = actor.organisation_ids
    return list(
        rows.filter(
            Q(lead_commissioner_id__in=orgs)
            | Q(commissioners__in=orgs)
            | Q(panel_members__person_id=actor.person_id)
            | Q(alliances__members__organisation_id__in=orgs)
        ).distinct()
    )


def msp_process_for_actor(actor: Actor, reference: str) -> SelectionProcess:
    process = (
        SelectionProcess.objects.filter(reference=reference, msp__isnull=False)
        .select_related("lead_commissioner", "msp")
        .first()
    )
    if process is None or not can(actor, "selection.view_msp", process):
        raise NotFound(f"There is no Most Suitable Provider process {reference}")
    return process


def alliance_for_actor(actor: Actor, process: SelectionProcess, alliance_id: int) -> Alliance:
    alliance = process.alliances.select_related("lead").filter(pk=alliance_id).first()
    # Another alliance's page is not found, as if it did not exist: its submission is its own.
    if alliance is None or not can(actor, "selection.view_alliance", alliance):
        raise NotFound(f"There is no alliance {alliance_id} in {process.reference}")
    return alliance


def startable_for_actor(actor: Actor, reference: str) -> SelectionProcess:
    """A process that chose the Most Suitable Provider process, for starting it."""
    process = (
        SelectionProcess.objects.filter(reference=reference, process=MSP)
        .select_related("lead_commissioner")
        .first()
    )
    if process is None or not can(actor, "selection.view_process", process):
        raise NotFound(f"There is no process {reference} that chose the Most Suitable Provider process")
    return process


def alliances_of(process: SelectionProcess) -> list[Alliance]:
    return list(
        process.alliances.select_related("lead", "contract", "submission").prefetch_related(
            "members__organisation"
        )
    )


def members_of(alliance: Alliance) -> list:
    """The alliance's member organisations, the lead first."""
    orgs = [m.organisation for m in alliance.members.select_related("organisation")]
    return sorted(orgs, key=lambda o: o.pk != alliance.lead_id)


def subcontractors_of(alliance: Alliance) -> list:
    return [o for o in members_of(alliance) if o.pk != alliance.lead_id]


def sessions_of(process: SelectionProcess) -> list:
    return list(process.dialogue_sessions.all())


def sessions_held(process: SelectionProcess) -> int:
    return process.dialogue_sessions.count()


def panel_of(process: SelectionProcess) -> list[PanelMember]:
    return list(process.panel_members.select_related("person"))


def engagement_of(process: SelectionProcess) -> list:
    return list(process.engagement_records.all())


def gateways_of(process: SelectionProcess) -> list[GatewayDecision]:
    return list(process.gateways.all())


def commissioner_names(process: SelectionProcess) -> list[str]:
    return list(process.commissioners.order_by("name").values_list("name", flat=True))


def submission_documents_of(alliance: Alliance) -> list:
    submission = getattr(alliance, "submission", None)
    return list(submission.documents.select_related("uploaded_by")) if submission else []


def provider_choices() -> list[tuple[str, str]]:
    from caremarket.orgs.models import Organisation
    from caremarket.rules.roles import Sector

    return list(
        Organisation.objects.filter(sector=Sector.SUPPLIER).order_by("name").values_list("code", "name")
    )


def organisations_by_code(codes) -> dict:
    from caremarket.orgs.models import Organisation

    wanted = [c for c in codes if c]
    return {o.code: o for o in Organisation.objects.filter(code__in=wanted)}


def panel_candidates(process: SelectionProcess) -> list:
    """The commissioners' people not yet on the panel."""
    from caremarket.orgs.models import Person

    orgs = {process.lead_commissioner_id, *process.commissioners.values_list("pk", flat=True)}
    return list(
        Person.objects.filter(memberships__organisation_id__in=orgs)
        .exclude(selection_panels__process=process)
        .distinct()
        .order_by("full_name")
    )


def person_by_id(value: str):
    from caremarket.orgs.models import Person

    return Person.objects.filter(pk=int(value)).first() if str(value or "").isdigit() else None


def person_by_email(email: str):
    from caremarket.orgs.models import Person

    return Person.objects.filter(email__iexact=(email or "").strip()).first()


def stage2_versions(alliance: Alliance, kind: str) -> list:
    from caremarket.selection.models import Stage2Version

    return list(
        Stage2Version.objects.filter(document__alliance=alliance, document__kind=kind)
        .select_related("drafted_by")
        .order_by("-number")
    )


def version_in(process: SelectionProcess, version_id: int):
    from caremarket.selection.models import Stage2Version

    version = (
        Stage2Version.objects.select_related("document__alliance")
        .filter(pk=version_id, document__alliance__process=process)
        .first()
    )
    if version is None:
        raise NotFound(f"There is no such version in {process.reference}")
    return version


def may_record_engagement(actor: Actor, process: SelectionProcess) -> bool:
    return can(actor, "selection.manage_msp", process) or any(
        can(actor, "selection.submit_for_alliance", a) for a in process.alliances.all()
    )
