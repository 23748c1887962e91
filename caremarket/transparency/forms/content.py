"""Mapping a notice type's cleaned fields to OCDS content, and the notice's title."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from caremarket.core.errors import ValidationFailed
from caremarket.rules.dates import spoken_date
from caremarket.transparency.forms.spec import ContractFacts, type_form
from caremarket.transparency.ocds.builder import ocds_value


def ocds_date(day: date | None) -> str | None:
    return None if day is None else f"{day.isoformat()}T00:00:00Z"


def _period(start: date | None, end: date | None) -> dict[str, str] | None:
    period = {k: v for k, v in (("startDate", ocds_date(start)), ("endDate", ocds_date(end))) if v}
    return period or None


def _drop_empty(section: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in section.items() if v not in (None, "", [], {})}


def _supplier_party(name: str, code: str, scheme: str = "GB-NHS") -> dict[str, Any]:
    # A provider with no registered number is named by its name alone, within this release.
    party_id = (
        f"{scheme}-{code}" if code else "supplier-" + "".join(c for c in name.lower() if c.isalnum())[:60]
    )
    party: dict[str, Any] = {"id": party_id, "name": name, "roles": ["supplier"]}
    if code:
        party["identifier"] = {"scheme": scheme, "id": code, "legalName": name}
    return party


def _contract_section(contract: ContractFacts) -> dict[str, Any]:
    return _drop_empty(
        {
            "id": contract.reference,
            "awardID": contract.award_id or f"{contract.reference}-award",
            "title": contract.title,
            "value": ocds_value(contract.value),
            "period": _period(contract.starts_on, contract.ends_on),
        }
    )


def content_for(
    code: str, cleaned: Mapping[str, Any], contract: ContractFacts | None = None
) -> dict[str, Any]:
    """The OCDS content of a notice of type `code` from its cleaned fields (`clean_fields`).
    UK8 and UK9 need the contract they are about."""
    form = type_form(code)
    if form.about_contract and contract is None:
        raise ValidationFailed.for_field("contract", "Choose the contract the notice is about")
    c = cleaned
    if code in ("UK2", "UK13", "UK14", "UK15", "UK16"):
        period = _period(
            c.get("engagement_start") or c.get("starts_on"), c.get("engagement_end") or c.get("ends_on")
        )
        tender = _drop_empty(
            {
                "title": c.get("title"),
                "description": c.get("description"),
                "value": ocds_value(c.get("value")),
                "tenderPeriod": period if code != "UK2" else None,
            }
        )
        if code == "UK2" and period:
            # The engagement runs as the tender's enquiry period: the time the market may ask.
            tender["enquiryPeriod"] = period
        if code in ("UK13", "UK14", "UK15", "UK16"):
            tender["techniques"] = {"hasDynamicPurchasingSystem": True}
        if code == "UK16":
            tender["status"] = "cancelled"
        return {"tender": tender}
    if code == "UK8":
        transactions = [
            {
                "id": f"{contract.reference}-P{n}",
                "date": ocds_date(row["date"]),
                "value": ocds_value(row["amount"]),
                "payee": {
                    "id": _supplier_party(contract.supplier_name, contract.supplier_code)["id"],
                    "name": contract.supplier_name,
                },
            }
            for n, row in enumerate(c.get("payments") or (), start=1)
        ]
        section = {**_contract_section(contract), "implementation": {"transactions": transactions}}
        if c.get("description"):
            section["description"] = c["description"]
        return {
            "contracts": [section],
            "parties": [_supplier_party(contract.supplier_name, contract.supplier_code)],
        }
    if code == "UK9":
        milestone = _drop_empty(
            {
                "id": f"{contract.reference}-KPI-{c['assessed_on'].isoformat()}",
                "title": "Performance assessment",
                "type": "assessment",
                "description": c.get("assessment"),
                "status": "met",
                "dateMet": ocds_date(c.get("assessed_on")),
            }
        )
        if c.get("period_start") or c.get("period_end"):
            # A milestone has no period in OCDS: the period assessed goes in its words.
            span = " to ".join(spoken_date(d) for d in (c.get("period_start"), c.get("period_end")) if d)
            milestone["description"] = f"{milestone['description']} (period assessed: {span})"
        section = {**_contract_section(contract), "implementation": {"milestones": [milestone]}}
        return {
            "contracts": [section],
            "parties": [_supplier_party(contract.supplier_name, contract.supplier_code)],
        }
    if code == "UK17":
        words = [
            f"Reporting period {spoken_date(c['period_start'])} to {spoken_date(c['period_end'])}.",
            f"Invoices paid within 30 days: {c['paid_within_30_days']}%.",
            f"Average days taken to pay an invoice: {c['average_days']}.",
        ]
        if c.get("disputed") is not None:
            words.append(f"Invoices not paid because they were disputed: {c['disputed']}%.")
        if c.get("description"):
            words.append(c["description"])
        return {
            "tender": {
                "title": c["title"],
                "description": " ".join(words),
                "contractPeriod": _period(c["period_start"], c["period_end"]),
            }
        }
    if code == "PSR_URGENT":
        supplier = _supplier_party(c["supplier_name"], c.get("supplier_id") or "", scheme="GB-COH")
        return {
            "tender": _drop_empty({"title": c["title"], "description": c.get("description")}),
            "awards": [
                {
                    "id": "A1",
                    "title": c["title"],
                    "status": "active",
                    "date": ocds_date(c["awarded_on"]),
                    "suppliers": [{"id": supplier["id"], "name": supplier["name"]}],
                    "value": ocds_value(c["value"]),
                }
            ],
            "contracts": [
                _drop_empty(
                    {
                        "id": "C1",
                        "awardID": "A1",
                        "status": "active",
                        "dateSigned": ocds_date(c["awarded_on"]),
                        "value": ocds_value(c["value"]),
                        "period": _period(c.get("starts_on"), c.get("ends_on")),
                    }
                )
            ],
            "parties": [supplier],
        }
    raise AssertionError(f"no mapping for {code}")  # pragma: no cover - FORMS and this agree


def title_for(code: str, cleaned: Mapping[str, Any], contract: ContractFacts | None = None) -> str:
    """The notice's own title: the one typed, or the contract's for UK8 and UK9."""
    if cleaned.get("title"):
        return cleaned["title"]
    if contract is not None:
        return contract.title
    return ""
