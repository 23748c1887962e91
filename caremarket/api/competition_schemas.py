"""Schemas for the competitions API: what it returns and what it accepts."""

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from ninja import Field, Schema

from caremarket.api.schemas import AmountIn, BlankIfNull, Flag, Id, IsoDate, IsoDateTime, Money, NotNull
from caremarket.competitions.choices import CompetitionProcedure, DocumentKind
from caremarket.rules.competitions import CompetitionStatus
from caremarket.rules.moderation import Declaration
from caremarket.rules.standstill import ChallengeOutcome, Regime

S = CompetitionStatus


class Move(StrEnum):
    PUBLISHED = S.PUBLISHED.value
    EVALUATION = S.EVALUATION.value
    MODERATION = S.MODERATION.value
    CANCELLED = S.CANCELLED.value
    UNSUCCESSFUL = S.UNSUCCESSFUL.value


class CompetitionOut(Schema):
    reference: str
    title: str
    buyer_code: str
    buyer_name: str
    procedure: str
    agreement: str | None
    lot: int | None
    status: str
    clarification_deadline: datetime | None
    submission_deadline: datetime | None
    published_at: datetime | None
    requirement_version: int

    @staticmethod
    def resolve_buyer_code(obj) -> str:
        return obj.buyer.code

    @staticmethod
    def resolve_buyer_name(obj) -> str:
        return obj.buyer.name

    @staticmethod
    def resolve_agreement(obj) -> str | None:
        return obj.agreement.reference if obj.agreement_id else None

    @staticmethod
    def resolve_lot(obj) -> int | None:
        return obj.lot.number if obj.lot_id else None

    @staticmethod
    def resolve_status(obj) -> str:
        return str(obj.status())


class CompetitionDetailOut(CompetitionOut):
    description: str
    requirement: str
    estimated_value: Money | None
    initial_years: int
    extension_years: list[int]
    regime: str
    evaluation_template: str
    evaluation_model: dict[str, Any]
    end_reason: str
    unanswered_reason: str
    buying_club: str | None

    @staticmethod
    def resolve_buying_club(obj) -> str | None:
        return obj.buying_club.reference if obj.buying_club_id else None

    @staticmethod
    def resolve_estimated_value(obj):
        return obj.estimated_value


class CompetitionIn(Schema):
    buyer_code: str = Field(max_length=20)
    title: str = Field(min_length=1, max_length=255)
    procedure: CompetitionProcedure
    agreement: str | None = Field(None, max_length=30)
    lot: int | None = Field(None, ge=1, le=999)
    description: str = Field("", max_length=5000)
    requirement: str = Field("", max_length=20000)
    clarification_deadline: IsoDateTime | None = None
    submission_deadline: IsoDateTime | None = None
    estimated_value: AmountIn | None = None
    initial_years: int = Field(3, ge=1, le=20)
    extension_years: list[int] = Field(default_factory=lambda: [1, 1], max_length=5)
    regime: Regime = Regime.PROCUREMENT_ACT_2023
    evaluation_template: str = Field("further_competition_60_40", max_length=60)
    buying_club: str | None = Field(
        None, max_length=30, description="A launched buying club's reference: its further competition"
    )


class CompetitionPatch(Schema):
    """Leave a field out to keep it; null clears the description, and is refused elsewhere."""

    title: Annotated[str, NotNull] = Field(None, min_length=1, max_length=255)
    description: Annotated[str | None, BlankIfNull] = Field(None, max_length=5000)
    requirement: Annotated[str, NotNull] = Field(None, max_length=20000)
    clarification_deadline: Annotated[IsoDateTime, NotNull] = None
    submission_deadline: Annotated[IsoDateTime, NotNull] = None


class CompetitionTransitionIn(Schema):
    to: Move
    reason: str = Field("", max_length=2000)
    unanswered_reason: str = Field("", max_length=2000)


# Its own name in the OpenAPI document (agreements have a TransitionIn too).
TransitionIn = CompetitionTransitionIn


class ModelIn(Schema):
    template: str = Field("", max_length=60)
    model: dict[str, Any] | None = None


class DocumentOut(Schema):
    id: int
    kind: str
    version: int
    name: str
    size: int
    sha256: str
    uploaded_at: datetime
    note: str


class InvitationOut(Schema):
    supplier_code: str
    supplier_name: str
    invited_at: datetime


class QuestionOut(Schema):
    id: int
    text: str = Field(description="The question as you may read it: as published once answered")
    answer: str
    asked_at: datetime
    answered_at: datetime | None
    mine: bool
    asker: str = Field(description="Who asked: for the buyer's side only, otherwise empty")
    original: str = Field(
        "",
        description="The words as asked, where the buyer reworded them: for the buyer's side and the asker",
    )


class QuestionIn(Schema):
    text: str = Field(min_length=1, max_length=4000)


class AnswerIn(Schema):
    answer: str = Field(min_length=1, max_length=4000)
    question: str | None = Field(
        None,
        max_length=4000,
        description="The question as every supplier will read it, reworded to remove anything that "
        "identifies the asker; leave it out to publish the words as asked",
    )


class BidTierIn(Schema):
    from_: int = Field(alias="from", ge=1)
    one_off: AmountIn
    annual: AmountIn


