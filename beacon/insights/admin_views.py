"""The insights screens in the admin, under /admin/insights/: the report of a period and scope,
the rows behind each figure, the downloads, the stored reports and the public switches."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beacon.core.city import city_today
from beacon.core.models import Agency
from beacon.insights import access, actions, charts, exports, periods, report
from beacon.insights.models import PublicFigure, StoredReport

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": exports.DOCX_TYPE,
    "xlsx": exports.XLSX_TYPE,
    "csv": "text/csv; charset=utf-8",
}
ROWS_SHOWN = 500


def chosen(request: HttpRequest) -> tuple[periods.Period, Agency | None]:
    """The period (``?period=2026-Q1``, else the current one of ``?kind=``, to date) and the scope
    (``?agency=``, checked against the person's reach)."""
    kind = request.GET.get("kind", "quarter")
    if kind not in periods.KINDS:
        kind = "quarter"
    try:
        period = periods.parse(request.GET["period"])
    except (KeyError, ValueError):
        period = periods.containing(city_today(), kind)
    raw = request.GET.get("agency", "")
    agency_pk = int(raw) if raw.isdigit() else None
    return period, access.get_scope_for_user(request.user, agency_pk)


def _query(period: periods.Period, agency: Agency | None) -> str:
    return f"period={period.key}" + (f"&agency={agency.pk}" if agency else "")


def _choices(today: Any) -> list[periods.Period]:
    """The periods offered: the last twelve months, eight quarters and three years."""
    found: list[periods.Period] = []
    for kind, count in (("quarter", 8), ("month", 12), ("year", 3)):
        period = periods.containing(today, kind)
        for _step in range(count):
            found.append(period)
            period = period.previous()
    return found


def insights_page(request: HttpRequest) -> HttpResponse:
    period, agency = chosen(request)
    built = report.build(period, agency)
    labels = exports.compare_labels()
    public = set(PublicFigure.objects.filter(is_public=True).values_list("key", flat=True))
    return TemplateResponse(
        request,
        "insights/page.html",
        {
            "page_title": _("Insights"),
            "header_icon": "doc-full",
            "report": built,
            "period": period,
            "agency": agency,
            "query": _query(period, agency),
            "scopes": access.scopes_for_user(request.user),
            "periods": _choices(city_today()),
            "charts": {f.key: charts.breakdown_chart(f) for f in built.figures if f.charted},
            "compare": {f.key: charts.comparison_chart(f, labels) for f in built.figures},
            "public": public,
            "can_manage": access.can_manage(request.user),
            "stored": StoredReport.objects.filter(agency=agency)[:10],
        },
    )


def figure_rows(request: HttpRequest, key: str) -> HttpResponse:
    period, agency = chosen(request)
    figure = report.build(period, agency).figure(key)
    if figure is None:
        raise Http404
    return TemplateResponse(
        request,
        "insights/figure.html",
        {
            "page_title": figure.label,
            "header_icon": "list-ul",
            "figure": figure,
            "rows": figure.rows[:ROWS_SHOWN],
            "more": max(0, len(figure.rows) - ROWS_SHOWN),
            "period": period,
            "agency": agency,
            "query": _query(period, agency),
            "scope_label": report.Report(period, agency, []).scope_label,
        },
    )


def _attachment(body: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("pdf", "docx", "xlsx"):
        raise Http404
    period, agency = chosen(request)
    built = report.build(period, agency)
    body = {"pdf": exports.report_pdf, "docx": exports.report_docx, "xlsx": exports.report_xlsx}[
        fmt
    ](built)
    scope = agency.code if agency else "city"
    return _attachment(body, fmt, f"insights-{period.key}-{scope}")


def figure_csv(request: HttpRequest, key: str) -> HttpResponse:
    period, agency = chosen(request)
    figure = report.build(period, agency).figure(key)
    if figure is None:
        raise Http404
    return _attachment(exports.figure_csv(figure), "csv", f"{key}-{period.key}")


@require_POST
def store(request: HttpRequest) -> HttpResponse:
    if not access.can_manage(request.user):
        raise PermissionDenied
    period, agency = chosen(request)
    actions.do_store_report(period, agency, acting_user=request.user)
    messages.success(
        request, _("The report for %(period)s was generated and kept.") % {"period": period.label}
    )
    return redirect(f"{reverse('insights:page')}?{_query(period, agency)}")


def stored_file(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    if fmt not in ("pdf", "docx", "xlsx"):
        raise Http404
    stored = get_object_or_404(StoredReport, pk=pk)
    access.get_scope_for_user(request.user, stored.agency_id)
    field = getattr(stored, fmt)
    return FileResponse(
        field.open("rb"),
        as_attachment=True,
        filename=field.name.rsplit("/", 1)[-1],
        content_type=CONTENT_TYPES[fmt],
    )


@require_POST
def set_public(request: HttpRequest, key: str) -> HttpResponse:
    if not access.can_manage(request.user):
        raise PermissionDenied
    if key not in report.figure_keys():
        raise Http404
    actions.do_set_figure_public(key, request.POST.get("public") == "1", acting_user=request.user)
    return redirect(f"{reverse('insights:page')}?{request.GET.urlencode()}#{key}")
