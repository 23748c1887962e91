"""Every change in sourcing. One module per noun; each function checks permission, applies the
rules in `rules/`, writes and records its audit event in the same transaction."""

from caremarket.sourcing.services.clubs import (
    club_award,
    club_cancel,
    club_close_joining,
    club_create,
    club_join,
    club_launch,
    club_legal_entity_add,
    club_member_remove,
    club_open,
    club_set_launch_date,
    club_site_add,
)
from caremarket.sourcing.services.collaborations import (
    collaboration_create,
    collaboration_partner_add,
    collaboration_update,
    individual_procurement_create,
    milestone_complete,
)
from caremarket.sourcing.services.intentions import (
    cost_figures_save,
    intention_create,
    intention_publish,
    intention_update,
    intention_withdraw,
)
from caremarket.sourcing.services.requirements import (
    requirement_line_add,
    requirement_line_remove,
    requirement_line_update,
    requirement_set_create,
    requirements_import,
    requirements_submit,
)

__all__ = [
    "club_award",
    "club_cancel",
    "club_close_joining",
    "club_create",
    "club_join",
    "club_launch",
    "club_legal_entity_add",
    "club_member_remove",
    "club_open",
    "club_set_launch_date",
    "club_site_add",
    "collaboration_create",
    "collaboration_partner_add",
    "collaboration_update",
    "cost_figures_save",
    "individual_procurement_create",
    "intention_create",
    "intention_publish",
    "intention_update",
    "intention_withdraw",
    "milestone_complete",
    "requirement_line_add",
    "requirement_line_remove",
    "requirement_line_update",
    "requirement_set_create",
    "requirements_import",
    "requirements_submit",
]
