"""What the sourcing API modules share: the router, the path prefix, and how a club member and a
milestone are shown."""

from ninja import Router

from caremarket.api.sourcing_schemas import MemberOut

router = Router(tags=["Sourcing"])
P = "/sourcing"


def member_out(row) -> MemberOut:
    m = row.member
    return MemberOut(
        organisation_code=m.organisation.code,
        organisation_name=m.organisation.name,
        intent_confirmed_at=m.intent_confirmed_at,
        requirements_submitted_at=m.requirements_submitted_at,
        included_at_launch=m.included_at_launch,
        requirement_set=row.requirement_set.reference if row.requirement_set else None,
        lines=row.lines,
        sites=row.sites,
        quantity=row.quantity,
    )


def state_out(s) -> dict:
    m = s.milestone
    return {
        "key": m.key,
        "title": m.title,
        "due": m.due,
        "status": str(s.status),
        "days": s.days,
        "consequence": m.consequence,
        "message": s.message,
    }
