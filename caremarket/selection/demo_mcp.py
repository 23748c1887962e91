"""The Suffolk NHS community services process (the Most Capable Provider process of 2016, which
maps onto the Provider Selection Regime's Most Suitable Provider process), for the demonstration
data: two alliances with their letters of commitment, the notice to the market, five dialogue
sessions, the written submission (dialogue slides, narrative pack, evidence log), the panel's
ratings, the moderating panel's collective ratings (partially assured overall, children's
services not assured) and gateway 1's decision to progress with the seed's five themes.

Every step goes through the services, each at its day: the seed's intervals (the submission on
30 November, moderation twelve days later, the board's gateway decision after it) are kept, and
the whole story is moved so that gateway 1 was decided `gateway1_days_ago` days before today
(the clock shifted, as for the demo's awarded club: the notices must be of types in force)."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.orgs.models import Organisation, Person
from caremarket.orgs.selectors import build_actor
from caremarket.rules import provider_assessment as pa
from caremarket.rules.psr import Process
from caremarket.selection.models import SelectionProcess
from caremarket.selection.services import mcp, mcp_assessment

# The chooser's facts for the Most Suitable Provider process: no existing provider alone is
# capable, no patient choice, the authority can identify the most suitable provider.
MSP_FACTS = {"existing_provider": True, "able_to_identify_most_suitable": True}

# Days before gateway 1 each step happened (the seed: submission 30 November 2016, moderation
# 12 December 2016, the board on 26 January 2017; the sessions and the notice before them).
BEFORE_GATEWAY1 = {
    "alliances": 150,
    "notice": 140,
    "sessions": (110, 100, 90, 80, 70),
    "deadline": 57,
    "submitted": 58,
    "ratings": 50,
    "moderation": 45,
}
# The seed gives the panel's overall finding and the area not assured, not each member's rating
# of each sub-criterion: the demonstration rates these assured, the not-assured area (children's
# services) not assured, and every other sub-criterion partially assured.
ASSURED = {"ACI.2", "SM.6", "HR.4", "GOV.5", "IT.3", "MOB.2"}


def _pdf(name: str, title: str) -> SimpleUploadedFile:
    body = f"%PDF-1.4\n% {title}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    return SimpleUploadedFile(name, body.encode(), content_type="application/pdf")


def _rating(sub_id: str, not_assured: set[str]) -> str:
    if sub_id in not_assured:
        return str(pa.Rating.NOT_ASSURED)
    return str(pa.Rating.ASSURED if sub_id in ASSURED else pa.Rating.PARTIALLY_ASSURED)


def _spread(items: tuple, parts: int) -> list[tuple]:
    """`items` in `parts` consecutive groups, the first groups one larger when they do not divide."""
    size, extra = divmod(len(items), parts)
    groups, start = [], 0
    for number in range(parts):
        end = start + size + (1 if number < extra else 0)
        groups.append(items[start:end] or items[-1:])
        start = end
    return groups


def build_suffolk_msp(
    *,
    actor: Actor,
    process: SelectionProcess,
    providers: dict[str, Organisation],
    provider_people: dict[str, Person],
    panel: list[Person],
    gateway1_days_ago: int = 2,
) -> SelectionProcess:
    """Take `process` (started and chosen as the Most Suitable Provider process by the Suffolk
    commissioners, `actor` one of their procurement leads) to gateway 1 "progress". `providers`
    names the seed's five providers' organisations; `provider_people` a person of each alliance's
    lead (by alliance name); `panel` the commissioners' people on the panel."""
    case = pa.suffolk_case()
    fw = pa.framework(case.framework, clock.today())
    if process.process != Process.MOST_SUITABLE_PROVIDER:
        raise ValueError(f"{process.reference} has not chosen the Most Suitable Provider process")
    gateway1 = clock.now() - timedelta(days=gateway1_days_ago)

    def at(days_before: int):
        return clock.shifted(clock.now() - (gateway1 - timedelta(days=days_before)))

    def as_person(person: Person) -> Actor:
        return build_actor(person)

    not_assured = {n.sub_criterion for n in case.not_assured}
    notes = {n.sub_criterion: f"{n.area}: {n.note}" for n in case.not_assured}
    with at(BEFORE_GATEWAY1["alliances"]):
        deadline = (gateway1 - timedelta(days=BEFORE_GATEWAY1["deadline"])).date()
        mcp.msp_start(
            actor=actor, process=process, framework_code=case.framework, submission_deadline=deadline
        )
        alliances = []
        for spec in case.alliances:
            alliance = mcp.alliance_form(
                actor=actor,
                process=process,
                name=spec.name,
                lead=providers[spec.lead],
                members=[providers[m] for m in spec.members],
            )
            mcp.alliance_letter_record(
                actor=as_person(provider_people[spec.name]),
                alliance=alliance,
                signed_on=clock.today(),
                signed_by="The Chief Executives of the alliance's providers",
                file=_pdf("letter-of-commitment.pdf", f"{spec.name}: letter of commitment"),
            )
            alliances.append(alliance)
        for person in panel:
            mcp_assessment.panel_member_add(actor=actor, process=process, person=person)
    with at(BEFORE_GATEWAY1["notice"]):
        mcp.market_notice_publish(actor=actor, process=process)
    sessions = BEFORE_GATEWAY1["sessions"]
    for domains, days in zip(_spread(fw.domains, len(sessions)), sessions, strict=True):
        with at(days):
            mcp.dialogue_session_record(
                actor=actor,
                process=process,
                held_on=clock.today(),
                subjects=[d.id for d in domains],
                presentation_notes=(
                    f"The alliances presented their approach to {' and '.join(d.name for d in domains)}, "
                    "then extended questions and dialogue on the subjects under review."
                ),
                qa=[
                    {
                        "question": f"How will the alliance's approach to {d.name} work across the county?",
                        "answer": "Through the alliance's joint leadership, building on existing work.",
                    }
                    for d in domains
                ],
            )
    with at(BEFORE_GATEWAY1["submitted"]):
        for alliance in alliances:
            person = as_person(provider_people[alliance.name])
            for kind, title in case.submission_documents:
                mcp.submission_document_upload(
                    actor=person,
                    alliance=alliance,
                    kind=kind,
                    file=_pdf(f"{kind}.pdf", f"{alliance.name}: {title}"),
                )
            mcp.submission_submit(actor=person, alliance=alliance)
    with at(BEFORE_GATEWAY1["ratings"]):
        for person in panel:
            member = as_person(person)
            mcp_assessment.panel_declare(actor=member, process=process, declaration="no_conflict")
            for alliance in alliances:
                mcp_assessment.panel_rate(
                    actor=member,
                    process=process,
                    alliance=alliance,
                    ratings={
                        s.id: (_rating(s.id, not_assured), f"{s.name}: evidence considered at the panel")
                        for s in fw.sub_criteria
                    },
                )
    with at(BEFORE_GATEWAY1["moderation"]):
        for alliance in alliances:
            mcp_assessment.moderation_record(
                actor=actor,
                process=process,
                alliance=alliance,
                sub_ratings={
                    s.id: (_rating(s.id, not_assured), notes.get(s.id, "")) for s in fw.sub_criteria
                },
                domains={},
                overall=(str(case.overall), case.overall_rationale),
            )
    with clock.shifted(clock.now() - gateway1):
        mcp_assessment.gateway1_decide(
            actor=actor,
            process=process,
            decision=str(case.gateway1),
            rationale=case.overall_rationale,
            themes=list(case.stage2_themes),
            notes={fw.sub_criterion(n.sub_criterion).domain: n.note for n in case.not_assured},
        )
    process.refresh_from_db()
    return process


def suffolk_facts() -> dict:
    """The process's term and value as the demo starts it (the seed's 8 to 10 years)."""
    case = pa.suffolk_case()
    return {
        "title": f"{case.name}",
        "term_min_months": case.term_years[0] * 12,
        "term_max_months": case.term_years[1] * 12,
    }
