"""Building a Most Suitable Provider process for tests and the role matrix: commissioners,
providers in alliances, a panel, and each step taken through the services (`advance_to`): after
gateway 2, the decision for the first alliance, the notice of intention, the standstill running
out, and the contract."""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from caremarket.core import clock
from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.orgs.models import Organisation, Person
from caremarket.rules import provider_assessment as pa
from caremarket.rules.psr import Process
from caremarket.rules.roles import Role, Sector
from caremarket.selection.models import Alliance, SelectionProcess
from caremarket.selection.services import mcp, mcp_assessment, mcp_stage2, psr

FRAMEWORK = "suffolk_community_services"
_numbers = iter(range(1, 10**6))


def pdf(name: str = "document.pdf", text: str = "Caremarket") -> SimpleUploadedFile:
    """A small PDF upload."""
    body = f"%PDF-1.4\n% {text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    return SimpleUploadedFile(name, body.encode(), content_type="application/pdf")


def make_process(
    lead: Organisation, *others: Organisation, title: str = "Community services"
) -> SelectionProcess:
    """A process that has chosen the Most Suitable Provider process (not yet started)."""
    number = next(_numbers)
    process = SelectionProcess.objects.create(
        reference=f"PSR-MSP-{lead.code}-{number:04d}",
        title=title,
        description="Adult and children's community health services across the county.",
        lead_commissioner=lead,
        process=str(Process.MOST_SUITABLE_PROVIDER),
        stage="chosen",
        estimated_value=Decimal("650000000"),
        term_min_months=96,
        term_max_months=120,
    )
    process.commissioners.add(lead, *others)
    return process


@dataclass
class MspCase:
    process: SelectionProcess
    commissioner: Person  # a procurement lead of the lead commissioner
    panel: list[Person]
    alliances: list[Alliance]
    providers: dict[str, Person]  # alliance name -> a supplier user of its lead
    extra: dict = field(default_factory=dict)

    def actor(self, person: Person):
        return actor_for(person)

    @property
    def lead_actor(self):
        return actor_for(self.commissioner)

    def refresh(self) -> "MspCase":
        self.process.refresh_from_db()
        for a in self.alliances:
            a.refresh_from_db()
        return self


def build_case(
    *,
    lead: Organisation | None = None,
    commissioner: Person | None = None,
    panel: list[Person] | None = None,
    alliances: list[tuple[str, Organisation, list[Organisation]]] | None = None,
    providers: dict[str, Person] | None = None,
    deadline_days: int = 10,
) -> MspCase:
    """A started process with its alliances formed (not yet with letters)."""
    lead = lead or make_organisation(Sector.BUYER, name="East Commissioning ICB")
    other = make_organisation(Sector.BUYER, name="West Commissioning ICB")
    commissioner = commissioner or make_person(roles=[(lead, Role.PROCUREMENT_LEAD)])
    panel = panel if panel is not None else [make_person(roles=[(lead, Role.EVALUATOR)]) for _ in range(2)]
    process = make_process(lead, other)
    actor = actor_for(commissioner)
    mcp.msp_start(
        actor=actor,
        process=process,
        framework_code=FRAMEWORK,
        submission_deadline=clock.today() + timedelta(days=deadline_days),
    )
    if alliances is None:
        east_lead = make_organisation(Sector.SUPPLIER, name="East Hospital NHS Trust")
        west_lead = make_organisation(Sector.SUPPLIER, name="West Hospital NHS Foundation Trust")
        county = make_organisation(Sector.SUPPLIER, name="County Council Care")
        alliances = [("East alliance", east_lead, [county]), ("West alliance", west_lead, [county])]
    made = []
    provider_people = dict(providers or {})
    for name, alliance_lead, members in alliances:
        made.append(
            mcp.alliance_form(actor=actor, process=process, name=name, lead=alliance_lead, members=members)
        )
        provider_people.setdefault(name, make_person(roles=[(alliance_lead, Role.SUPPLIER_USER)]))
    for person in panel:
        mcp_assessment.panel_member_add(actor=actor, process=process, person=person)
    return MspCase(process, commissioner, panel, made, provider_people)


def _uniform(fw: pa.Framework, rating: str, exceptions: dict[str, str] | None = None) -> dict:
    exceptions = exceptions or {}
    return {s.id: (exceptions.get(s.id, rating), f"Comment on {s.name}") for s in fw.sub_criteria}


STEPS = (
    "letters",
    "market_notice",
    "dialogue",
    "submission",
    "ratings",
    "moderation",
    "gateway1",
    "stage2",
    "gateway2",
    "decision",
    "intention",
    "standstill_over",
    "contract",
)
CONTRACT_VALUE = Decimal("325000000")


def msp_criteria(on=None) -> list[dict]:
    """A complete decision record against the five key criteria."""
    from caremarket.selection.demo_psr import criteria_rows

    return criteria_rows(on or clock.today())


