"""Searching published notices, for the public notices site and its API.

`NoticeFilters.from_query` reads the filters from a query string (the page's search form or
the API's query parameters) and refuses what makes no sense with a message for each field;
`search_notices` turns them into one query over the search columns that publishing and
importing fill (`facets.py`), newest first. Only published notices are found: a notice
superseded by a correction is shown on its process's timeline, not in a search.

The lists of CPV codes and regions are JSON columns; they are matched on their JSON text with
the quotes around each entry (`"853` is a CPV code starting 853), which reads alike on SQLite
and PostgreSQL.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from caremarket.core import clock
from caremarket.core.errors import NotFound, ValidationFailed
from caremarket.core.money import MoneyError, read_money
from caremarket.orgs.models import Organisation
from caremarket.rules.date_ranges import ANY_DATE
from caremarket.rules.notices import NoticeType, notice_type, notice_types
from caremarket.rules.roles import Sector
from caremarket.rules.standstill import Regime
from caremarket.transparency.models import Notice, NoticeSource, NoticeStatus, Record
from caremarket.transparency.selectors import process_notices

MAX_TEXT = 200
MAX_WORDS = 12
# The filters a query string may hold, in the order the search form shows them.
FILTER_KEYS = (
    "q",
    "type",
    "buyer",
    "region",
    "cpv",
    "category",
    "value_min",
    "value_max",
    "published_from",
    "published_to",
    "source",
)
SOURCE_LABELS = {
    NoticeSource.PLATFORM.value: "Published on Caremarket",
    NoticeSource.IMPORTED.value: "Imported from another publisher",
}


def type_option_label(kind: NoticeType) -> str:
    """A notice type as the search form lists it: "Tender notice (UK4)"."""
    if kind.regime == Regime.PROCUREMENT_ACT_2023:
        return f"{kind.name} ({kind.code})"
    return kind.name


def type_label(code: str, when: datetime | None = None) -> str:
    """ "UK4 tender notice", as the type was when the notice was published; the code itself
    for a type Caremarket does not know (another publisher's)."""
    try:
        label = notice_type(code, clock.local(when).date() if when else clock.today()).label
    except ValidationFailed:
        return code
    return label[0].upper() + label[1:]


def type_choices(on_date: date | None = None) -> list[tuple[str, str]]:
    """(code, label) for every notice type in force, in the table's order."""
    return [(kind.code, type_option_label(kind)) for kind in notice_types(on_date or clock.today())]


@dataclass(frozen=True)
class NoticeFilters:
    q: str = ""
    types: tuple[str, ...] = ()
    buyer: str = ""
    region: str = ""
    cpv: str = ""
    category: str = ""
    value_min: Decimal | None = None
    value_max: Decimal | None = None
    published_from: date | None = None
    published_to: date | None = None
    source: str = ""

    @property
    def words(self) -> list[str]:
        return self.q.lower().split()[:MAX_WORDS]

    @property
    def is_empty(self) -> bool:
        return self == NoticeFilters()

    @classmethod
    def from_query(cls, data: Any) -> "NoticeFilters":
        """The filters in a query dict (a Django QueryDict or a plain dict). Refuses bad input
        with ValidationFailed naming each field: a date that is not a date, a negative or
        unreadable amount, a lowest value above the highest, an unknown notice type."""
        problems: dict[str, list[str]] = {}

        def text(key: str) -> str:
            value = data.get(key) if hasattr(data, "get") else None
            return " ".join(str(value or "").split())[:MAX_TEXT]

        def problem(key: str, message: str) -> None:
            problems.setdefault(key, []).append(message)

        known = dict(type_choices())
        types = tuple(dict.fromkeys(t.strip() for t in _values(data, "type") if t and t.strip()))
        unknown = [t for t in types if t not in known]
        if unknown:
            problem("type", "Choose a notice type from the list")

        values: dict[str, Decimal | None] = {}
        for key, what in (("value_min", "lowest value"), ("value_max", "highest value")):
            typed = text(key)
            values[key] = None
            if typed:
                try:
                    values[key] = read_money(typed)
                except MoneyError as exc:
                    problem(key, f"The {what}: {exc}")
        if (
            values["value_min"] is not None
            and values["value_max"] is not None
            and values["value_min"] > values["value_max"]
        ):
            problem("value_max", "The highest value must be the same as or more than the lowest value")

        days: dict[str, date | None] = {}
        for key, what in (("published_from", "The first day"), ("published_to", "The last day")):
            typed = text(key)
            days[key] = None
            if typed:
                try:
                    day = date.fromisoformat(typed)
                except ValueError:
                    problem(key, f"{what} published must be a real date, like 2026-12-02")
                    continue
                out_of_range = ANY_DATE.problem(day, f"{what} published")
                if out_of_range:
                    problem(key, out_of_range)
                    continue
                days[key] = day
        if (
            days["published_from"] is not None
            and days["published_to"] is not None
            and days["published_from"] > days["published_to"]
        ):
            problem("published_to", "The last day published must be the same as or after the first day")

        source = text("source")
        if source and source not in SOURCE_LABELS:
            problem("source", "Choose where the notice was published from the list")

        if problems:
            first = next(iter(problems.values()))[0]
            raise ValidationFailed(first, details={"fields": problems})
        return cls(
            q=text("q"),
            types=types,
            buyer=text("buyer"),
            region=text("region").upper(),
            cpv=text("cpv").replace(" ", ""),
            category=text("category"),
            value_min=values["value_min"],
            value_max=values["value_max"],
            published_from=days["published_from"],
            published_to=days["published_to"],
            source=source,
        )

    def as_pairs(self) -> list[tuple[str, str]]:
        """The filters as the pairs of a query string, for links to other pages of results."""
        pairs: list[tuple[str, str]] = []
        for key in FILTER_KEYS:
            if key == "type":
                pairs += [("type", code) for code in self.types]
                continue
            value = getattr(self, key)
            if value not in (None, ""):
                pairs.append((key, value.isoformat() if isinstance(value, date) else str(value)))
        return pairs


def _values(data: Any, key: str) -> list[str]:
    if hasattr(data, "getlist"):
        return [str(v) for v in data.getlist(key)]
    value = data.get(key) if hasattr(data, "get") else None
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=clock.LONDON)


