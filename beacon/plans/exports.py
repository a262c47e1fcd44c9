"""The plan's progress as a report to send upward: DOCX (python-docx) and PDF (WeasyPrint).

Both are built from the same ``PlanSummary`` and the same SVG charts as the dashboard, so the
coordinator's document says what the screen says.
"""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from beacon.plans import charts
from beacon.plans.reporting import PlanSummary


def _charts(summary: PlanSummary) -> list[str]:
    return [
        charts.bar_chart(
            [(s.label, s.progress) for s in summary.by_programme], title=_("Progress by programme")
        ),
        charts.bar_chart(
            [(s.label, s.progress) for s in summary.by_agency[:15]],
            title=_("Progress by lead agency"),
        ),
    ]


def _context(summary: PlanSummary) -> dict[str, object]:
    return {
        "summary": summary,
        "plan": summary.plan,
        "charts": _charts(summary),
        "generated": timezone.localtime(),
    }


def plan_pdf(summary: PlanSummary) -> bytes:
    from weasyprint import HTML

    html = render_to_string("plans/export/report.html", _context(summary))
    return HTML(string=html).write_pdf()


def plan_docx(summary: PlanSummary) -> bytes:
    from docx import Document
    from docx.shared import Cm, Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "DejaVu Sans"  # type: ignore[attr-defined]
    style.font.size = Pt(10)  # type: ignore[attr-defined]
    for section in document.sections:
        section.left_margin = section.right_margin = Cm(2)
    plan = summary.plan
    document.add_heading(str(plan), level=0)
    document.add_paragraph(
        _("Progress as of %(date)s: %(progress)s%% of the targets reached overall.")
        % {"date": date_format(timezone.localdate()), "progress": summary.overall}
    )
    if plan.legal_basis:
        document.add_heading(_("Legal basis"), level=2)
        for line in plan.legal_basis.splitlines():
            if line.strip():
                document.add_paragraph(line.strip(), style="List Bullet")
    document.add_heading(_("Activities by status"), level=1)
    table = document.add_table(rows=1, cols=2)
    table.style = "Light Grid Accent 1"
    table.rows[0].cells[0].text = _("Status")
    table.rows[0].cells[1].text = _("Activities")
    for _value, label, count in summary.status_counts():
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, str(count)
    for svg in _charts(summary):
        document.add_picture(io.BytesIO(charts.to_png(svg)), width=Cm(16))
    programme = None
    table = None
    counted_note = _("counted from training records")
    for row in summary.rows:
        activity = row.activity
        if activity.programme.title != programme:
            programme = activity.programme.title
            document.add_heading(programme, level=1)
            table = document.add_table(rows=1, cols=5)
            table.style = "Light Grid Accent 1"
            header = table.rows[0].cells
            for cell, text in zip(
                header,
                [_("Activity"), _("Lead agency"), _("Deadline"), _("Status"), _("Progress")],
                strict=True,
            ):
                cell.text = text
        assert table is not None  # noqa: S101  (set with the first programme above)
        cells = table.add_row().cells
        targets = "; ".join(
            f"{total.normalize():f}/{t}" + (f" ({counted_note})" if is_counted else "")
            for t, total, is_counted in row.target_lines()
        )
        cells[0].text = f"{activity}\n{targets}".strip()
        cells[1].text = activity.lead_agency.display_name()
        cells[2].text = date_format(activity.deadline, "SHORT_DATE_FORMAT")
        cells[3].text = row.status_label
        cells[4].text = f"{row.progress}%"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
