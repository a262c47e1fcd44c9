"""Reading and writing spreadsheets (CSV and XLSX) as plain rows.

Imports in Beacon (agencies, plans) read a table here, then validate every row before saving
anything. The format is told by content, not by file name; size and row count are bounded.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000


@dataclass(frozen=True)
class RowError:
    """One problem in an imported table, named by its row (as the spreadsheet numbers it) and
    column, so that the person can find it in the file."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class TableError(ValueError):
    """The file cannot be read as a table at all (as opposed to errors in its rows)."""


@dataclass
class Table:
    header: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)
    """Each row maps a header name to its text; row i of this list is line i + 2 of the file."""


def _clean(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _table(raw_rows: list[list[Any]]) -> Table:
    if not any(_clean(cell) for row in raw_rows for cell in row):
        raise TableError("The file is empty.")
    header = [_clean(cell).lower() for cell in raw_rows[0]]
    while header and not header[-1]:
        header.pop()
    if not any(header):
        raise TableError("The first row must name the columns.")
    duplicates = sorted({name for name in header if name and header.count(name) > 1})
    if duplicates:
        raise TableError(f"Column named twice: {', '.join(duplicates)}.")
    table = Table(header=header)
    for raw in raw_rows[1:]:
        cells = [_clean(cell) for cell in raw]
        if not any(cells):
            table.rows.append({})
            continue
        table.rows.append(
            {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header)}
        )
    if len(table.rows) > MAX_ROWS:
        raise TableError(f"The file has more than {MAX_ROWS} rows.")
    return table


def _read_xlsx(data: bytes) -> Table:
    # A corrupt workbook makes openpyxl raise whatever its zip, XML and cell readers raise
    # (BadZipFile, KeyError, XML ParseError, ValueError…), on opening or, read-only, while rows
    # are read: all of them mean the same to the person uploading it.
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # any of them: see above
        raise TableError(f"This is not a readable XLSX workbook ({exc}).") from None
    try:
        sheet = workbook.worksheets[0]
        rows = [
            list(row)
            for _i, row in zip(range(MAX_ROWS + 2), sheet.iter_rows(values_only=True), strict=False)
        ]
    except Exception as exc:  # any of them: see above
        raise TableError(f"This is not a readable XLSX workbook ({exc}).") from None
    finally:
        workbook.close()
    return _table(rows)


def _read_csv(data: bytes) -> Table:
    # Told apart before decoding: either would otherwise be reported as "not UTF-8" at byte 0.
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TableError("The CSV file is UTF-16; save it as 'CSV UTF-8' and try again.")
    if b"\x00" in data[:8192]:
        raise TableError("The file contains binary data; upload a CSV or XLSX file.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableError(
            f"The CSV file is not UTF-8 (byte {exc.start}); save it as 'CSV UTF-8' and try again."
        ) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    try:
        rows = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:
        raise TableError(f"The CSV file is malformed: {exc}.") from None
    return _table(rows)


def read_table(data: bytes) -> Table:
    """Read CSV (UTF-8, comma, semicolon or tab) or XLSX bytes, telling which by content."""
    if len(data) > MAX_BYTES:
        raise TableError(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if data.startswith((b"\xd0\xcf\x11\xe0", b"%PDF")):
        raise TableError("This looks like an old .xls or a PDF; upload a CSV or XLSX file.")
    return _read_csv(data)


def write_csv(header: list[str], rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    # The BOM lets spreadsheet programs open Vietnamese text as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(header: list[str], rows: list[list[Any]], *, title: str = "Sheet") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    # openpyxl stores any text starting with "=" as a formula: a name like "=HYPERLINK(…)" would
    # run in the spreadsheet of whoever opens the export, and read back empty on import.
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if cell.data_type == "f":
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