def _json_entry(prefix: str) -> str:
    """How an entry of a JSON list of strings begins in the column's text: `"853`."""
    return '"' + prefix.replace("\\", "").replace('"', "")


def public_notices() -> QuerySet[Notice]:
    return Notice.objects.filter(status=NoticeStatus.PUBLISHED).select_related("publisher")


def search_notices(filters: NoticeFilters, notices: QuerySet[Notice] | None = None) -> QuerySet[Notice]:
    """Published notices (Caremarket's and imported ones) that match every filter, newest
    first."""
    found = public_notices() if notices is None else notices
    for word in filters.words:
        found = found.filter(search_text__contains=word)
    if filters.types:
        found = found.filter(notice_type__in=filters.types)
    if filters.buyer:
        buyer = filters.buyer
        found = found.filter(
            Q(publisher__code__iexact=buyer)
            | Q(buyer_id__iexact=buyer)
            | Q(buyer_id__iendswith="-" + buyer)
            | Q(buyer_name__icontains=buyer)
        )
    if filters.region:
        found = found.filter(regions__icontains=_json_entry(filters.region) + '"')
    if filters.cpv:
        found = found.filter(cpv_codes__icontains=_json_entry(filters.cpv))
    if filters.category:
        found = found.filter(category__icontains=filters.category)
    if filters.value_min is not None:
        found = found.filter(value_amount__gte=filters.value_min)
    if filters.value_max is not None:
        found = found.filter(value_amount__lte=filters.value_max)
    if filters.published_from is not None:
        found = found.filter(published_at__gte=_day_start(filters.published_from))
    if filters.published_to is not None:
        found = found.filter(published_at__lt=_day_start(filters.published_to + timedelta(days=1)))
    if filters.source:
        found = found.filter(source=filters.source)
    return found.order_by("-published_at", "-pk")


def buyer_notices(organisation: Organisation) -> QuerySet[Notice]:
    """A Caremarket buyer's published notices, newest first."""
    return public_notices().filter(publisher=organisation).order_by("-published_at", "-pk")


# --- What the public pages and API read besides a search ----------------------------------


def public_notice(notice_id: int) -> Notice:
    """A published notice, or one superseded by a correction, with its release. A draft is not
    found, for everyone: drafts are not public."""
    notice = (
        Notice.objects.exclude(status=NoticeStatus.DRAFT)
        .select_related("publisher", "supersedes", "release")
        .filter(pk=notice_id)
        .first()
    )
    if notice is None:
        raise NotFound(f"There is no published notice {notice_id}")
    return notice


def correction_of(notice: Notice) -> Notice | None:
    """The published correction of `notice`, if it has one."""
    return Notice.objects.filter(supersedes=notice).exclude(status=NoticeStatus.DRAFT).order_by("pk").first()


def corrections_of(notices: Iterable[Notice]) -> dict[int, int]:
    """Each corrected notice's id -> its published correction's id."""
    return dict(
        Notice.objects.filter(supersedes__in=list(notices))
        .exclude(status=NoticeStatus.DRAFT)
        .values_list("supersedes_id", "pk")
    )


@dataclass(frozen=True)
class PublicProcess:
    ocid: str
    compiled_release: dict
    notices: list[Notice]

    @property
    def publisher(self) -> Organisation | None:
        return next((n.publisher for n in self.notices if n.publisher is not None), None)


def public_process(ocid: str) -> PublicProcess:
    """A procurement with at least one public notice: its compiled release and its timeline
    (published and corrected notices, oldest first)."""
    record = Record.objects.filter(ocid=ocid).first()
    notices = process_notices(ocid)
    if record is None or not notices:
        raise NotFound(f"There is no published procurement {ocid}")
    return PublicProcess(ocid, record.compiled_release or {}, notices)


def public_buyer(code: str) -> Organisation:
    """A Caremarket buyer organisation (or another that has published notices), by its code."""
    organisation = Organisation.objects.filter(code__iexact=code).first()
    if organisation is None or not (
        organisation.sector == Sector.BUYER or Notice.objects.filter(publisher=organisation).exists()
    ):
        raise NotFound(f"There is no buyer organisation {code} on Caremarket")
    return organisation
