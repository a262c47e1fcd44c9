"""The periodic report as files: PDF (WeasyPrint) and DOCX (python-docx) in the administrative
style the office sends upward, XLSX with one sheet per section, and CSV of one figure's rows.

Every format is built from the same ``Report`` and the same SVG charts as the page.
"""

from __future__ import annotations

import io
import re
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from beacon.core.city import get_city_profile
from beacon.insights import charts
from beacon.insights.report import Figure, Report
from beacon.lib.tables import write_csv

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def compare_labels() -> tuple[str, str, str]:
    return (_("This period"), _("Previous"), _("A year ago"))


def _context(report: Report) -> dict[str, Any]:
    return {
        "report": report,
        "city": get_city_profile(),
        "generated": timezone.localtime(),
        "charts": {f.key: charts.breakdown_chart(f) for f in report.figures if f.charted},
    }


def report_pdf(report: Report) -> bytes:
    from weasyprint import HTML

    html = render_to_string("insights/export/report.html", _context(report))
    return HTML(string=html).write_pdf()


def _figure_line(figure: Figure) -> list[str]:
    return [
        figure.label,
        figure.shown(),
        figure.shown_previous,
        figure.shown_last_year,
        figure.definition,
    ]


def report_docx(report: Report) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "DejaVu Sans"  # type: ignore[attr-defined]
    style.font.size = Pt(10)  # type: ignore[attr-defined]
    for page_section in document.sections:
        page_section.left_margin = page_section.right_margin = Cm(2)
    city = get_city_profile()
    header = document.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.text = f"{city.name if city else ''}\n{_('External information')}"
    right.text = _("Generated on %(date)s") % {"date": date_format(timezone.localdate())}
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    title = document.add_heading(_("Report on external-information work"), level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle = document.add_paragraph(f"{report.period.label} · {report.scope_label}")
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    labels = [
        _("Figure"),
        _("Value"),
        _("Previous period"),
        _("A year ago"),
        _("How it is counted"),
    ]
    for section in report.sections:
        document.add_heading(f"{section.number}. {section.title}", level=1)
        table = document.add_table(rows=1, cols=len(labels))
        table.style = "Light Grid Accent 1"
        for cell, text in zip(table.rows[0].cells, labels, strict=True):
            cell.text = text
        for figure in section.figures:
            for cell, text in zip(table.add_row().cells, _figure_line(figure), strict=True):
                cell.text = text
        for figure in section.figures:
            if figure.charted:
                document.add_paragraph(figure.chart_title, style="Caption")
                png = charts.to_png(charts.breakdown_chart(figure))
                document.add_picture(io.BytesIO(png), width=Cm(15))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def report_xlsx(report: Report) -> bytes:
    """One sheet per section: the figures, then each figure's breakdown below them."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    header = [
        _("Figure"),
        _("Value"),
        _("Previous period"),
        _("A year ago"),
        _("How it is counted"),
    ]
    for section in report.sections:
        title = f"{section.number}. {section.title}".split(":")[0]
        sheet = workbook.create_sheet(re.sub(r"[\\/?*\[\]:]", "-", title)[:31])
        sheet.append([f"{report.period.label} · {report.scope_label}"])
        sheet.append(header)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for figure in section.figures:
            sheet.append(
                [figure.label, figure.value, figure.previous, figure.last_year, figure.definition]
            )
        for figure in section.figures:
            if figure.breakdown:
                sheet.append([])
                sheet.append([figure.label])
                for label, value in figure.breakdown:
                    sheet.append([label, value])
        sheet.column_dimensions["A"].width = 42
        sheet.column_dimensions["E"].width = 70
    for sheet in workbook.worksheets:
        for cells in sheet.iter_rows():
            for cell in cells:
                if cell.data_type == "f":  # a label starting with "=" stays text
                    cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def figure_csv(figure: Figure) -> bytes:
    """The rows a figure counts, one per line, with the figure and its comparison on top."""
    rows: list[list[Any]] = [
        [figure.label, figure.shown(), figure.shown_previous, figure.shown_last_year],
        [],
        [_("Counted"), _("Detail"), _("Address")],
    ]
    rows += [[row.label, row.detail, row.url] for row in figure.rows]
    return write_csv([_("Figure"), _("Value"), _("Previous period"), _("A year ago")], rows)
