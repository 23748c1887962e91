"""Alliances and the panel's ratings: who may rate, and what stops a panel member's ratings
from being complete."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from caremarket.rules.moderation import Declaration
from caremarket.rules.provider_assessment.frameworks import (
    Framework,
    Problem,
    ProblemCode,
    Rating,
    _listed,
    _plural,
    _rating,
)

# --- Alliances ----------------------------------------------------------------------------------


def alliance_problems(members: Sequence[str], lead: str | None) -> list[Problem]:
    """An alliance has at least one member, each once, and a lead who is one of them."""
    problems = []
    if not members:
        problems.append(Problem(ProblemCode.ALLIANCE_INVALID, "An alliance needs at least one member"))
    twice = sorted({m for m in members if list(members).count(m) > 1})
    if twice:
        problems.append(
            Problem(ProblemCode.ALLIANCE_INVALID, f"{_listed(twice)} joined the alliance more than once")
        )
    if not lead:
        problems.append(Problem(ProblemCode.ALLIANCE_INVALID, "Choose the alliance's lead provider"))
    elif lead not in members:
        problems.append(
            Problem(ProblemCode.ALLIANCE_INVALID, f"The lead, {lead}, must be a member of the alliance")
        )
    return problems


# --- The panel's ratings ------------------------------------------------------------------------


@dataclass(frozen=True)
class PanelRating:
    """One panel member's rating of one sub-criterion, with their comment."""

    member: str
    sub_criterion: str
    rating: Rating | str
    comment: str = ""


def panel_problems(
    ratings: Sequence[PanelRating],
    fw: Framework,
    conflicts: Mapping[str, str],
    *,
    complete: bool = True,
) -> list[Problem]:
    """What is wrong with the panel's ratings. `conflicts` maps every panel member to their
    declaration ("no_conflict" or "conflict"). A member who has not declared, or declared a
    conflict, may not rate; every rating is on the scale, of a sub-criterion of the framework,
    once per member, with a comment. With `complete`, every member free to rate must have rated
    every sub-criterion (the condition for moderation)."""
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for r in ratings:
        declaration = conflicts.get(r.member)
        if declaration is None:
            problems.append(
                Problem(
                    ProblemCode.CONFLICT_NOT_DECLARED,
                    f"{r.member} must declare any conflict of interest before rating",
                    r.member,
                )
            )
            continue
        if declaration == Declaration.CONFLICT:
            problems.append(
                Problem(
                    ProblemCode.RATER_CONFLICTED,
                    f"{r.member} declared a conflict of interest and may not rate",
                    r.member,
                )
            )
            continue
        if fw.sub_criterion(r.sub_criterion) is None:
            problems.append(
                Problem(
                    ProblemCode.CRITERION_UNKNOWN,
                    f"{r.sub_criterion!r} is not a sub-criterion of the {fw.name}",
                    r.sub_criterion,
                )
            )
            continue
        if _rating(r.rating) is None:
            problems.append(
                Problem(
                    ProblemCode.RATING_INVALID,
                    f"{r.member}'s rating of {r.sub_criterion} must be assured, partially assured "
                    "or not assured",
                    r.sub_criterion,
                )
            )
        if not (r.comment or "").strip():
            problems.append(
                Problem(
                    ProblemCode.COMMENT_MISSING,
                    f"{r.member}'s rating of {r.sub_criterion} needs a comment",
                    r.sub_criterion,
                )
            )
        if (r.member, r.sub_criterion) in seen:
            problems.append(
                Problem(
                    ProblemCode.RATED_TWICE,
                    f"{r.member} rated {r.sub_criterion} more than once",
                    r.sub_criterion,
                )
            )
        seen.add((r.member, r.sub_criterion))
    if not complete:
        return problems
    raters = [m for m, d in conflicts.items() if d == Declaration.NO_CONFLICT]
    if not raters:
        problems.append(
            Problem(
                ProblemCode.PANEL_EMPTY, "No panel member free of conflicts has declared: nobody can rate"
            )
        )
    for member in raters:
        missing = [s.id for s in fw.sub_criteria if (member, s.id) not in seen]
        if missing:
            shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
            problems.append(
                Problem(
                    ProblemCode.RATING_MISSING,
                    f"{member} has not rated "
                    f"{_plural(len(missing), 'sub-criterion', 'sub-criteria')}: {shown}",
                    member,
                )
            )
    return problems


def raters_finished(ratings: Sequence[PanelRating], fw: Framework, conflicts: Mapping[str, str]) -> int:
    """How many panel members free to rate have rated every sub-criterion, with comments."""
    done = 0
    for member, declaration in conflicts.items():
        if declaration != Declaration.NO_CONFLICT:
            continue
        own = [r for r in ratings if r.member == member]
        rated = {r.sub_criterion for r in own if _rating(r.rating) and (r.comment or "").strip()}
        done += all(s.id in rated for s in fw.sub_criteria)
    return done
