"""Hostile spreadsheets, built in code: what a tester sent to every import.

The zip bomb is written part by part with `zipfile`, its sheet streamed in one repeated chunk,
so building a 1.5-million-row, 100 MB sheet takes about a second and little memory.
"""

import io
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"
SHEET_OPEN = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_CLOSE = "</sheetData></worksheet>"


def workbook(rows: Sequence[Sequence] = (("a", "b"), ("1", "2")), title: str = "Sheet") -> bytes:
    """An ordinary workbook, as openpyxl writes it (strings inline, a <dimension>)."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _inline(value) -> str:
    if isinstance(value, int | float):
        return f"<c><v>{value}</v></c>"
    return f'<c t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def _row(values: Sequence) -> str:
    return "<row>" + "".join(_inline(v) for v in values) + "</row>"


def with_sheet_xml(
    base: bytes, chunks, *, sheet: str = SHEET, extra: dict[str, bytes] | None = None
) -> bytes:
    """`base` with its first sheet's XML replaced by the streamed `chunks` (str)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename == sheet or (extra and info.filename in extra):
                continue
            target.writestr(info, source.read(info.filename))
        for name, data in (extra or {}).items():
            target.writestr(name, data)
        with target.open(sheet, "w", force_zip64=True) as handle:
            for chunk in chunks:
                handle.write(chunk.encode())
    return out.getvalue()


def zip_bomb_xlsx(heading: Sequence[str], row: Sequence = (1, 2, 3, 4, 5), rows: int = 1_500_000) -> bytes:
    """A small upload whose sheet unzips to ~100 MB of XML: `rows` copies of `row` after
    `heading`, and no <dimension> element, so openpyxl must read the whole sheet to size it."""
    block = 1000
    chunk = _row(row) * block

    def chunks():
        yield SHEET_OPEN + _row(heading)
        for _ in range(rows // block):
            yield chunk
        yield _row(row) * (rows % block)
        yield SHEET_CLOSE

    return with_sheet_xml(workbook(), chunks())


def truncated_xlsx(heading: Sequence[str]) -> bytes:
    whole = workbook([heading, ["x"] * len(heading)])
    return whole[: len(whole) // 2]


def shared_string_out_of_range(heading: Sequence[str]) -> bytes:
    """A workbook whose second row points at shared string 999 of 1."""
    strings = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
        b"<si><t>only</t></si></sst>"
    )
    base = workbook()
    types = _content_types(base).replace(
        "</Types>",
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    rels = _read(base, "xl/_rels/workbook.xml.rels").replace(
        "</Relationships>",
        '<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    )
    sheet = [SHEET_OPEN, _row(heading), '<row><c t="s"><v>999</v></c></row>', SHEET_CLOSE]
    return with_sheet_xml(
        base,
        sheet,
        extra={
            "xl/sharedStrings.xml": strings,
            "[Content_Types].xml": types.encode(),
            "xl/_rels/workbook.xml.rels": rels.encode(),
        },
    )


def _read(base: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        return archive.read(name).decode()


def _content_types(base: bytes) -> str:
    return _read(base, "[Content_Types].xml")


def csv_named_xlsx(heading: Sequence[str]) -> bytes:
    return (",".join(heading) + "\r\n" + ",".join("x" for _ in heading) + "\r\n").encode()


def long_field_csv(heading: Sequence[str], size: int = 200 * 1024) -> bytes:
    """A CSV whose second row's first cell is `size` characters long (one quoted field)."""
    row = ['"' + "x" * size + '"'] + ["1"] * (len(heading) - 1)
    return (",".join(heading) + "\r\n" + ",".join(row) + "\r\n").encode()
