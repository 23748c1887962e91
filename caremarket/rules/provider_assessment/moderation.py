"""Moderation: the collective rating of each sub-criterion, each domain and overall, and what
stops the moderation from being complete."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from caremarket.rules.provider_assessment.frameworks import (
    Framework,
    Problem,
    ProblemCode,
    Rating,
    _listed,
    _rating,
)
from caremarket.rules.provider_assessment.panel import PanelRating

# --- Moderation ---------------------------------------------------------------------------------


def suggested_rating(ratings: Iterable[Rating | str]) -> Rating:
    """The cautious collective: not assured if any is not assured, assured if all are assured,
    otherwise partially assured."""
    values = [Rating(r) for r in ratings]
    if not values:
        raise ValueError("A collective rating needs at least one rating")
    if Rating.NOT_ASSURED in values:
        return Rating.NOT_ASSURED
    if all(v == Rating.ASSURED for v in values):
        return Rating.ASSURED
    return Rating.PARTIALLY_ASSURED


@dataclass(frozen=True)
class ModeratedRating:
    """The moderating panel's agreed rating of one sub-criterion, with every original rating."""

    sub_criterion: str
    rating: Rating
    rationale: str
    originals: tuple[PanelRating, ...]

    @property
    def suggested(self) -> Rating | None:
        valid = [r.rating for r in self.originals if _rating(r.rating)]
        return suggested_rating(valid) if valid else None

    @property
    def unanimous(self) -> bool:
        return bool(self.originals) and all(_rating(r.rating) == self.rating for r in self.originals)

    @property
    def needs_rationale(self) -> bool:
        """Unless every panel member gave the agreed rating, the panel says why it agreed it."""
        return not self.unanimous


def moderate(
    panel_ratings: Sequence[PanelRating], sub_criterion: str, rating: Rating | str, rationale: str = ""
) -> ModeratedRating:
    """The agreed rating of `sub_criterion`, keeping every panel rating of it."""
    return ModeratedRating(
        sub_criterion=sub_criterion,
        rating=Rating(rating),
        rationale=rationale,
        originals=tuple(r for r in panel_ratings if r.sub_criterion == sub_criterion),
    )


def domain_rating(moderated_sub_ratings: Iterable[ModeratedRating | Rating | str]) -> Rating:
    """The suggested collective rating of a domain from its moderated sub-criteria."""
    return suggested_rating(m.rating if isinstance(m, ModeratedRating) else m for m in moderated_sub_ratings)


@dataclass(frozen=True)
class DomainOutcome:
    """A domain's suggested and agreed collective rating. The moderating panel agrees the rating;
    where it differs from the suggestion it records a rationale."""

    domain: str
    suggested: Rating
    agreed: Rating
    rationale: str = ""
    sub_ratings: tuple[ModeratedRating, ...] = ()

    @property
    def needs_rationale(self) -> bool:
        return self.agreed != self.suggested


def domain_outcome(
    domain: str,
    moderated_sub_ratings: Sequence[ModeratedRating],
    agreed: Rating | str | None = None,
    rationale: str = "",
) -> DomainOutcome:
    suggested = domain_rating(moderated_sub_ratings)
    return DomainOutcome(
        domain=domain,
        suggested=suggested,
        agreed=Rating(agreed) if agreed is not None else suggested,
        rationale=rationale,
        sub_ratings=tuple(moderated_sub_ratings),
    )


def domain_outcomes(
    fw: Framework,
    moderated: Sequence[ModeratedRating],
    agreed: Mapping[str, tuple[Rating | str, str]] | None = None,
) -> list[DomainOutcome]:
    """Each domain's outcome, in the framework's order, for the domains with moderated
    sub-criteria. `agreed` maps a domain's id to the rating the panel agreed and its rationale
    (a domain left out takes the suggestion)."""
    agreed = agreed or {}
    outcomes = []
    for d in fw.domains:
        subs = [m for m in moderated if (s := fw.sub_criterion(m.sub_criterion)) and s.domain == d.id]
        if not subs:
            continue
        rating, rationale = agreed.get(d.id, (None, ""))
        outcomes.append(domain_outcome(d.id, subs, rating, rationale))
    return outcomes


