"""Real path parameters for the OpenAPI fuzz: for each templated route, the values that name
objects of the demo world, so fuzzed requests reach real agreements, competitions, contracts
and organisations instead of stopping at a 404."""

from django.db.models import F, Model

from caremarket.agreements.models import (
    Agreement,
    Application,
    Evidence,
    Lot,
    LotSupplier,
    Review,
    ReviewEntry,
)
from caremarket.audit.models import AuditEvent, SealedStream
from caremarket.catalogue.models import Advisor, Listing, Shortlist, ShortlistEntry
from caremarket.competitions.models import Bid, Challenge, Competition, DirectAward, Document, Question
from caremarket.contracts.models import (
    Backstop,
    Contract,
    ContractKpi,
    ExtensionException,
    FeeInvoice,
    FeeReturn,
    Handover,
    HandoverItem,
    ImprovementPlan,
    Order,
    OwnSystemRequest,
    SiteDelivery,
    SuspensionProposal,
)
from caremarket.notifications.models import Message
from caremarket.orgs.models import ApiToken, Membership, Organisation, Person
from caremarket.rules.contracts import order_reference
from caremarket.rules.roles import Sector
from caremarket.sourcing.models import (
    BuyingClub,
    ClubMember,
    Collaboration,
    IndividualProcurement,
    ProcurementIntention,
    ProcurementMilestone,
    RequirementLine,
    RequirementSet,
)
from caremarket.transparency.models import Notice, NoticeStatus

# At most this many objects per route, the first ones made: enough variety for a handful of
# examples per operation, and the same objects on every run.
PER_ROUTE = 25


def _rows(model: type[Model], **params: str) -> list[dict]:
    """`{parameter: value}` for the first objects of `model`; each parameter names the field
    (or `__` path) that holds its value."""
    same = [name for name, field in params.items() if name == field]
    renamed = {name: F(field) for name, field in params.items() if name != field}
    return list(model.objects.order_by("pk").values(*same, **renamed)[:PER_ROUTE])


def _demo_organisations() -> list[dict]:
    # The organisations people of the demo belong to; the NHS lists add thousands more.
    codes = Membership.objects.order_by("organisation__code").values_list("organisation__code", flat=True)
    return [{"code": code} for code in dict.fromkeys(codes)]


def _suppliers() -> list[dict]:
    codes = Organisation.objects.filter(sector=Sector.SUPPLIER).order_by("pk").values_list("code", flat=True)
    return [{"code": code} for code in codes[:PER_ROUTE]]


def _orders() -> list[dict]:
    return [
        {"reference": order_reference(pk)} for pk in Order.objects.order_by("pk").values_list("pk", flat=True)
    ]


def _milestones(kind: str) -> list[dict]:
    rows = ProcurementMilestone.objects.filter(**{f"{kind}__isnull": False}).order_by("pk")
    return [{"reference": r, "key": k} for r, k in rows.values_list(f"{kind}__reference", "key")[:PER_ROUTE]]


def _public_notices() -> list[dict]:
    rows = Notice.objects.exclude(status=NoticeStatus.DRAFT).order_by("pk").values_list("pk", flat=True)
    return [{"notice_id": pk} for pk in rows[:PER_ROUTE]]


def _managed_notices(status: str) -> list[dict]:
    """A buyer's own notices in `status`: drafts to change and publish, published ones to correct."""
    rows = Notice.objects.filter(status=status, publisher__isnull=False).order_by("pk")
    return [{"notice_id": pk} for pk in rows.values_list("pk", flat=True)[:PER_ROUTE]]


def _due_notices() -> list[dict]:
    """The contract details notices the demo's contracts owe (or would, had they not published)."""
    rows = Contract.objects.filter(signed_on__isnull=False).order_by("pk").values_list("reference", flat=True)
    return [{"code": "UK7", "contract_reference": ref} for ref in rows[:PER_ROUTE]]


def _public_processes() -> list[dict]:
    rows = Notice.objects.exclude(status=NoticeStatus.DRAFT).order_by("ocid").values_list("ocid", flat=True)
    return [{"ocid": ocid} for ocid in list(dict.fromkeys(rows))[:PER_ROUTE]]


