"""Reading the Most Suitable Provider process: which processes an actor sees, where a process
stands (the stage rules' facts), and which ratings an actor may see
(`rules.provider_assessment.ratings_visible_to`).

A package by concern; every name is re-exported here, so `selectors_mcp.<name>` keeps working:
lookup (finding processes for an actor, plain reads), stages (the stage facts and the overview),
ratings (who sees which ratings, moderation reads), award (after gateway 2) and summaries (the API
views)."""

from caremarket.selection.selectors_mcp.award import (  # noqa: F401
    AwardProgress,
    award_progress,
    award_summary,
)
from caremarket.selection.selectors_mcp.lookup import (  # noqa: F401
    MSP,
    alliance_for_actor,
    alliances_of,
    commissioner_names,
    engagement_of,
    framework_of,
    gateways_of,
    may_record_engagement,
    members_of,
    msp_process_for_actor,
    msp_processes_for_actor,
    organisations_by_code,
    panel_candidates,
    panel_of,
    person_by_email,
    person_by_id,
    provider_choices,
    sessions_held,
    sessions_of,
    stage2_versions,
    startable_for_actor,
    subcontractors_of,
    submission_documents_of,
    version_in,
)
from caremarket.selection.selectors_mcp.ratings import (  # noqa: F401
    AllianceRatings,
    Viewpoint,
    not_assured_domains,
    original_ratings,
    overall_ratings,
    own_ratings,
    ratings_for,
    viewpoint,
)
from caremarket.selection.selectors_mcp.stages import (  # noqa: F401
    Overview,
    StageRow,
    alliance_moderated,
    combined_documents,
    document_states,
    gateway,
    gateway2_refusal,
    overview,
    panel_conflicts,
    panel_ratings,
    raters_finished,
    stage_facts,
    versions_of,
)
from caremarket.selection.selectors_mcp.summaries import (  # noqa: F401
    alliance_summary,
    contract_summary,
    process_summary,
    version_summary,
)
