"""Catalogue pages for buyers: search with filters and facet counts, a service, compare,
shortlists, the directory of advisors and the price benchmarks."""

from decimal import Decimal
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from caremarket.catalogue import selectors
from caremarket.catalogue.choices import (
    CATEGORY_CHOICES,
    CERTIFICATION_CHOICES,
    REGION_CHOICES,
    SUPPLIER_TYPE_CHOICES,
    UNIT_CHOICES,
    SortOrder,
)
from caremarket.catalogue.search import SearchQuery
from caremarket.core.errors import ApplicationError
from caremarket.core.money import MoneyError, read_money
from caremarket.core.permissions import can
from caremarket.orgs.models import Organisation
from caremarket.orgs.selectors import acting_organisation, certifications_of
from caremarket.rules.catalogue import MAX_COMPARE, MAX_QUANTITY, MAX_TERM_MONTHS, UNIT_LABELS, Unit

PAGE_SIZE = 20
QUERY_KEYS = [
    "q",
    "agreement",
    "lot",
    "category",
    "region",
    "supplier_type",
    "sme",
    "vcse",
    "certification",
    "unit",
    "min_price",
    "max_price",
    "sort",
]


def _amount(text: str) -> Decimal | None:
    try:
        value = read_money(text)
    except MoneyError:
        return None
    return value if value < 100_000_000 else None


def whole_number(text: str | None, low: int, high: int, default: int | None) -> int | None:
    return int(text) if text and text.isdigit() and low <= int(text) <= high else default


def query_from(data) -> SearchQuery:
    """A search from the page's query string; values that make no sense are left out."""

    def chosen(key, choices):
        allowed = {code for code, _ in choices}
        return tuple(v for v in data.getlist(key) if v in allowed)

    unit = data.get("unit", "")
    sort = data.get("sort", "")
    return SearchQuery(
        text=data.get("q", "")[:200],
        agreement=data.get("agreement", "")[:30],
        lot=whole_number(data.get("lot"), 1, 999, None),
        categories=chosen("category", CATEGORY_CHOICES),
        regions=chosen("region", REGION_CHOICES),
        supplier_types=chosen("supplier_type", SUPPLIER_TYPE_CHOICES),
        sme=data.get("sme") == "yes",
        vcse=data.get("vcse") == "yes",
        certifications=chosen("certification", CERTIFICATION_CHOICES),
        unit=unit if unit in set(Unit) else "",
        min_price=_amount(data.get("min_price", "")) if data.get("min_price") else None,
        max_price=_amount(data.get("max_price", "")) if data.get("max_price") else None,
        sort=sort if sort in SortOrder.values else SortOrder.RELEVANCE,
        page=whole_number(data.get("page"), 1, 10000, 1),
        page_size=PAGE_SIZE,
    )


def query_pairs(query: SearchQuery) -> list[tuple[str, str]]:
    """The query as the pairs of a query string (the page left out)."""
    pairs = [("q", query.text)] if query.text else []
    if query.agreement:
        pairs.append(("agreement", query.agreement))
    if query.lot:
        pairs.append(("lot", str(query.lot)))
    for key, values in (
        ("category", query.categories),
        ("region", query.regions),
        ("supplier_type", query.supplier_types),
        ("certification", query.certifications),
    ):
        pairs += [(key, v) for v in values]
    pairs += [(key, "yes") for key in ("sme", "vcse") if getattr(query, key)]
    if query.unit:
        pairs.append(("unit", query.unit))
    pairs += [
        (key, str(getattr(query, key)))
        for key in ("min_price", "max_price")
        if getattr(query, key) is not None
    ]
    if query.sort != SortOrder.RELEVANCE:
        pairs.append(("sort", query.sort))
    return pairs


def filters_text(query: SearchQuery) -> str:
    """The filters of a search, as a person reads them."""
    labels = {
        **dict(CATEGORY_CHOICES),
        **dict(REGION_CHOICES),
        **dict(SUPPLIER_TYPE_CHOICES),
        **dict(CERTIFICATION_CHOICES),
    }
    parts = []
    if query.agreement:
        parts.append(f"agreement {query.agreement}" + (f" lot {query.lot}" if query.lot else ""))
    for values in (query.categories, query.regions, query.supplier_types, query.certifications):
        if values:
            parts.append(" or ".join(labels.get(v, v) for v in values))
    parts += [name for name, on in (("SME", query.sme), ("VCSE", query.vcse)) if on]
    if query.unit:
        price = UNIT_LABELS[Unit(query.unit)]
        if query.min_price is not None or query.max_price is not None:
            high = f"£{query.max_price}" if query.max_price is not None else "any price"
            price += f" from £{query.min_price or 0} to {high}"
        parts.append(f"priced {price}")
    return "; ".join(parts)


def _pagination(query: SearchQuery, pages: int) -> dict:
    base = query_pairs(query)
    nav = {}
    if query.page > 1:
        nav["previous"] = {
            "href": "?" + urlencode([*base, ("page", query.page - 1)]),
            "labelText": f"Page {query.page - 1}",
        }
    if query.page < pages:
        nav["next"] = {
            "href": "?" + urlencode([*base, ("page", query.page + 1)]),
            "labelText": f"Page {query.page + 1}",
        }
    return nav


