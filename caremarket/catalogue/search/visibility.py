"""What a search must know that is not in the documents, as it is today: whether each supplier
is admitted to each lot (not suspended or removed), which certifications it holds in force,
whether each agreement can be bought through, and each supplier's type.

Read when the search runs, never copied into the documents, so a suspension, a reinstatement,
a new or expired certification shows at once, whichever service made it. Held per process and
read again when the audit chain's head moves (every change writes an audit event) or the day
changes (certifications expire by the calendar).
"""

import json
import threading
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from django.db import connection

from caremarket.catalogue.choices import CERT_BITS, SUPPLIER_TYPE_INDEX
from caremarket.core import clock
from caremarket.core.read_cache import data_version
from caremarket.rules.admission import SupplierStatus
from caremarket.rules.agreements import AgreementFacts, call_off_refusal
from caremarket.rules.roles import Sector


@dataclass(frozen=True)
class LotInfo:
    id: int
    agreement_id: int
    number: int
    title: str


@dataclass(frozen=True)
class Visibility:
    today: date
    supplier_type: np.ndarray  # by supplier id: SUPPLIER_TYPE_INDEX, -1 if not a supplier
    supplier_flags: np.ndarray  # by supplier id: 1 SME, 2 VCSE
    supplier_certs: np.ndarray  # by supplier id: CERT_BITS held in force today
    admitted_pairs: np.ndarray  # sorted lot_id << 32 | supplier_id, admitted today
    required_by_agreement: np.ndarray  # by agreement id: CERT_BITS it requires
    open_by_agreement: np.ndarray  # by agreement id: 1 if it can be bought through today
    agreement_labels: dict[int, tuple[str, str]] = field(default_factory=dict)  # id -> (reference, title)
    lots: dict[int, LotInfo] = field(default_factory=dict)

    def by_supplier(self, array: np.ndarray, suppliers: np.ndarray, missing: int = 0) -> np.ndarray:
        inside = suppliers < len(array)
        out = np.full(len(suppliers), missing, dtype=np.int64)
        out[inside] = array[suppliers[inside]]
        return out

    def visible(self, lots: np.ndarray, agreements: np.ndarray, suppliers: np.ndarray) -> np.ndarray:
        """Which documents a buyer may see: an admitted supplier, compliant with every standard
        the agreement requires, on an agreement that can be bought through today."""
        if not len(lots):
            return np.zeros(0, dtype=bool)
        admitted = np.isin((lots << 32) | suppliers, self.admitted_pairs)
        required = self.by_agreement(self.required_by_agreement, agreements)
        open_ = self.by_agreement(self.open_by_agreement, agreements) == 1
        held = self.by_supplier(self.supplier_certs, suppliers)
        return admitted & open_ & ((held & required) == required)

    @staticmethod
    def by_agreement(array: np.ndarray, agreements: np.ndarray) -> np.ndarray:
        inside = agreements < len(array)
        out = np.zeros(len(agreements), dtype=np.int64)
        out[inside] = array[agreements[inside]]
        return out


_lock = threading.Lock()
_cached: dict[str, tuple[tuple, Visibility]] = {}


def current_visibility() -> Visibility:
    today = clock.today()
    key = (connection.settings_dict["NAME"], data_version(), today)
    cached = _cached.get(connection.alias)
    if cached and cached[0] == key:
        return cached[1]
    with _lock:
        visibility = _load(today)
        _cached[connection.alias] = (key, visibility)
    return visibility


def forget() -> None:
    _cached.clear()
    _shown.clear()


def _load(today: date) -> Visibility:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, org_type, is_sme, is_vcse FROM orgs_organisation WHERE sector = %s", [Sector.SUPPLIER]
        )
        suppliers = cursor.fetchall()
        cursor.execute(
            "SELECT organisation_id, scheme FROM orgs_certification "
            "WHERE valid_from <= %s AND expires_on >= %s",
            [today, today],
        )
        certs = cursor.fetchall()
        cursor.execute(
            "SELECT lot_id, supplier_id FROM agreements_lotsupplier WHERE status = %s",
            [SupplierStatus.ADMITTED],
        )
        places = cursor.fetchall()
        cursor.execute(
            "SELECT id, reference, title, kind, stage, starts_on, ends_on, required_standards "
            "FROM agreements_agreement"
        )
        agreements = cursor.fetchall()
        cursor.execute("SELECT id, agreement_id, number, title FROM agreements_lot")
        lots = cursor.fetchall()
    size = max([row[0] for row in suppliers] + [row[0] for row in certs] + [0]) + 1
    supplier_type = np.full(size, -1, dtype=np.int64)
    flags = np.zeros(size, dtype=np.int64)
    held = np.zeros(size, dtype=np.int64)
    for org_id, org_type, sme, vcse in suppliers:
        supplier_type[org_id] = SUPPLIER_TYPE_INDEX.get(org_type, -1)
        flags[org_id] = (1 if sme else 0) | (2 if vcse else 0)
    for org_id, scheme in certs:
        held[org_id] |= CERT_BITS.get(scheme, 0)
    pairs = np.array(sorted((lot << 32) | supplier for lot, supplier in places), dtype=np.int64)
    count = max([row[0] for row in agreements] + [0]) + 1
    required, open_, labels = np.zeros(count, dtype=np.int64), np.zeros(count, dtype=np.int64), {}
    for agreement_id, reference, title, kind, stage, starts_on, ends_on, standards in agreements:
        required[agreement_id] = sum(CERT_BITS.get(s, 0) for s in set(_json_list(standards)))
        facts = AgreementFacts(reference, kind, stage, _date(starts_on), _date(ends_on))
        open_[agreement_id] = 1 if call_off_refusal(facts, today) is None else 0
        labels[agreement_id] = (reference, title)
    return Visibility(
        today=today,
        supplier_type=supplier_type,
        supplier_flags=flags,
        supplier_certs=held,
        admitted_pairs=pairs,
        required_by_agreement=required,
        open_by_agreement=open_,
        agreement_labels=labels,
        lots={row[0]: LotInfo(*row) for row in lots},
    )


def _json_list(value) -> list[str]:
    return json.loads(value) if isinstance(value, str) else list(value or [])


def _date(value) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


@dataclass(frozen=True)
class Shown:
    """Per search document (in the columns' order): whether buyers see it today, and its
    supplier's type, SME/VCSE flags and certifications in force."""

    visible: np.ndarray
    supplier_type: np.ndarray
    flags: np.ndarray
    certs: np.ndarray


_shown: dict[str, tuple[tuple[int, int], Shown]] = {}


def shown_documents(columns, visibility: Visibility) -> Shown:
    """Worked out once for each pair of documents and visibility, then shared by every search."""
    key = (id(columns), id(visibility))
    cached = _shown.get(connection.alias)
    if cached and cached[0] == key:
        return cached[1]
    shown = Shown(
        visible=visibility.visible(columns.lot, columns.agreement, columns.supplier),
        supplier_type=visibility.by_supplier(visibility.supplier_type, columns.supplier, -1),
        flags=visibility.by_supplier(visibility.supplier_flags, columns.supplier),
        certs=visibility.by_supplier(visibility.supplier_certs, columns.supplier),
    )
    _shown[connection.alias] = (key, shown)
    return shown
