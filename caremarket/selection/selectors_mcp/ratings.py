"""Who sees the ratings (`rules.provider_assessment.ratings_visible_to`), and the ratings and
moderation rows the panel and moderation pages show."""

from dataclasses import dataclass, field

from caremarket.core.actor import Actor
from caremarket.core.permissions import can
from caremarket.rules import provider_assessment as pa
from caremarket.selection.models import (
    Alliance,
    AllianceMember,
    DomainModeration,
    PanelMember,
    PanelRating,
    SelectionProcess,
)


@dataclass(frozen=True)
class Viewpoint:
    role: pa.Viewer
    alliance_names: frozenset[str]
    panel_member: PanelMember | None


def viewpoint(actor: Actor, process: SelectionProcess) -> Viewpoint:
    """How the actor stands to the process, for the visibility rule."""
    member = process.panel_members.filter(person_id=actor.person_id).first() if actor.person_id else None
    # A panel member rates independently: until moderation they see only their own ratings,
    # even when they also work for a commissioner.
    if member is not None:
        return Viewpoint(pa.Viewer.PANEL_MEMBER, frozenset(), member)
    if actor.sees_everything or can(actor, "selection.view_process", process):
        return Viewpoint(pa.Viewer.COMMISSIONER, frozenset(), None)
    orgs = actor.organisation_ids
    names = frozenset(
        AllianceMember.objects.filter(alliance__process=process, organisation_id__in=orgs).values_list(
            "alliance__name", flat=True
        )
    )
    if names:
        return Viewpoint(pa.Viewer.ALLIANCE_MEMBER, names, None)
    return Viewpoint(pa.Viewer.OTHER, frozenset(), None)


@dataclass
class AllianceRatings:
    """What the viewer may see of one alliance's ratings."""

    alliance: Alliance
    visibility: pa.Visibility
    panel: list = field(default_factory=list)  # PanelRating rows the viewer may see
    moderated: dict = field(default_factory=dict)  # sub-criterion id -> ModeratedRating
    domains: dict = field(default_factory=dict)  # domain id (or "overall") -> DomainModeration


def ratings_for(actor: Actor, process: SelectionProcess, alliance: Alliance) -> AllianceRatings:
    view = viewpoint(actor, process)
    moderated = process.msp.moderated_at is not None
    viewer_alliance = None
    if view.role == pa.Viewer.ALLIANCE_MEMBER and alliance.name in view.alliance_names:
        viewer_alliance = alliance.name
    visibility = pa.ratings_visible_to(
        view.role,
        viewer_alliance,
        alliance.name,
        moderated,
        conflicted=bool(view.panel_member and view.panel_member.conflicted),
    )
    out = AllianceRatings(alliance, visibility)
    if visibility == pa.Visibility.NONE:
        return out
    rows = alliance.panel_ratings.select_related("panel_member__person").order_by("sub_criterion", "pk")
    if visibility == pa.Visibility.ALL:
        out.panel = list(rows)
    elif visibility == pa.Visibility.OWN and view.panel_member is not None:
        out.panel = list(rows.filter(panel_member=view.panel_member))
    if visibility in (pa.Visibility.ALL, pa.Visibility.MODERATED):
        out.moderated = {m.sub_criterion: m for m in alliance.moderated_ratings.all()}
        out.domains = {d.domain: d for d in alliance.domain_moderations.all()}
    return out


def own_ratings(alliance: Alliance, member: PanelMember | None) -> dict:
    if member is None:
        return {}
    return {r.sub_criterion: r for r in alliance.panel_ratings.filter(panel_member=member)}


def original_ratings(alliance: Alliance) -> list[PanelRating]:
    return list(alliance.panel_ratings.select_related("panel_member__person"))


def not_assured_domains(process: SelectionProcess) -> list[str]:
    return sorted(
        set(
            DomainModeration.objects.filter(alliance__process=process, agreed=pa.Rating.NOT_ASSURED)
            .exclude(domain=DomainModeration.OVERALL)
            .values_list("domain", flat=True)
        )
    )


def overall_ratings(process: SelectionProcess) -> list[tuple[str, str]]:
    """(alliance name, agreed overall rating label) for each moderated alliance."""
    rows = DomainModeration.objects.filter(alliance__process=process, domain=DomainModeration.OVERALL)
    return [(d.alliance.name, d.agreed_label) for d in rows.select_related("alliance")]