def real_path_parameters() -> dict[str, list[dict]]:
    """Path template (after /api/v1) -> the path parameters of real demo objects."""
    orgs = _demo_organisations()
    suppliers = _suppliers()
    agreements = _rows(Agreement, reference="reference")
    lots = _rows(Lot, reference="agreement__reference", number="number")
    lot_suppliers = _rows(
        LotSupplier, reference="lot__agreement__reference", number="lot__number", code="supplier__code"
    )
    reviews = _rows(Review, reference="agreement__reference", year="year")
    review_entries = _rows(
        ReviewEntry, reference="review__agreement__reference", year="review__year", code="supplier__code"
    )
    competitions = _rows(Competition, reference="reference")
    contracts = _rows(Contract, reference="reference")
    clubs = _rows(BuyingClub, reference="reference")
    requirement_sets = _rows(RequirementSet, reference="reference")
    collaborations = _rows(Collaboration, reference="reference")
    individuals = _rows(IndividualProcurement, reference="reference")
    A = "/agreements/{reference}"
    L = A + "/lots/{number}"
    C = "/competitions/{reference}"
    K = "/contracts/{reference}"
    S = "/sourcing"
    return {
        "/organisations/{code}": orgs,
        "/organisations/{code}/sites": orgs,
        "/organisations/{code}/certifications": orgs,
        "/organisations/{code}/members": orgs,
        "/organisations/{code}/members/{person_id}/roles/{role}": _rows(
            Membership, code="organisation__code", person_id="person_id", role="role"
        ),
        "/people/{person_id}": _rows(Person, person_id="pk"),
        "/tokens/{token_id}": _rows(ApiToken, token_id="pk"),
        "/audit/{seq}": _rows(AuditEvent, seq="seq"),
        "/audit/sealed/{scope_type}/{scope_id}": _rows(
            SealedStream, scope_type="scope_type", scope_id="scope_id"
        ),
        A: agreements,
        A + "/status": agreements,
        A + "/lots": agreements,
        A + "/reviews": agreements,
        A + "/applications": agreements,
        A + "/fees": agreements,
        A + "/fees/flags": agreements,
        L: lots,
        L + "/rules": lots,
        L + "/suppliers": lots,
        L + "/invitable": lots,
        L + "/routes": lots,
        L + "/backstops": lots,
        L + "/suppliers/{code}": lot_suppliers,
        L + "/suppliers/{code}/suspend": lot_suppliers,
        L + "/suppliers/{code}/reinstate": lot_suppliers,
        L + "/suppliers/{code}/remove": lot_suppliers,
        A + "/reviews/{year}": reviews,
        A + "/reviews/{year}/complete": reviews,
        A + "/reviews/{year}/suppliers/{code}": review_entries,
        A + "/reviews/{year}/suppliers/{code}/remove": review_entries,
        "/applications/{application_id}": _rows(Application, application_id="pk"),
        "/applications/{application_id}/assessments": _rows(Application, application_id="pk"),
        "/applications/{application_id}/admit": _rows(Application, application_id="pk"),
        "/applications/{application_id}/reject": _rows(Application, application_id="pk"),
        "/applications/{application_id}/withdraw": _rows(Application, application_id="pk"),
        "/suppliers/{code}/evidence": suppliers,
        "/suppliers/{code}/compliance": suppliers,
        "/suppliers/{code}/certifications/renewals": suppliers,
        "/evidence/{evidence_id}": _rows(Evidence, evidence_id="pk"),
        "/evidence/{evidence_id}/content": _rows(Evidence, evidence_id="pk"),
        **{
            f"/catalogue/listings/{{listing_id}}{tail}": _rows(Listing, listing_id="pk")
            for tail in [
                "",
                "/versions",
                "/draft",
                "/prices",
                "/submit",
                "/recall",
                "/approve",
                "/reject",
                "/withdraw",
            ]
        },
        "/catalogue/suppliers/{code}/listings": suppliers,
        "/catalogue/shortlists/{shortlist_id}": _rows(Shortlist, shortlist_id="pk"),
        "/catalogue/shortlists/{shortlist_id}/lock": _rows(Shortlist, shortlist_id="pk"),
        "/catalogue/shortlists/{shortlist_id}/export": _rows(Shortlist, shortlist_id="pk"),
        "/catalogue/shortlists/{shortlist_id}/entries/{listing_id}": _rows(
            ShortlistEntry, shortlist_id="shortlist_id", listing_id="listing_id"
        ),
        "/catalogue/advisors/{advisor_id}": _rows(Advisor, advisor_id="pk"),
        "/catalogue/advisors/{advisor_id}/withdraw": _rows(Advisor, advisor_id="pk"),
        **{
            C + tail: competitions
            for tail in [
                "",
                "/status",
                "/evaluation-model",
                "/documents",
                "/invitations",
                "/questions",
                "/my-bid",
                "/my-bid/files",
                "/my-bid/price-list",
                "/my-bid/submit",
                "/my-bid/withdraw",
                "/my-bid/resubmit",
                "/bids",
                "/panel",
                "/declaration",
                "/scores",
                "/scores/submit",
                "/consensus",
                "/gates",
                "/ranking",
                "/flags",
                "/award",
                "/award/confirm",
                "/award-letter",
                "/challenges",
                "/contract",
                "/club-breakdown",
            ]
        },
        C + "/documents/{document_id}/content": _rows(
            Document, reference="competition__reference", document_id="pk"
        ),
        C + "/questions/{question_id}/answer": _rows(
            Question, reference="competition__reference", question_id="pk"
        ),
        C + "/price-template.{fmt}": [{**c, "fmt": fmt} for c in competitions for fmt in ("csv", "xlsx")],
        C + "/bids/{bid_id}": _rows(Bid, reference="competition__reference", bid_id="pk"),
        C + "/challenges/{challenge_id}/outcome": _rows(
            Challenge, reference="award__competition__reference", challenge_id="pk"
        ),
        "/direct-awards/{reference}": _rows(DirectAward, reference="reference"),
        S + "/requirement-sets/{reference}": requirement_sets,
        S + "/requirement-sets/{reference}/lines": requirement_sets,
        S + "/requirement-sets/{reference}/import": requirement_sets,
        S + "/requirement-sets/{reference}/submit": requirement_sets,
        S + "/requirement-sets/{reference}/lines/{line_id}": _rows(
            RequirementLine, reference="requirement_set__reference", line_id="pk"
        ),
        **{S + "/clubs/{reference}" + tail: clubs for tail in ["", "/status", "/members", "/baseline"]},
        **{
            S + "/clubs/{reference}/members/{code}" + tail: _rows(
                ClubMember, reference="club__reference", code="organisation__code"
            )
            for tail in ["", "/legal-entities", "/sites"]
        },
        S + "/collaborations/{reference}": collaborations,
        S + "/collaborations/{reference}/partners": collaborations,
        S + "/collaborations/{reference}/milestones/{key}/done": _milestones("collaboration"),
        S + "/individual-procurements/{reference}": individuals,
        S + "/individual-procurements/{reference}/milestones/{key}/done": _milestones("individual"),
        **{
            S + "/intentions/{reference}" + tail: _rows(ProcurementIntention, reference="reference")
            for tail in ["", "/publish", "/withdraw"]
        },
        S + "/diagnostic/{code}": orgs,
        **{
            K + tail: contracts
            for tail in [
                "",
                "/sign",
                "/extend",
                "/exceptions",
                "/variations",
                "/terminate",
                "/subcontractors",
                "/performance",
                "/feedback",
            ]
        },
        K + "/exceptions/{exception_id}/decision": _rows(
            ExtensionException, reference="contract__reference", exception_id="pk"
        ),
        K + "/kpis/{code}/results": _rows(ContractKpi, reference="contract__reference", code="code"),
        "/suspension-proposals/{proposal_id}/decision": _rows(SuspensionProposal, proposal_id="pk"),
        "/suspension-proposals/{proposal_id}": _rows(SuspensionProposal, proposal_id="pk"),
        K + "/kpis": contracts,
        K + "/self-assessments": contracts,
        K + "/improvement-plans": contracts,
        K + "/summary.pdf": contracts,
        "/contracts/register/{extension}": [{"extension": "csv"}, {"extension": "xlsx"}],
        "/improvement-plans/{plan_id}/progress": _rows(ImprovementPlan, plan_id="pk"),
        "/improvement-plans/{plan_id}/close": _rows(ImprovementPlan, plan_id="pk"),
        "/messages/{message_id}": _rows(Message, message_id="pk"),
        "/orders/{reference}": _orders(),
        "/orders/{reference}/amendments": _orders(),
        "/deliveries/{delivery_id}/stage": _rows(SiteDelivery, delivery_id="pk"),
        "/fee-returns/{return_id}/invoice": _rows(FeeReturn, return_id="pk"),
        "/fee-invoices/{invoice_id}": _rows(FeeInvoice, invoice_id="pk"),
        "/fee-invoices/{invoice_id}/payment": _rows(FeeInvoice, invoice_id="pk"),
        "/backstops/{backstop_id}/trigger": _rows(Backstop, backstop_id="pk"),
        "/backstops/{backstop_id}/suppliers": _rows(Backstop, backstop_id="pk"),
        K + "/backstop": contracts,
        "/handovers/{handover_id}": _rows(Handover, handover_id="pk"),
        "/handovers/{handover_id}/items/{position}/done": _rows(
            HandoverItem, handover_id="handover_id", position="position"
        ),
        "/gpit/own-system-requests/{request_id}/decision": _rows(OwnSystemRequest, request_id="pk"),
        "/ocds/records/{ocid}": _ocds_records(),
        "/ocds/releases/{ocid}/{release_id}": _ocds_releases(),
        "/notices/{notice_id}": _public_notices(),
        "/processes/{ocid}/notices": _public_processes(),
        "/notices/due/{code}/{contract_reference}": _due_notices(),
        "/organisations/{code}/notices": _demo_organisations(),
        "/notices/{notice_id}/publish": _managed_notices(NoticeStatus.DRAFT),
        "/notices/{notice_id}/draft": _managed_notices(NoticeStatus.DRAFT),
        "/notices/{notice_id}/corrections": _managed_notices(NoticeStatus.PUBLISHED),
        **_psr_processes(),
        **_msp_processes(),
        "/selection/annual-summary/{code}": _demo_organisations(),
        "/selection/urgent-awards/{award_id}": _urgent_awards(),
    }