def moderation_problems(
    panel_ratings: Sequence[PanelRating],
    moderated: Sequence[ModeratedRating],
    *,
    fw: Framework | None = None,
    domains: Sequence[DomainOutcome] | None = None,
) -> list[Problem]:
    """What is wrong with the moderation: every sub-criterion (of `fw`, or every one the panel
    rated) has one agreed rating, which starts from the panel's ratings and keeps every one of
    them, with a rationale unless the panel was unanimous; with `domains`, every domain has an
    agreed rating, with a rationale where it differs from the suggestion."""
    problems: list[Problem] = []
    by_sub: dict[str, ModeratedRating] = {}
    for m in moderated:
        if m.sub_criterion in by_sub:
            problems.append(
                Problem(
                    ProblemCode.MODERATED_TWICE,
                    f"{m.sub_criterion} was moderated more than once",
                    m.sub_criterion,
                )
            )
            continue
        by_sub[m.sub_criterion] = m
        if fw is not None and fw.sub_criterion(m.sub_criterion) is None:
            problems.append(
                Problem(
                    ProblemCode.CRITERION_UNKNOWN,
                    f"{m.sub_criterion!r} is not a sub-criterion of the {fw.name}",
                    m.sub_criterion,
                )
            )
        if not any(r.sub_criterion == m.sub_criterion for r in panel_ratings):
            problems.append(
                Problem(
                    ProblemCode.MODERATION_WITHOUT_RATINGS,
                    f"Moderation starts from the panel's ratings: nobody rated {m.sub_criterion}",
                    m.sub_criterion,
                )
            )
        elif m.needs_rationale and not m.rationale.strip():
            problems.append(
                Problem(
                    ProblemCode.RATIONALE_MISSING,
                    f"The panel's ratings of {m.sub_criterion} differ from the agreed rating "
                    f"({m.rating.label.lower()}): record the rationale",
                    m.sub_criterion,
                )
            )
    for r in panel_ratings:
        m = by_sub.get(r.sub_criterion)
        if m is not None and r not in m.originals:
            problems.append(
                Problem(
                    ProblemCode.ORIGINALS_DROPPED,
                    f"The moderated rating of {r.sub_criterion} must keep {r.member}'s original rating",
                    r.sub_criterion,
                )
            )
    expected = (
        [s.id for s in fw.sub_criteria]
        if fw is not None
        else sorted({r.sub_criterion for r in panel_ratings})
    )
    missing = [s for s in expected if s not in by_sub]
    if missing:
        problems.append(
            Problem(
                ProblemCode.MODERATION_MISSING,
                f"Agree the collective rating of {_listed(missing)}",
                ",".join(missing),
            )
        )
    if domains is not None:
        seen = {d.domain for d in domains}
        if fw is not None:
            absent = [d.id for d in fw.domains if d.id not in seen]
            if absent:
                problems.append(
                    Problem(
                        ProblemCode.DOMAIN_MISSING,
                        f"Agree the collective rating of the domain{'' if len(absent) == 1 else 's'} "
                        f"{_listed([fw.domain(a).name for a in absent])}",
                        ",".join(absent),
                    )
                )
        for d in domains:
            if d.needs_rationale and not d.rationale.strip():
                name = fw.domain(d.domain).name if fw is not None and fw.domain(d.domain) else d.domain
                problems.append(
                    Problem(
                        ProblemCode.RATIONALE_MISSING,
                        f"{name}: the agreed rating ({d.agreed.label.lower()}) differs from the suggested "
                        f"one ({d.suggested.label.lower()}): record the rationale",
                        d.domain,
                    )
                )
    return problems


@dataclass(frozen=True)
class OverallAssurance:
    suggested: Rating
    agreed: Rating
    rationale: str = ""
    not_assured_domains: tuple[str, ...] = ()

    @property
    def needs_rationale(self) -> bool:
        return self.agreed != self.suggested

    @property
    def problem(self) -> Problem | None:
        if self.needs_rationale and not self.rationale.strip():
            return Problem(
                ProblemCode.RATIONALE_MISSING,
                f"The agreed overall rating ({self.agreed.label.lower()}) differs from the suggested one "
                f"({self.suggested.label.lower()}): record the rationale",
                "overall",
            )
        return None


def _agreed_by_domain(
    domain_ratings: Sequence[DomainOutcome] | Mapping[str, Rating | str],
) -> dict[str, Rating]:
    if isinstance(domain_ratings, Mapping):
        return {k: Rating(v) for k, v in domain_ratings.items()}
    return {d.domain: d.agreed for d in domain_ratings}


def overall_assurance(
    domain_ratings: Sequence[DomainOutcome] | Mapping[str, Rating | str],
    agreed: Rating | str | None = None,
    rationale: str = "",
) -> OverallAssurance:
    """The overall collective rating from the domains' agreed ratings: the suggestion, and the
    rating the moderating panel agreed (which may differ, with a rationale)."""
    by_domain = _agreed_by_domain(domain_ratings)
    suggested = suggested_rating(by_domain.values())
    return OverallAssurance(
        suggested=suggested,
        agreed=Rating(agreed) if agreed is not None else suggested,
        rationale=rationale,
        not_assured_domains=tuple(k for k, v in by_domain.items() if v == Rating.NOT_ASSURED),
    )