def standstill_over(case: "MspCase", travel=None) -> None:
    """Let the standstill run out: with the tests' clock fixture, by moving on 20 days; without it
    (the role matrix), by dating the notice of intention 20 days earlier."""
    from caremarket.selection.models import PsrDecision

    if travel is not None:
        travel(clock.now() + timedelta(days=20))
    else:
        PsrDecision.objects.filter(selection=case.process).update(
            intention_published_on=clock.today() - timedelta(days=20)
        )


def advance_to(
    case: MspCase, step: str, travel=None, *, after: str | None = None, not_assured: str = "SD.4"
) -> MspCase:
    """Take the process through every step up to and including `step` (from the one following
    `after`, when given). Moving past the submission deadline needs `travel` (the tests' clock
    fixture) or a deadline already passed."""
    from caremarket.selection import selectors_mcp as sel

    process = case.process
    actor = case.lead_actor
    fw = sel.framework_of(process.msp)
    first = STEPS.index(after) + 1 if after else 0
    for current in STEPS[first : STEPS.index(step) + 1]:
        if current == "letters":
            for a in case.alliances:
                mcp.alliance_letter_record(
                    actor=case.actor(case.providers[a.name]),
                    alliance=a,
                    signed_on=clock.today(),
                    signed_by="The chief executives of the alliance's members",
                    file=pdf("letter.pdf"),
                )
        elif current == "market_notice":
            mcp.market_notice_publish(actor=actor, process=process)
        elif current == "dialogue":
            for number in range(fw.dialogue_sessions):
                domain = fw.domains[number % len(fw.domains)]
                mcp.dialogue_session_record(
                    actor=actor,
                    process=process,
                    held_on=clock.today(),
                    subjects=[domain.id],
                    presentation_notes=f"The alliances presented on {domain.name}.",
                    qa=[{"question": f"How will {domain.name} work?", "answer": "Together."}],
                )
        elif current == "submission":
            for a in case.alliances:
                provider = case.actor(case.providers[a.name])
                for doc in fw.submission_documents:
                    mcp.submission_document_upload(
                        actor=provider, alliance=a, kind=doc.kind, file=pdf(f"{doc.kind}.pdf")
                    )
                mcp.submission_submit(actor=provider, alliance=a)
            if travel is not None:
                travel(clock.now() + timedelta(days=30))
        elif current == "ratings":
            for person in case.panel:
                member_actor = case.actor(person)
                mcp_assessment.panel_declare(actor=member_actor, process=process, declaration="no_conflict")
                for a in case.alliances:
                    mcp_assessment.panel_rate(
                        actor=member_actor,
                        process=process,
                        alliance=a,
                        ratings=_uniform(
                            fw, "partially_assured", {not_assured: "not_assured"} if not_assured else {}
                        ),
                    )
        elif current == "moderation":
            for a in case.alliances:
                subs = {
                    s.id: ("not_assured" if s.id == not_assured else "partially_assured", "")
                    for s in fw.sub_criteria
                }
                mcp_assessment.moderation_record(
                    actor=actor,
                    process=process,
                    alliance=a,
                    sub_ratings=subs,
                    domains={},
                    overall=(
                        "partially_assured",
                        "Partly assured overall; the alliances are capable and uniquely placed.",
                    )
                    if not_assured
                    else ("", ""),
                )
        elif current == "gateway1":
            domain = fw.sub_criterion(not_assured).domain if not_assured else None
            mcp_assessment.gateway1_decide(
                actor=actor,
                process=process,
                decision="progress",
                rationale="Part assurance: the alliances should progress through gateway 1.",
                themes=list(pa.suffolk_case().stage2_themes),
                notes={domain: "Children's services work will be built upon early in stage 2."}
                if domain
                else {},
            )
        elif current == "stage2":
            for a in case.alliances:
                for kind in pa.Stage2Document:
                    v = mcp_stage2.stage2_version_add(
                        actor=actor, alliance=a, kind=str(kind), text=f"The {kind.label.lower()}, version 1."
                    )
                    mcp_stage2.stage2_version_agree(actor=case.actor(case.providers[a.name]), version=v)
            mcp_stage2.engagement_record(
                actor=actor,
                process=process,
                held_on=clock.today(),
                who="Patient pathway group",
                summary="Patients worked up the community nursing pathway with the alliance.",
            )
        elif current == "gateway2":
            mcp_stage2.gateway2_pass(actor=actor, process=process)
        elif current == "decision":
            psr.psr_decision_record(
                actor=actor,
                selection=process,
                provider=case.alliances[0].lead,
                contract_value=CONTRACT_VALUE,
                criteria=msp_criteria(),
            )
        elif current == "intention":
            psr.psr_intention_publish(actor=actor, selection=process)
        elif current == "standstill_over":
            standstill_over(case, travel)
        elif current == "contract":
            mcp_stage2.msp_contract_create(
                actor=actor,
                alliance=case.alliances[0],
                starts_on=clock.today() + timedelta(days=60),
                term_months=120,
            )
    return case.refresh()