def _urgent_awards() -> list[dict]:
    from caremarket.selection.models import UrgentAward

    return _rows(UrgentAward, award_id="pk")


def _msp_processes() -> dict[str, list[dict]]:
    """The Most Suitable Provider processes, their alliances and stage 2 versions."""
    from caremarket.selection.models import Alliance, MspSetup, Stage2Version

    processes = _rows(MspSetup, reference="process__reference")
    alliances = _rows(Alliance, reference="process__reference", alliance_id="pk")
    P = "/selection/msp/{reference}"
    A = P + "/alliances/{alliance_id}"
    return {
        **{
            P + tail: processes
            for tail in (
                "",
                "/start",
                "/deadline",
                "/alliances",
                "/market-notice",
                "/dialogue-sessions",
                "/panel",
                "/panel/declaration",
                "/gateway1",
                "/engagement",
                "/gateway2",
                "/decision",
                "/intention",
            )
        },
        **{
            A + tail: alliances
            for tail in (
                "/letter",
                "/submission/documents",
                "/submission/submit",
                "/ratings",
                "/moderation",
                "/contract",
            )
        },
        A + "/stage2/{kind}/versions": [
            {**row, "kind": kind} for row in alliances for kind in ("delivery_plan", "innovation_plan")
        ],
        P + "/stage2/versions/{version_id}/agree": _rows(
            Stage2Version, reference="document__alliance__process__reference", version_id="pk"
        ),
    }


def _psr_processes() -> dict[str, list[dict]]:
    """The provider selection processes and their representations (PSR steps)."""
    from caremarket.selection.models import PsrRepresentation, SelectionProcess

    processes = _rows(SelectionProcess, reference="reference")
    P = "/selection/processes/{reference}"
    return {
        **{
            P + tail: processes
            for tail in ("", "/choose", "/decision", "/intention", "/representations", "/review", "/award")
        },
        P + "/representations/{representation_id}/clarification": _rows(
            PsrRepresentation, reference="selection__reference", representation_id="pk"
        ),
    }


def _ocds_records() -> list[dict]:
    """Caremarket's own processes (the feed publishes no imported ones)."""
    from caremarket.transparency.models import NoticeSource, Record

    rows = Record.objects.filter(source=NoticeSource.PLATFORM).order_by("pk")
    return list(rows.values("ocid")[:PER_ROUTE])


def _ocds_releases() -> list[dict]:
    from caremarket.transparency.models import NoticeSource, Release

    rows = Release.objects.filter(source=NoticeSource.PLATFORM).order_by("pk")
    return list(rows.values("ocid", "release_id")[:PER_ROUTE])