def _buyer_org(actor) -> Organisation | None:
    org = acting_organisation(actor)
    return org if org is not None and can(actor, "catalogue.save_shortlist", org) else None


def _facet_items(result) -> dict[str, list[dict]]:
    """The facets as the NHS.UK checkboxes' and selects' items, each with its count."""

    def text(value) -> str:
        return f"{value.label} ({value.count:,})"

    facets = {f.name: f for f in result.facets}
    items = {
        name: [{"value": v.value, "text": text(v), "checked": v.selected} for v in facets[name].values]
        for name in ("category", "region", "supplier_type", "certification")
    }
    items["organisation"] = [
        {"value": "yes", "name": v.value, "id": v.value, "text": text(v), "checked": v.selected}
        for v in facets["organisation"].values
    ]
    blanks = {"agreement": "Any agreement", "lot": "Any lot", "unit": "Any unit"}
    for name, blank in blanks.items():
        values = facets[name].values if name in facets else []
        items[name] = [{"value": "", "text": blank}] + [
            {"value": v.value, "text": text(v), "selected": v.selected} for v in values
        ]
    if "lot" not in facets:
        items["lot"] = []
    return items


@login_required
def search(request):
    query = query_from(request.GET)
    result = selectors.search_for_actor(request.actor, query)
    return render(
        request,
        "web/catalogue/search.jinja",
        {
            "query": query,
            "result": result,
            "items": _facet_items(result),
            "unit_labels": {u.value: label for u, label in UNIT_LABELS.items()},
            "pairs": query_pairs(query),
            "nav": _pagination(query, result.pages),
            "sorts": SortOrder.choices,
            "units": UNIT_CHOICES,
            "max_compare": MAX_COMPARE,
            "can_shortlist": _buyer_org(request.actor) is not None,
        },
    )


@login_required
def listing(request, listing_id: int):
    found = selectors.listing_for_actor(request.actor, listing_id)
    actor = request.actor
    manages = can(actor, "catalogue.view_listing_history", found)
    version = found.live_version or (selectors.open_version(found) if manages else None)
    if version is None:
        version = selectors.latest_version(found)
    return render(
        request,
        "web/catalogue/listing.jinja",
        {
            "listing": found,
            "version": version,
            "lines": version.price_lines(),
            "open_version": selectors.open_version(found) if manages else None,
            "visible": selectors.is_visible(found),
            "manages": manages,
            "can_edit": can(actor, "catalogue.edit_listing", found),
            "can_approve": can(actor, "catalogue.approve_listing", found),
            "can_withdraw": found.live_version_id and can(actor, "catalogue.withdraw_listing", found),
            "certification_names": sorted(
                {
                    c.get_scheme_display()
                    for c in certifications_of(found.supplier)
                    if c.status() in ("valid", "expiring")
                }
            ),
            "unit_labels": {u.value: label for u, label in UNIT_LABELS.items()},
            "supplier_html": format_html(
                '<a href="{}">{}</a>{}',
                reverse("web:org-detail", args=[found.supplier.code]),
                found.supplier.name,
                format_html_join(
                    "",
                    ' <strong class="nhsuk-tag nhsuk-tag--{}">{}</strong>',
                    [
                        (c, t)
                        for c, t, on in (
                            ("blue", "SME", found.supplier.is_sme),
                            ("purple", "VCSE", found.supplier.is_vcse),
                        )
                        if on
                    ],
                ),
            ),
        },
    )


@login_required
def versions(request, listing_id: int):
    found = selectors.listing_for_actor(request.actor, listing_id)
    return render(
        request,
        "web/catalogue/versions.jinja",
        {"listing": found, "versions": selectors.versions_for_actor(request.actor, found)},
    )


def listing_ids_from(data) -> list[int]:
    return [int(v) for v in data.getlist("id") if v.isdigit()][: MAX_COMPARE + 1]


@login_required
def compare(request):
    ids = listing_ids_from(request.GET)
    quantity = whole_number(request.GET.get("quantity"), 1, MAX_QUANTITY, 1)
    term = whole_number(request.GET.get("term_months"), 1, MAX_TERM_MONTHS, selectors.DEFAULT_TERM_MONTHS)
    error = None
    compared = []
    try:
        compared = selectors.compare_for_actor(request.actor, ids, quantity=quantity, term_months=term)
    except ApplicationError as exc:
        if exc.status in (401, 403):
            raise
        error = exc
    query = query_from(request.GET)
    return render(
        request,
        "web/catalogue/compare.jinja",
        {
            "compared": compared,
            "quantity": quantity,
            "term_months": term,
            "pairs": query_pairs(query),
            "back": "?" + urlencode(query_pairs(query)),
            "can_shortlist": _buyer_org(request.actor) is not None,
            "unit_labels": {u.value: label for u, label in UNIT_LABELS.items()},
            "errors": [{"text": error.message}] if error else [],
        },
        status=400 if error else 200,
    )
