"""Import NHS organisation lists published by the Organisation Data Service (ODS).

Two layouts are understood:
- the standard 27-column ODS file with no header (`etr.csv` trusts, `eccg.csv`
  commissioners): code, name, region code, ICB code, five address lines, postcode,
  open date, close date, ..., role codes in column 14;
- ONS "ICB names and codes" with a header (`ICB24CD,ICB24CDH,ICB24NM`).

An import is all-or-nothing: every row is checked first and any problem refuses the whole
file with one message per bad row; only a clean file is written, in one transaction.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.db import transaction

from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import ApplicationError, ImportFailed, ValidationFailed
from caremarket.core.permissions import require
from caremarket.core.tabular import read_table
from caremarket.orgs.choices import ODS_REGION_CODES, OrganisationType
from caremarket.orgs.models import CareSystem, Organisation
from caremarket.orgs.services import _care_system_upsert, _organisation_create, _organisation_update
from caremarket.rules.roles import Sector
from caremarket.rules.table_limits import TableLimits

ODS_COLUMNS = 27
ODS_ROLE_TYPES = {
    "RO319": OrganisationType.SUB_ICB,
    "RO327": OrganisationType.SUB_ICB,
    "RO218": OrganisationType.COMMISSIONING_HUB,
    "RO261": OrganisationType.CCG,
    "RO98": OrganisationType.CCG,
    "RO197": OrganisationType.TRUST,
}
ACRONYMS = {"NHS", "ICB", "CCG", "CSU", "UK", "ALB", "GP", "II", "III", "H&J"}
CODE_PATTERN = re.compile(r"^[A-Z0-9]{2,10}$")


@dataclass
class ImportedRow:
    line: int
    code: str
    name: str
    org_type: str = ""
    region: str = ""
    care_system_code: str = ""
    address: str = ""
    postcode: str = ""
    opened_on: date | None = None
    closed_on: date | None = None


@dataclass
class ImportResult:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    care_systems: int = 0
    problems: list[dict] = field(default_factory=list)


SMALL_WORDS = {"and", "of", "the", "for", "upon", "on", "in", "at", "by", "super", "under", "le"}


def ods_title(name: str) -> str:
    """ODS names are in capitals; show them as people write them, keeping acronyms.

    "NHS STAFFORDSHIRE AND STOKE-ON-TRENT ICB - 05G" -> "NHS Staffordshire and Stoke-on-Trent ICB - 05G"
    """
    if not name.isupper():
        return name
    words = [_title_word(word, first=index == 0) for index, word in enumerate(name.split(" "))]
    return " ".join(words)


def _title_word(word: str, *, first: bool) -> str:
    parts = word.split("-")
    return "-".join(_title_part(part, first=first and i == 0) for i, part in enumerate(parts))


def _title_part(part: str, *, first: bool) -> str:
    core = part.strip("(),.'")
    if core.upper() in ACRONYMS or (len(core) <= 5 and any(ch.isdigit() for ch in core)):
        return part.upper()
    if core.lower() in SMALL_WORDS and not first:
        return part.lower()
    titled = part.capitalize()
    return titled.replace("'S", "'s")


def import_organisations(
    path: Path,
    *,
    actor: Actor,
    org_type: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    require(actor, "orgs.import_reference_data")
    rows = _read_rows(path)
    first_line = ",".join(rows[0])
    if "ICB24CDH" in first_line or "ICB23CDH" in first_line:
        return _import_icbs(rows, actor=actor, progress=progress)
    return _import_ods(rows, actor=actor, org_type=org_type, progress=progress)


# The file is read by `core/tabular.py` as a stream, these limits checked while it is read (the
# largest ODS list, every GP practice and branch, is about 15,000 rows and 4 MB).
ODS_LIMITS = TableLimits(
    max_bytes=50 * 1024 * 1024,
    max_unpacked_bytes=1,  # CSV only
    max_rows=500_000,
    max_columns=40,
    max_cell=1_000,
    max_seconds=120.0,
    heading_rows=0,
    csv_suffixes=("",),  # whatever the operator named it, it is read as CSV
    xlsx_suffixes=(),
    csv_encodings=("utf-8-sig", "cp1252"),
    what="an organisation list",
)


def _read_rows(path: Path) -> list[tuple[str, ...]]:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ImportFailed(f"Cannot read {path}: {exc.strerror}", problems=[]) from None
    try:
        rows = list(read_table(Path(path).name, raw, ODS_LIMITS, code=ErrorCode.IMPORT_FAILED))
    except ValidationFailed as exc:
        raise ImportFailed(f"Cannot read {path}: {exc.message}", problems=[]) from None
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    if not rows:
        raise ImportFailed(f"{path} is empty", problems=[])
    return rows


# --- The 27-column ODS layout -------------------------------------------------------------


def _import_ods(records, *, actor, org_type, progress) -> ImportResult:
    rows, problems = parse_ods_rows(records, org_type=org_type)
    _refuse_if_problems(problems, len(rows))
    result = ImportResult(kind="ods", rows=len(rows))
    with transaction.atomic(durable=True):
        systems = {cs.code: cs for cs in CareSystem.objects.all()}
        existing = {o.code: o for o in Organisation.objects.filter(code__in=[r.code for r in rows])}
        for index, row in enumerate(rows, start=1):
            _write_ods_row(row, actor=actor, systems=systems, existing=existing, result=result)
            if progress:
                progress(index, len(rows))
        result.care_systems = _fill_care_system_regions(rows, actor=actor)
    return result


def parse_ods_rows(
    records: Iterable[list[str]], *, org_type: str = ""
) -> tuple[list[ImportedRow], list[dict]]:
    rows: list[ImportedRow] = []
    problems: list[dict] = []
    seen: dict[str, int] = {}
    for line, record in enumerate(records, start=1):
        if not any(cell.strip() for cell in record):
            continue
        row_problems: list[str] = []
        row = _parse_ods_record(line, record, org_type, row_problems)
        if row and row.code in seen:
            row_problems.append(f"column 1 (code): {row.code} also appears on row {seen[row.code]}")
        if row_problems:
            problems.append(
                {"row": line, "code": record[0].strip() if record else "", "problems": row_problems}
            )
        elif row:
            seen[row.code] = line
            rows.append(row)
    return rows, problems


def _parse_ods_record(line: int, record: list[str], org_type: str, problems: list[str]) -> ImportedRow | None:
    if len(record) < 12:
        problems.append(f"has {len(record)} columns; an ODS file has {ODS_COLUMNS}")
        return None
    cells = [cell.strip() for cell in record]
    code, name, region_code, icb_code = cells[0].upper(), cells[1], cells[2], cells[3]
    if not CODE_PATTERN.match(code):
        problems.append(f"column 1 (code): '{cells[0]}' is not an ODS code (2 to 10 letters or digits)")
    if not name:
        problems.append("column 2 (name): the name is missing")
    if region_code and region_code not in ODS_REGION_CODES:
        problems.append(f"column 3 (region): '{region_code}' is not an NHS England region code (Y56–Y63)")
    opened_on = _ods_date(cells[10], 11, "open date", problems)
    closed_on = _ods_date(cells[11], 12, "close date", problems)
    if opened_on and closed_on and closed_on < opened_on:
        problems.append("column 12 (close date): the organisation closes before it opens")
    kind = org_type or _infer_type(name, cells[13] if len(cells) > 13 else "")
    if not kind:
        problems.append("cannot tell what kind of organisation this is; run the import with --org-type")
    elif kind not in OrganisationType.values:
        problems.append(f"'{kind}' is not an organisation type")
    address = ", ".join(ods_title(part) for part in cells[4:9] if part)
    return ImportedRow(
        line=line,
        code=code,
        name=ods_title(name),
        org_type=kind,
        region=str(ODS_REGION_CODES.get(region_code, "")),
        care_system_code=icb_code.upper(),
        address=address,
        postcode=cells[9].upper(),
        opened_on=opened_on,
        closed_on=closed_on,
    )


def _ods_date(text: str, column: int, label: str, problems: list[str]) -> date | None:
    if not text:
        return None
    try:
        return datetime.strptime(text, "%Y%m%d").date()
    except ValueError:
        problems.append(f"column {column} ({label}): '{text}' is not a date in the form YYYYMMDD")
        return None


def _infer_type(name: str, role_codes: str) -> str:
    for code in role_codes.split("|"):
        if code in ODS_ROLE_TYPES:
            return ODS_ROLE_TYPES[code]
    upper = name.upper()
    if upper.endswith(" CCG"):
        return OrganisationType.CCG
    if "TRUST" in upper:
        return OrganisationType.TRUST
    if "COMMISSIONING HUB" in upper:
        return OrganisationType.COMMISSIONING_HUB
    return ""


def _write_ods_row(row: ImportedRow, *, actor, systems, existing, result: ImportResult) -> None:
    values = {
        "name": row.name,
        "org_type": row.org_type,
        "region": row.region,
        "care_system": systems.get(row.care_system_code),
        "address": row.address,
        "postcode": row.postcode,
        "opened_on": row.opened_on,
        "closed_on": row.closed_on,
    }
    try:
        org = existing.get(row.code)
        if org is None:
            _organisation_create(actor=actor, code=row.code, sector=Sector.BUYER, **values)
            result.created += 1
            return
        before = org.updated_at
        org = _organisation_update(actor=actor, organisation=org, **values)
        if org.updated_at == before:
            result.unchanged += 1
        else:
            result.updated += 1
    except ApplicationError as exc:
        raise ImportFailed(
            f"Row {row.line} ({row.code}) was refused, so nothing was imported: {exc.message}",
            problems=[{"row": row.line, "code": row.code, "problems": [exc.message]}],
        ) from exc


def _fill_care_system_regions(rows: list[ImportedRow], *, actor: Actor) -> int:
    """ICB files carry no region; take it from the organisations that sit in each ICB."""
    regions: dict[str, str] = {}
    for row in rows:
        if row.care_system_code and row.region:
            regions.setdefault(row.care_system_code, row.region)
    filled = 0
    for system in CareSystem.objects.filter(code__in=regions, region=""):
        _care_system_upsert(
            actor=actor,
            code=system.code,
            name=system.name,
            region=regions[system.code],
            ons_code=system.ons_code,
        )
        for board in Organisation.objects.filter(code=system.code, region=""):
            _organisation_update(actor=actor, organisation=board, region=regions[system.code])
        filled += 1
    return filled


# --- The ONS ICB names and codes layout --------------------------------------------------


def _import_icbs(rows, *, actor, progress) -> ImportResult:
    fieldnames = [c.strip() for c in rows[0]]
    code_col = next(c for c in fieldnames if c.endswith("CDH"))
    ons_col = code_col[:-1]
    name_col = code_col[:-3] + "NM"
    entries, problems = [], []
    records = (dict(zip(fieldnames, row, strict=False)) for row in rows[1:] if row)
    for line, record in enumerate(records, start=2):
        code = (record.get(code_col) or "").strip().upper()
        name = (record.get(name_col) or "").strip()
        row_problems = []
        if not CODE_PATTERN.match(code):
            row_problems.append(f"column {code_col}: '{code}' is not an ODS code")
        if not name:
            row_problems.append(f"column {name_col}: the name is missing")
        if row_problems:
            problems.append({"row": line, "code": code, "problems": row_problems})
        else:
            entries.append((line, code, name, (record.get(ons_col) or "").strip()))
    _refuse_if_problems(problems, len(entries))
    result = ImportResult(kind="icb", rows=len(entries))
    with transaction.atomic(durable=True):
        for index, (line, code, name, ons_code) in enumerate(entries, start=1):
            _write_icb(line, code, name, ons_code, actor=actor, result=result)
            if progress:
                progress(index, len(entries))
    return result


def _write_icb(line, code, name, ons_code, *, actor, result: ImportResult) -> None:
    existing = CareSystem.objects.filter(code=code).first()
    region = existing.region if existing else ""
    system = _care_system_upsert(actor=actor, code=code, name=name, region=region, ons_code=ons_code)
    result.care_systems += 1
    org = Organisation.objects.filter(code=code).first()
    values = {"name": name, "org_type": OrganisationType.ICB, "care_system": system, "region": system.region}
    try:
        if org is None:
            _organisation_create(actor=actor, code=code, sector=Sector.BUYER, **values)
            result.created += 1
        else:
            _organisation_update(actor=actor, organisation=org, **values)
            result.updated += 1
    except ApplicationError as exc:
        raise ImportFailed(
            f"Row {line} ({code}) was refused, so nothing was imported: {exc.message}",
            problems=[{"row": line, "code": code, "problems": [exc.message]}],
        ) from exc


def _refuse_if_problems(problems: list[dict], good_rows: int) -> None:
    if problems:
        raise ImportFailed(
            f"{len(problems)} row{'s' if len(problems) != 1 else ''} could not be read, "
            f"so nothing was imported ({good_rows} rows were fine)",
            problems=problems,
        )
