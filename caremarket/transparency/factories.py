"""Example notice content (OCDS fields) that fills every type's required fields, for tests and
the demo. `example_content("UK7")` gives a contract details notice's fields."""

import copy
from typing import Any

from caremarket.core import clock
from caremarket.rules.notices import notice_type

SUPPLIER = {"id": "GB-COH-01234567", "name": "Brightwater Home Care Ltd"}

_EXAMPLE: dict[str, Any] = {
    "tender": {
        "title": "Home care, East of England",
        "description": "Domiciliary care for adults across the care system, in four lots by locality.",
        "status": "cancelled",
        "statusDetails": "No tender met the minimum quality threshold.",
        "procurementMethod": "open",
        "procurementMethodDetails": "Open procedure",
        "mainProcurementCategory": "services",
        "value": {"amount": 985000, "currency": "GBP"},
        "tenderPeriod": {"startDate": "2026-12-01T09:00:00Z", "endDate": "2027-01-11T12:00:00Z"},
        "items": [
            {"id": "1", "description": "Home care", "classification": {"scheme": "CPV", "id": "85312000"}}
        ],
    },
    "awards": [
        {
            "id": "A1",
            "title": "Home care, lot 1",
            "status": "active",
            "date": "2027-02-01T10:00:00Z",
            "suppliers": [SUPPLIER],
            "value": {"amount": 250000, "currency": "GBP"},
        }
    ],
    "contracts": [
        {
            "id": "C1",
            "awardID": "A1",
            "status": "active",
            "dateSigned": "2027-02-20T10:00:00Z",
            "value": {"amount": 250000, "currency": "GBP"},
            "period": {"startDate": "2027-03-01T00:00:00Z", "endDate": "2029-02-28T23:59:59Z"},
            "amendments": [
                {
                    "id": "1",
                    "date": "2027-06-01T10:00:00Z",
                    "rationale": "Twelve more packages of care a week.",
                }
            ],
            "implementation": {
                "transactions": [
                    {
                        "id": "T1",
                        "date": "2027-04-30T00:00:00Z",
                        "value": {"amount": 35000, "currency": "GBP"},
                        "payee": SUPPLIER,
                    }
                ]
            },
        }
    ],
    "parties": [{**SUPPLIER, "roles": ["supplier"]}],
}


def example_content(code: str) -> dict[str, Any]:
    """Content for a notice of type `code`: the example's sections that its required fields use."""
    kind = notice_type(code, clock.today())
    sections = {path.split(".", 1)[0].removesuffix("[]") for path in kind.required} | {"parties"}
    content = {key: copy.deepcopy(value) for key, value in _EXAMPLE.items() if key in sections}
    if "tender.status" not in kind.required and "tender" in content:
        content["tender"].pop("status")  # only a procurement termination notice cancels the tender
        content["tender"].pop("statusDetails")
    return content
