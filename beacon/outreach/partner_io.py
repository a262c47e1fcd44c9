"""Partners to and from CSV or XLSX: the same columns both ways, so an export imports again.

Only organisations travel: contacts are personal data and are neither exported nor imported
in bulk (each is entered with the consent it was given).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from beacon.outreach.models import Partner

COLUMNS = ["name", "kind", "country", "languages", "agency", "website"]
MAX_ROWS = 5000


def _row(partner: Partner) -> list[str]:
    return [partner.name, partner.kind, partner.country, ",".join(partner.languages),
            partner.agency.code, partner.website]  # fmt: skip


def export_csv(partners: Iterable[Partner]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for partner in partners:
        writer.writerow(_row(partner))
    return ("\ufeff" + out.getvalue()).encode()  # the BOM makes spreadsheet programs read UTF-8


def export_xlsx(partners: Iterable[Partner]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    for partner in partners:
        sheet.append(_row(partner))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_table(name: str, data: bytes) -> list[dict[str, str]]:
    """Rows as dicts keyed by the header's column names (lower-cased); refuse other files."""
    if name.lower().endswith(".xlsx"):
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a file that is not XLSX
            raise ValidationError(_("This file is not a readable XLSX workbook.")) from error
        rows = [["" if cell is None else str(cell) for cell in row]
                for row in book.active.iter_rows(values_only=True)]  # fmt: skip
    elif name.lower().endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError(_("A CSV file must be in UTF-8.")) from error
        rows = list(csv.reader(io.StringIO(text)))
    else:
        raise ValidationError(_("Upload a .csv or .xlsx file."))
    if not rows:
        raise ValidationError(_("The file is empty."))
    if len(rows) > MAX_ROWS + 1:
        raise ValidationError(_("At most %(n)d rows at a time.") % {"n": MAX_ROWS})
    header = [cell.strip().lower() for cell in rows[0]]
    if "name" not in header or "country" not in header:
        raise ValidationError(_("The first row must name the columns, with name and country."))
    return [dict(zip(header, row, strict=False)) for row in rows[1:] if any(row)]
