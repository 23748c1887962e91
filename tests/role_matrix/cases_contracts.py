"""Role-matrix cases for contracts, orders, fees, performance, continuity, delivery and GP IT.
The world is built by tests/role_matrix/world_contracts.py: the matrix buyer (B) holds MXK1
(live), MXK2 (draft) and MXK3 (no options left) with the matrix supplier (S) under MX1 lot 1,
which B runs."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from caremarket.core import clock
from caremarket.rules.fees import month_start
from tests.role_matrix.cases import Case, Request, at
from tests.role_matrix.world import B_MEMBERS, PLATFORM, SIGNED_IN, World, actors

ADMIN_ONLY = actors("platform_admin")
CONTRACTING = actors("B:procurement_lead", "B:approver", "platform_admin")
APPROVERS = actors("B:approver", "platform_admin")
BUYING = actors("B:buyer", "B:procurement_lead", "platform_admin")
AMENDING = actors("B:buyer", "B:procurement_lead", "B:approver", "platform_admin")
FEEDBACK = AMENDING
SUPPLIER = actors("S:supplier_user", "platform_admin")
MANAGER = actors("B:agreement_manager", "platform_admin")
FEE_READERS = actors("B:agreement_manager") | PLATFORM
PARTIES = SIGNED_IN - actors("other_org")
RETURN_READERS = actors("S:supplier_user", "S:org_admin", "B:agreement_manager") | PLATFORM
HANDOVER_READERS = (
    actors("B:buyer", "B:procurement_lead", "B:evaluator", "B:approver", "B:agreement_manager", "B:org_admin")
    | actors("S:supplier_user")
    | PLATFORM
)
HANDOVER_WORKERS = actors("B:procurement_lead", "B:approver", "S:supplier_user", "platform_admin")
COMMISSIONER_DECIDERS = actors("B:approver", "B:procurement_lead", "platform_admin")
LINE = {"item": "Installation", "quantity": 1, "site": "MXB-1"}


def _last_month() -> str:
    return month_start(month_start(clock.today()) - timedelta(days=1)).isoformat()


def extra(path: str, data=None, **names):
    """A request whose path names objects the world keeps in `extra` ({name} -> its pk)."""
    return lambda w, a: Request(path.format(**{k: w.extra[v].pk for k, v in names.items()}), data)


def new_return(w: World, a: str) -> Request:
    period = w.extra["return_period"]
    content = f"order_reference,customer_code,invoice_date,value\n,MXB,{period.isoformat()},10.00\n".encode()
    return Request(
        "/api/v1/fee-returns",
        {
            "supplier_code": w.supplier.code,
            "agreement": "MX1",
            "period": period.isoformat(),
            "file": SimpleUploadedFile("matrix.csv", content, content_type="text/csv"),
        },
    )


def new_contract(w: World, a: str) -> Request:
    return Request(
        "/api/v1/contracts",
        {
            "buyer_code": w.buyer.code,
            "supplier_code": w.supplier.code,
            "origin": "existing",
            "title": "Matrix new contract",
            "value": "1000.00",
            "starts_on": clock.today().isoformat(),
            "term": "1+1",
        },
    )


API = [
    Case("GET /api/v1/contracts", SIGNED_IN, at("/api/v1/contracts?page=1")),
    Case("POST /api/v1/contracts", CONTRACTING, new_contract),
    Case("GET /api/v1/contracts/{reference}", PARTIES, at("/api/v1/contracts/MXK1")),
    Case(
        "GET /api/v1/contracts/register/{extension}",
        SIGNED_IN,
        at("/api/v1/contracts/register/xlsx?status=in_force"),
    ),
    Case("GET /api/v1/contracts/{reference}/summary.pdf", PARTIES, at("/api/v1/contracts/MXK1/summary.pdf")),
    Case("POST /api/v1/contracts/{reference}/sign", CONTRACTING, at("/api/v1/contracts/MXK2/sign", {})),
    Case("POST /api/v1/contracts/{reference}/extend", CONTRACTING, at("/api/v1/contracts/MXK1/extend", {})),
    # MXK1 still has options: the exception is refused for whoever may ask (409), and that is a
    # refusal of the request, not of the person; so the case asks on MXK3.
    Case(
        "POST /api/v1/contracts/{reference}/exceptions",
        CONTRACTING,
        lambda w, a: Request(
            "/api/v1/contracts/MXK3/exceptions",
            {
                "months": 3,
                "reason": "Matrix",
                "reprocurement_starts_on": clock.today().isoformat(),
                "reprocurement_award_by": w.buyer.contracts_bought.get(reference="MXK3").ends_on.isoformat(),
            },
        ),
        ok=frozenset({201, 409}),
    ),
    Case(
        "POST /api/v1/contracts/{reference}/exceptions/{exception_id}/decision",
        APPROVERS,
        extra("/api/v1/contracts/MXK3/exceptions/{id}/decision", {"decision": "approved"}, id="exception"),
    ),
    Case(
        "POST /api/v1/contracts/{reference}/variations",
        CONTRACTING,
        at("/api/v1/contracts/MXK1/variations", {"summary": "Matrix", "changes": {"notice_months": "6"}}),
    ),
    Case(
        "POST /api/v1/contracts/{reference}/terminate",
        CONTRACTING,
        at("/api/v1/contracts/MXK1/terminate", {"reason": "Matrix"}),
    ),
    Case(
        "POST /api/v1/contracts/{reference}/subcontractors",
        CONTRACTING,
        at("/api/v1/contracts/MXK1/subcontractors", {"subcontractor_code": "MXSUB", "share_percent": "20"}),
    ),
    Case("GET /api/v1/contracts/{reference}/performance", PARTIES, at("/api/v1/contracts/MXK1/performance")),
    Case(
        "POST /api/v1/contracts/{reference}/kpis/{code}/results",
        SUPPLIER,
        lambda w, a: Request(
            "/api/v1/contracts/MXK1/kpis/fix-time/results", {"period": _last_month(), "actual": "3"}
        ),
    ),
    Case(
        "POST /api/v1/contracts/{reference}/feedback",
        FEEDBACK,
        at("/api/v1/contracts/MXK1/feedback", {"domain": "customer", "stars": 4}),
    ),
    Case("GET /api/v1/orders", SIGNED_IN, at("/api/v1/orders?page=1")),
    Case(
        "POST /api/v1/orders",
        BUYING,
        lambda w, a: Request(
            "/api/v1/orders", {"buyer_code": w.buyer.code, "contract": "MXK1", "lines": [LINE]}
        ),
    ),
    Case(
        "GET /api/v1/orders/{reference}",
        PARTIES,
        lambda w, a: Request(f"/api/v1/orders/{w.extra['order'].reference}"),
    ),
    Case(
        "POST /api/v1/orders/{reference}/amendments",
        AMENDING,
        lambda w, a: Request(
            f"/api/v1/orders/{w.extra['order'].reference}/amendments", {"reason": "Matrix", "lines": [LINE]}
        ),
    ),
    Case("GET /api/v1/deliveries", SIGNED_IN, at("/api/v1/deliveries?page=1")),
    Case("GET /api/v1/deliveries/progress", SIGNED_IN, at("/api/v1/deliveries/progress?by=supplier")),
    Case(
        "POST /api/v1/deliveries/{delivery_id}/stage",
        SUPPLIER,
        extra("/api/v1/deliveries/{id}/stage", {"stage": "installed"}, id="delivery"),
    ),
    Case("GET /api/v1/fee-returns", SIGNED_IN, at("/api/v1/fee-returns?page=1")),
    Case("POST /api/v1/fee-returns", SUPPLIER, new_return),
    Case(
        "POST /api/v1/fee-returns/{return_id}/invoice",
        MANAGER,
        extra("/api/v1/fee-returns/{id}/invoice", {}, id="fee_return"),
    ),
    Case(
        "GET /api/v1/fee-invoices/{invoice_id}",
        actors("S:supplier_user", "S:org_admin", "B:agreement_manager") | PLATFORM,
        extra("/api/v1/fee-invoices/{id}", id="invoice"),
    ),
    Case(
        "POST /api/v1/fee-invoices/{invoice_id}/payment",
        MANAGER,
        extra("/api/v1/fee-invoices/{id}/payment", {"amount": "0.00"}, id="invoice"),
    ),
    Case("GET /api/v1/agreements/{reference}/fees", FEE_READERS, at("/api/v1/agreements/MX1/fees")),
    Case(
        "POST /api/v1/agreements/{reference}/fees/flags", MANAGER, at("/api/v1/agreements/MX1/fees/flags", {})
    ),
    Case("GET /api/v1/suspension-proposals", SIGNED_IN, at("/api/v1/suspension-proposals")),
    Case(
        "POST /api/v1/suspension-proposals/{proposal_id}/decision",
        MANAGER,
        extra(
            "/api/v1/suspension-proposals/{id}/decision",
            {"suspend": False, "outcome": "Matrix"},
            id="proposal",
        ),
    ),
    Case(
        "POST /api/v1/backstops",
        actors("B:procurement_lead", "B:agreement_manager", "platform_admin"),
        lambda w, a: Request(
            "/api/v1/backstops",
            {"owner_code": w.buyer.code, "category": "bi", "title": "Matrix BI", "supplier_codes": ["MXSUB"]},
        ),
    ),
    Case(
        "POST /api/v1/backstops/{backstop_id}/trigger",
        CONTRACTING,
        extra(
            "/api/v1/backstops/{id}/trigger",
            {"contract": "MXK1", "reason": "supplier_exit", "details": "Matrix"},
            id="backstop",
        ),
    ),
    Case(
        "GET /api/v1/handovers/{handover_id}",
        HANDOVER_READERS,
        extra("/api/v1/handovers/{id}", id="handover"),
    ),
    Case(
        "POST /api/v1/handovers/{handover_id}/items/{position}/done",
        HANDOVER_WORKERS,
        extra("/api/v1/handovers/{id}/items/1/done", {}, id="handover"),
    ),
    Case("GET /api/v1/gpit/allocations", SIGNED_IN, at("/api/v1/gpit/allocations")),
    Case(
        "POST /api/v1/gpit/allocations",
        MANAGER,
        lambda w, a: Request(
            "/api/v1/gpit/allocations",
            {"agreement": "MX1", "commissioner_code": w.other.code, "financial_year": 2030, "amount": "1000"},
        ),
    ),
    Case(
        "POST /api/v1/gpit/foundation-choices",
        ADMIN_ONLY,
        at("/api/v1/gpit/foundation-choices", {"practice_code": "MXGP", "solution": "Matrix Clinical"}),
    ),
    Case("GET /api/v1/gpit/own-system-requests", SIGNED_IN, at("/api/v1/gpit/own-system-requests")),
    Case(
        "POST /api/v1/gpit/own-system-requests",
        ADMIN_ONLY,
        lambda w, a: Request(
            "/api/v1/gpit/own-system-requests",
            {"practice_code": "MXGP", "commissioner_code": w.buyer.code, "system_name": "X", "purpose": "Y"},
        ),
    ),
    Case(
        "POST /api/v1/gpit/own-system-requests/{request_id}/decision",
        COMMISSIONER_DECIDERS,
        extra("/api/v1/gpit/own-system-requests/{id}/decision", {"decision": "approved"}, id="own_system"),
    ),
]


def _club(w: World, a: str) -> Request:
    from caremarket.sourcing.models import BuyingClub

    return Request(f"/orders/club/{BuyingClub.objects.get(reference='MXC2').pk}")


PAGES = [
    Case("GET /contracts", SIGNED_IN, at("/contracts?status=in_force")),
    Case("GET /contracts/new", CONTRACTING, at("/contracts/new")),
    Case("GET /contracts/register.<str:extension>", SIGNED_IN, at("/contracts/register.csv?status=in_force")),
    Case(
        "GET /contracts/handovers/<int:handover_id>",
        HANDOVER_READERS,
        extra("/contracts/handovers/{id}", id="handover"),
    ),
    Case("GET /contracts/<str:reference>", PARTIES, at("/contracts/MXK1")),
    Case("GET /contracts/<str:reference>/extend", CONTRACTING, at("/contracts/MXK1/extend")),
    Case("GET /contracts/<str:reference>/summary", PARTIES, at("/contracts/MXK1/summary")),
    Case("GET /contracts/<str:reference>/summary.pdf", PARTIES, at("/contracts/MXK1/summary.pdf")),
    Case(
        "POST /contracts/<str:reference>/actions",
        CONTRACTING,
        at("/contracts/MXK1/actions", {"action": "extend"}),
    ),
    Case(
        "GET /contracts/<str:reference>/order",
        actors("B:buyer", "B:procurement_lead"),
        at("/contracts/MXK1/order"),
    ),
    Case("GET /contracts/<str:reference>/performance", PARTIES, at("/contracts/MXK1/performance")),
    Case("GET /orders", SIGNED_IN, at("/orders")),
    Case("GET /orders/clubs", SIGNED_IN, at("/orders/clubs")),
    # Any buyer sees a club's ordering page; only members at launch may order from it.
    Case("GET /orders/club/<int:club_id>", BUYING | actors("other_org"), _club),
    Case(
        "GET /orders/<str:reference>", PARTIES, lambda w, a: Request(f"/orders/{w.extra['order'].reference}")
    ),
    Case(
        "POST /orders/<str:reference>/sites/<int:delivery_id>",
        SUPPLIER,
        lambda w, a: Request(
            f"/orders/{w.extra['order'].reference}/sites/{w.extra['delivery'].pk}", {"stage": "installed"}
        ),
    ),
    Case("GET /delivery", SIGNED_IN, at("/delivery?by=region")),
    Case("GET /fees", SIGNED_IN, at("/fees")),
    Case("GET /fees/returns/<int:return_id>", RETURN_READERS, extra("/fees/returns/{id}", id="fee_return")),
    Case("POST /fees/<str:reference>/flags", MANAGER, at("/fees/MX1/flags", {})),
    Case("GET /gp-it", SIGNED_IN, at("/gp-it")),
    Case(
        "POST /gp-it/requests/<int:request_id>",
        COMMISSIONER_DECIDERS,
        extra("/gp-it/requests/{id}", {"decision": "approved"}, id="own_system"),
    ),
    Case(
        "GET /gp-it/allocations/<int:allocation_id>",
        B_MEMBERS | PLATFORM,
        extra("/gp-it/allocations/{id}", id="allocation"),
    ),
    # Only the commissioner's buyers, acting for it, order against its allocation.
    Case(
        "GET /gp-it/allocations/<int:allocation_id>/order/<int:lot_number>/<str:supplier_code>",
        actors("B:buyer", "B:procurement_lead"),
        extra("/gp-it/allocations/{id}/order/1/MXS", id="allocation"),
    ),
]

CASES = API + PAGES
