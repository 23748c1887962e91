"""The search documents' filterable columns, held in memory as arrays, one copy per process.

Read again whenever the search index state's token changes (every write to the documents
moves it in the same transaction), so a search never sees documents older than the database.
"""

import threading
from dataclasses import dataclass

import numpy as np
from django.db import connection

from caremarket.catalogue.choices import CATEGORY_INDEX, UNIT_INDEX
from caremarket.catalogue.models import SearchIndexState
from caremarket.rules.catalogue import Basis

NO_PRICE = -1


@dataclass(frozen=True)
class Columns:
    ids: np.ndarray  # listing ids, ascending; every other array is in this order
    lot: np.ndarray
    agreement: np.ndarray
    supplier: np.ndarray
    category: np.ndarray  # CATEGORY_INDEX
    regions: np.ndarray  # REGION_BITS
    tie: np.ndarray
    name_rank: np.ndarray  # place in name order (ties by the hash)
    prices: np.ndarray  # pence, [document, UNIT_INDEX]; NO_PRICE where the unit has none
    yearly: np.ndarray  # [document, UNIT_INDEX]: 1 where that price is a year's, 0 one-off
    primary_unit: np.ndarray  # UNIT_INDEX of the listing's first price line

    def positions(self, ids: np.ndarray) -> np.ndarray:
        """Where each of `ids` is in the columns (ids that are not documents are dropped)."""
        found = np.searchsorted(self.ids, ids)
        found = np.clip(found, 0, max(len(self.ids) - 1, 0))
        if not len(self.ids):
            return np.empty(0, dtype=np.int64)
        return found[self.ids[found] == ids]


_lock = threading.Lock()
_cached: dict[str, tuple[tuple, Columns]] = {}


def index_state() -> tuple[int, str]:
    # Asked before every search: a plain statement, without building a queryset each time.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version, token FROM {SearchIndexState._meta.db_table} WHERE id = 1")
        state = cursor.fetchone()
    return tuple(state) if state else (0, "")


def current_columns() -> Columns:
    key = (connection.settings_dict["NAME"], *index_state())
    cached = _cached.get(connection.alias)
    if cached and cached[0] == key:
        return cached[1]
    with _lock:
        columns = _load()
        _cached[connection.alias] = (key, columns)
    return columns


def forget() -> None:
    _cached.clear()


def _load() -> Columns:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT listing_id, lot_id, agreement_id, supplier_id, category, regions, tie, lower(name), "
            "primary_unit "
            "FROM catalogue_searchdocument ORDER BY listing_id"
        )
        rows = cursor.fetchall()
        cursor.execute("SELECT document_id, unit, pence, basis FROM catalogue_searchprice")
        price_rows = cursor.fetchall()
    count = len(rows)
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=count)
    tie = np.fromiter((r[6] for r in rows), dtype=np.int64, count=count)
    names = [r[7] for r in rows]
    order = sorted(range(count), key=lambda i: (names[i], int(tie[i])))
    name_rank = np.empty(count, dtype=np.int64)
    name_rank[np.array(order, dtype=np.int64)] = np.arange(count, dtype=np.int64)
    prices = np.full((count, len(UNIT_INDEX)), NO_PRICE, dtype=np.int64)
    yearly = np.zeros((count, len(UNIT_INDEX)), dtype=np.int8)
    if count and price_rows:
        doc_ids = np.fromiter((r[0] for r in price_rows), dtype=np.int64, count=len(price_rows))
        units = np.fromiter((UNIT_INDEX[r[1]] for r in price_rows), dtype=np.int64, count=len(price_rows))
        pence = np.fromiter((r[2] for r in price_rows), dtype=np.int64, count=len(price_rows))
        rows_at = np.searchsorted(ids, doc_ids)
        prices[rows_at, units] = pence
        yearly[rows_at, units] = np.fromiter((r[3] == Basis.YEARLY for r in price_rows), dtype=np.int8)
    return Columns(
        ids=ids,
        lot=np.fromiter((r[1] for r in rows), dtype=np.int64, count=count),
        agreement=np.fromiter((r[2] for r in rows), dtype=np.int64, count=count),
        supplier=np.fromiter((r[3] for r in rows), dtype=np.int64, count=count),
        category=np.fromiter((CATEGORY_INDEX.get(r[4], 0) for r in rows), dtype=np.int64, count=count),
        regions=np.fromiter((r[5] for r in rows), dtype=np.int64, count=count),
        tie=tie,
        name_rank=name_rank,
        prices=prices,
        yearly=yearly,
        primary_unit=np.fromiter((UNIT_INDEX.get(r[8], 0) for r in rows), dtype=np.int64, count=count),
    )
