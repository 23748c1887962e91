"""People and personal API tokens."""

from datetime import datetime

from ninja import Field, Router, Schema, Status

from caremarket.api.schemas import Id, IsoDateTime, responses
from caremarket.orgs import selectors, services

router = Router(tags=["People"])


class MembershipOut(Schema):
    organisation_code: str
    organisation_name: str
    role: str


class PersonOut(Schema):
    id: int
    full_name: str
    email: str
    job_title: str
    memberships: list[MembershipOut]


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None


class NewTokenOut(TokenOut):
    secret: str


class TokenIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    expires_at: IsoDateTime | None = None


def _person_out(person, memberships) -> PersonOut:
    return PersonOut(
        id=person.pk,
        full_name=person.full_name,
        email=person.email,
        job_title=person.job_title,
        memberships=[
            MembershipOut(
                organisation_code=m.organisation.code, organisation_name=m.organisation.name, role=m.role
            )
            for m in memberships
        ],
    )


@router.get("/people/me", response=responses(200, PersonOut))
def me(request):
    person = request.actor.person
    return _person_out(person, selectors.memberships_of_person(person))


@router.get("/people/{person_id}", response=responses(200, PersonOut))
def get_person(request, person_id: Id):
    person = selectors.person_for_actor(request.actor, person_id)
    return _person_out(person, selectors.person_memberships(person))


@router.get("/tokens", response=responses(200, list[TokenOut]), tags=["People"])
def list_tokens(request):
    return list(selectors.tokens_for_actor(request.actor))


@router.post("/tokens", response=responses(201, NewTokenOut))
def create_token(request, payload: TokenIn):
    """A new personal token. The secret is in this response only; keep it safe."""
    token, secret = services.api_token_create(actor=request.actor, **payload.dict())
    return Status(201, NewTokenOut(**TokenOut.from_orm(token).dict(), secret=secret))


@router.delete("/tokens/{token_id}", response=responses(200, TokenOut))
def revoke_token(request, token_id: Id):
    return services.api_token_revoke(actor=request.actor, token_id=token_id)
