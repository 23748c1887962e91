"""The sourcing pages, under /sourcing (part of the `web` namespace)."""

from django.urls import path

from caremarket.web.views.competitions import club_competition
from caremarket.web.views.sourcing import advisor, clubs, diagnostic, intentions, procurements, requirements

S = "sourcing"
R = f"{S}/requirements/<str:reference>"
C = f"{S}/clubs/<str:reference>"

urlpatterns = [
    path(f"{S}/requirements", requirements.requirement_sets, name="requirement-sets"),
    path(f"{S}/requirements/new", requirements.requirement_set_new, name="requirement-set-new"),
    path(R, requirements.requirement_set_detail, name="requirement-set"),
    path(f"{R}/template.xlsx", requirements.template_xlsx, name="requirement-template-xlsx"),
    path(f"{R}/template.csv", requirements.template_csv, name="requirement-template-csv"),
    path(f"{R}/upload", requirements.requirement_upload, name="requirement-upload"),
    path(f"{R}/lines/add", requirements.requirement_line_add, name="requirement-line-add"),
    path(
        f"{R}/lines/<int:line_id>/remove",
        requirements.requirement_line_remove,
        name="requirement-line-remove",
    ),
    path(f"{R}/submit", requirements.requirements_submit, name="requirement-submit"),
    path(f"{S}/clubs", clubs.club_list, name="clubs"),
    path(f"{S}/clubs/new", clubs.club_new, name="club-new"),
    path(C, clubs.club_detail, name="club"),
    path(f"{C}/join", clubs.club_join, name="club-join"),
    path(f"{C}/open", clubs.club_open, name="club-open"),
    path(f"{C}/launch", clubs.club_launch, name="club-launch"),
    path(f"{C}/launch-date", clubs.club_launch_date, name="club-launch-date"),
    path(f"{C}/baseline", clubs.club_baseline, name="club-baseline"),
    path(f"{C}/competition/new", club_competition.club_competition_new, name="club-competition-new"),
    path(f"{S}/route-advisor", advisor.start, name="route-advisor"),
    path(f"{S}/route-advisor/check", advisor.check, name="route-advisor-check"),
    path(f"{S}/route-advisor/result", advisor.result, name="route-advisor-result"),
    path(f"{S}/route-advisor/questions/<str:key>", advisor.question, name="route-advisor-question"),
    path(f"{S}/procurements", procurements.procurement_list, name="procurements"),
    path(f"{S}/collaborations/new", procurements.collaboration_new, name="collaboration-new"),
    path(f"{S}/collaborations/<str:reference>", procurements.collaboration_detail, name="collaboration"),
    path(
        f"{S}/collaborations/<str:reference>/milestones/<str:key>/done",
        procurements.collaboration_milestone_done,
        name="collaboration-milestone-done",
    ),
    path(f"{S}/individual/new", procurements.individual_new, name="individual-new"),
    path(f"{S}/individual/<str:reference>", procurements.individual_detail, name="individual"),
    path(
        f"{S}/individual/<str:reference>/milestones/<str:key>/done",
        procurements.individual_milestone_done,
        name="individual-milestone-done",
    ),
    path(f"{S}/pipeline", intentions.pipeline, name="pipeline"),
    path(f"{S}/intentions/new", intentions.intention_new, name="intention-new"),
    path(f"{S}/intentions/<str:reference>", intentions.intention_detail, name="intention"),
    path(f"{S}/intentions/<str:reference>/publish", intentions.intention_publish, name="intention-publish"),
    path(
        f"{S}/intentions/<str:reference>/withdraw", intentions.intention_withdraw, name="intention-withdraw"
    ),
    path(f"{S}/phasing", intentions.phasing, name="phasing"),
    path(f"{S}/diagnostic", diagnostic.diagnostic, name="diagnostic"),
]
