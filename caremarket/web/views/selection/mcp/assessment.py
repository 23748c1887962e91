"""The Most Suitable Provider pages of the assessment: the panel's declarations and ratings,
moderation, the ratings an alliance may see, and gateway 1."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from caremarket.core.errors import ApplicationError, NotFound, ValidationFailed
from caremarket.core.permissions import require
from caremarket.rules import provider_assessment as pa
from caremarket.rules.dates import spoken_date
from caremarket.selection import selectors_mcp as sel
from caremarket.selection.services import mcp_assessment
from caremarket.web.forms import form_errors, render_form
from caremarket.web.views.contracts.common import refusal
from caremarket.web.views.selection.mcp.common import (
    RATING_OPTIONS,
    _alliance,
    _done,
    _form_view,
    _process,
)

# --- The panel: declaring and rating ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def panel_declare(request, reference: str):
    process = _process(request, reference)
    require(request.actor, "selection.rate_msp", process)
    member = sel.viewpoint(request.actor, process).panel_member
    if request.method == "GET" and member is not None and member.declaration:
        return _done(request, f"You made your declaration on {spoken_date(member.declared_at)}", process)
    return _form_view(
        request,
        process,
        spec={
            "process": process,
            "heading": "Declare any conflict of interest",
            "intro": [
                "You rate the alliances' submissions only after declaring. "
                "If you have a conflict, you do not rate."
            ],
            "fields": [
                {
                    "name": "declaration",
                    "label": "Do you have a conflict of interest?",
                    "kind": "radios",
                    "options": [
                        ("no_conflict", "No, I have no conflict of interest"),
                        ("conflict", "Yes, I have a conflict"),
                    ],
                },
                {
                    "name": "conflict_text",
                    "label": "Your conflict of interest",
                    "kind": "area",
                    "hint": "Needed if you have one",
                },
            ],
            "button": "Make my declaration",
        },
        act=lambda: mcp_assessment.panel_declare(
            actor=request.actor,
            process=process,
            declaration=request.POST.get("declaration", ""),
            text=request.POST.get("conflict_text", ""),
        ),
        done_message="Your declaration was recorded",
    )


@login_required
@require_http_methods(["GET", "POST"])
def panel_rate(request, reference: str, alliance_id: int, domain: str):
    actor = request.actor
    process, alliance = _alliance(request, reference, alliance_id)
    require(actor, "selection.rate_msp", process)
    fw = sel.framework_of(process.msp)
    spec = fw.domain(domain)
    if spec is None:
        raise NotFound(f"{domain} is not a domain of the {fw.name}")
    error = None
    if request.method == "POST":
        ratings = {
            s.id: (request.POST.get(f"rating_{s.id}", ""), request.POST.get(f"comment_{s.id}", ""))
            for s in spec.sub_criteria
            if request.POST.get(f"rating_{s.id}") or request.POST.get(f"comment_{s.id}")
        }
        try:
            mcp_assessment.panel_rate(actor=actor, process=process, alliance=alliance, ratings=ratings)
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            following = fw.domains[fw.domains.index(spec) + 1] if spec != fw.domains[-1] else None
            messages.success(request, f"Your ratings of {spec.name} were saved")
            if following is not None:
                return redirect(
                    f"/selection/msp/{process.reference}/alliances/{alliance.pk}/rate/{following.id}"
                )
            return redirect(f"/selection/msp/{process.reference}")
    member = sel.viewpoint(actor, process).panel_member
    own = sel.own_ratings(alliance, member)
    data = request.POST if request.method == "POST" else {}
    rows = [
        {
            "sub": s,
            "rating": data.get(f"rating_{s.id}") or (own[s.id].rating if s.id in own else ""),
            "comment": data.get(f"comment_{s.id}") or (own[s.id].comment if s.id in own else ""),
        }
        for s in spec.sub_criteria
    ]
    return render_form(
        request,
        "web/selection/mcp/rate.jinja",
        {
            "process": process,
            "alliance": alliance,
            "domain": spec,
            "domains": fw.domains,
            "rows": rows,
            "options": RATING_OPTIONS,
            "scale": fw.scale,
            **form_errors(None, error),
        },
    )


# --- Moderation and gateway 1 -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def moderate(request, reference: str, alliance_id: int):
    actor = request.actor
    process, alliance = _alliance(request, reference, alliance_id)
    require(actor, "selection.manage_msp", process)
    fw = sel.framework_of(process.msp)
    error = None
    data = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        subs = {
            s.id: (data.get(f"rating_{s.id}", ""), data.get(f"rationale_{s.id}", "")) for s in fw.sub_criteria
        }
        domains = {
            d.id: (data.get(f"domain_{d.id}", ""), data.get(f"domain_rationale_{d.id}", ""))
            for d in fw.domains
            if data.get(f"domain_{d.id}")
        }
        try:
            if any(not rating for rating, _ in subs.values()):
                missing = [s for s, (rating, _) in subs.items() if not rating]
                raise ValidationFailed.for_field(
                    "ratings", f"Agree the collective rating of {pa._listed(missing)}"
                )
            mcp_assessment.moderation_record(
                actor=actor,
                process=process,
                alliance=alliance,
                sub_ratings=subs,
                domains=domains,
                overall=(data.get("overall", ""), data.get("overall_rationale", "")),
            )
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            return _done(request, f"{alliance.name}'s ratings were moderated", process)
    originals = sel.original_ratings(alliance)
    rows = []
    for s in fw.sub_criteria:
        given = [r for r in originals if r.sub_criterion == s.id]
        suggested = pa.suggested_rating([r.rating for r in given]) if given else None
        rows.append(
            {
                "sub": s,
                "originals": given,
                "suggested": suggested,
                "rating": data.get(f"rating_{s.id}") or (str(suggested) if suggested else ""),
                "rationale": data.get(f"rationale_{s.id}", ""),
            }
        )
    return render_form(
        request,
        "web/selection/mcp/moderate.jinja",
        {
            "process": process,
            "alliance": alliance,
            "framework": fw,
            "rows": rows,
            "options": RATING_OPTIONS,
            "data": data,
            **form_errors(None, error),
        },
    )


@login_required
def alliance_ratings(request, reference: str, alliance_id: int):
    actor = request.actor
    process, alliance = _alliance(request, reference, alliance_id)
    ratings = sel.ratings_for(actor, process, alliance)
    if not ratings.visibility.sees_any:
        raise NotFound(
            f"{alliance.name}'s ratings are not for you to see"
            if process.msp.moderated_at
            else f"{alliance.name}'s ratings are shown after moderation"
        )
    fw = sel.framework_of(process.msp)
    return render(
        request,
        "web/selection/mcp/ratings.jinja",
        {"process": process, "alliance": alliance, "ratings": ratings, "framework": fw},
    )


@login_required
@require_http_methods(["GET", "POST"])
def gateway1(request, reference: str):
    actor = request.actor
    process = _process(request, reference)
    require(actor, "selection.manage_msp", process)
    fw = sel.framework_of(process.msp)

    def act():
        themes = [t for t in request.POST.get("themes", "").splitlines() if t.strip()]
        notes = {d.id: request.POST.get(f"note_{d.id}", "") for d in fw.domains}
        return mcp_assessment.gateway1_decide(
            actor=actor,
            process=process,
            decision=request.POST.get("decision", ""),
            rationale=request.POST.get("rationale", ""),
            themes=themes,
            notes=notes,
        )

    def spec():
        not_assured = sel.not_assured_domains(process)
        names = {d.id: d.name for d in fw.domains}
        fields = [
            {
                "name": "decision",
                "label": "Decision",
                "kind": "radios",
                "options": [(str(d), d.label) for d in pa.Gateway1Decision],
            },
            {"name": "rationale", "label": "Rationale", "kind": "area"},
            {
                "name": "themes",
                "label": "Themes to address early in stage 2",
                "kind": "area",
                "rows": 6,
                "hint": "One theme a line. Needed to progress with partial assurance.",
            },
        ]
        fields += [
            {
                "name": f"note_{d}",
                "label": f"{names.get(d, d)} is not assured: why progress, and how stage 2 will address it",
                "kind": "area",
            }
            for d in not_assured
        ]
        overall = [f"{name}: {label.lower()} overall" for name, label in sel.overall_ratings(process)]
        return {
            "process": process,
            "heading": "Gateway 1: progress or divert",
            "intro": [
                "Progress opens stage 2, detailed negotiation. Divert ends the process and opens an "
                "open-market competition for the services, linked to it."
            ],
            "inset": "; ".join(overall) if overall else "",
            "fields": fields,
            "button": "Record the decision",
        }

    return _form_view(
        request,
        process,
        spec=spec,
        act=act,
        done_message=lambda gate: f"Gateway 1: {gate.decision_label.lower()}",
    )