# Its own name in the OpenAPI document (catalogue listings have a TierIn too).
TierIn = BidTierIn


class PriceRowIn(Schema):
    unit: str = Field(min_length=1, max_length=60)
    band: str = Field("", max_length=60)
    tiers: list[TierIn] = Field(min_length=1, max_length=20)


class BidDraftIn(Schema):
    price: AmountIn | None = None
    responses: dict[str, str] = Field(default_factory=dict)
    price_list: list[PriceRowIn] = Field(default_factory=list, max_length=500)


# Its own name in the OpenAPI document (catalogue listings have a DraftIn too).
DraftIn = BidDraftIn


class ReceiptOut(Schema):
    number: str
    action: str
    issued_at: datetime
    content_sha256: str


class BidFileOut(Schema):
    id: int
    name: str
    size: int
    sha256: str


class OwnBidOut(Schema):
    competition: str
    status: str
    draft: dict[str, Any]
    content_sha256: str
    submitted_at: datetime | None
    receipts: list[ReceiptOut]
    files: list[BidFileOut]


class BidOut(Schema):
    id: int
    label: str
    supplier_code: str
    supplier_name: str
    submitted_at: datetime | None
    content_sha256: str


class OpenedBidOut(BidOut):
    content: dict[str, Any]


class EvaluatorOut(Schema):
    email: str
    declaration: str
    declared_at: datetime | None
    submitted_at: datetime | None


class EvaluatorIn(Schema):
    email: str = Field(max_length=254)


class DeclarationIn(Schema):
    declaration: Declaration
    note: str = Field("", max_length=2000)


class ScoreIn(Schema):
    bid_id: int
    criterion: str = Field(max_length=60)
    score: int = Field(ge=0, le=100)
    justification: str = Field(max_length=5000)


class ScoreOut(Schema):
    evaluator: str
    bid: str
    criterion_id: str
    score: int
    justification: str
    mine: bool


class ConsensusIn(ScoreIn):
    pass


class GateIn(Schema):
    bid_id: int
    criterion: str = Field(max_length=60)
    passed: Flag
    rationale: str = Field(max_length=5000)


class FlagIn(Schema):
    key: str = Field(max_length=200)
    decision: str = Field(min_length=1, max_length=5000)


class RankingOut(Schema):
    complete: bool
    problems: list[str]
    ranking: dict[str, Any] | None
    decided_flags: list[str]


class AwardIn(Schema):
    bid_id: int
    reasons: str = Field(min_length=1, max_length=10000)


class ChallengeOut(Schema):
    id: int
    supplier: str
    grounds: str
    recorded_on: date
    outcome: str
    outcome_on: date | None
    outcome_reason: str


class AwardOut(Schema):
    competition: str
    supplier_code: str
    supplier_name: str
    decided_on: date
    regime: str
    standstill_days: int
    standstill_ends_on: date
    reasons: str
    value: Money | None
    confirmed_at: datetime | None
    challenges: list[ChallengeOut]
    ranking: dict[str, Any]


class LetterOut(Schema):
    competition: str
    supplier: str
    successful: bool
    own: dict[str, Any]
    winner: dict[str, Any]
    reasons: str
    standstill_ends_on: date


class ChallengeIn(Schema):
    grounds: str = Field(min_length=1, max_length=10000)


class OutcomeIn(Schema):
    outcome: ChallengeOutcome
    reason: str = Field(min_length=1, max_length=5000)


class DirectAwardIn(Schema):
    shortlist_id: Id
    listing_reference: str = Field(max_length=20)
    justification: str = Field(min_length=1, max_length=10000)
    value: AmountIn | None = None
    term_months: int | None = Field(None, ge=1, le=240)


class DirectAwardOut(Schema):
    reference: str
    buyer_code: str
    agreement: str
    lot: int
    shortlist_id: int
    supplier_code: str
    service_name: str
    justification: str
    value: Money | None
    awarded_at: datetime


class DocumentKindIn(StrEnum):
    SPECIFICATION = DocumentKind.SPECIFICATION.value
    TERMS = DocumentKind.TERMS.value
    PRICING_SCHEDULE = DocumentKind.PRICING_SCHEDULE.value
    OTHER = DocumentKind.OTHER.value


class ContractFromAwardIn(Schema):
    """What the contract needs beyond the award: the parties, value, term (e.g. 3+1+1) and the
    winner's prices come from the award."""

    starts_on: IsoDate
    title: str = Field("", max_length=255, description="Blank: the competition's title")
    value: AmountIn | None = Field(None, description="Only when the award has no value")
    notice_months: int = Field(3, ge=0, le=36)
    service_specification: str = Field("", max_length=20000)
    payment_mechanism: str = Field("", max_length=255)
    risk_share: str = Field("", max_length=255)
    has_dpa: bool = False
    tupe: bool = False


class ContractFromAwardOut(Schema):
    reference: str
    competition: str
    link: str
    api: str


class MemberCostOut(Schema):
    member_code: str
    member_name: str
    sites: int
    one_off: Money
    recurring_per_year: Money
    total: Money


class ClubBreakdownOut(Schema):
    competition: str
    supplier_name: str
    years: int
    total: Money
    own_only: bool
    members: list[MemberCostOut]
