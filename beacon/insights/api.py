"""The insights open-data API (django-ninja, OpenAPI at /api/insights/openapi.json): read-only.

``/figures`` and ``/figures/{key}`` answer a signed-in person within their insights scope, the
same checks as the admin page; ``/public`` answers anyone with the public figures only.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from beacon.core.city import city_today
from beacon.insights import access, periods, report
from beacon.insights.public import public_figures

api = NinjaAPI(
    title="Beacon insights",
    version="1",
    urls_namespace="insights_api",
    docs_url=None,  # the interactive page loads scripts from a CDN; the schema is enough
)


class BreakdownOut(Schema):
    label: str
    value: float


class FigureOut(Schema):
    key: str
    section: str
    label: str
    definition: str
    unit: str
    value: float | None
    previous: float | None
    last_year: float | None
    breakdown: list[BreakdownOut]


class RowOut(Schema):
    label: str
    detail: str
    url: str


class FigureRowsOut(FigureOut):
    rows: list[RowOut]


class ReportOut(Schema):
    period: str
    start: str
    end: str
    scope: str
    figures: list[FigureOut]


def _period(key: str | None) -> periods.Period:
    if not key:
        return periods.last_complete("quarter", city_today())
    try:
        return periods.parse(key)
    except ValueError:
        raise HttpError(400, "period must look like 2026-03, 2026-Q1 or 2026") from None


def _build(request: HttpRequest, period: str | None, agency: int | None) -> report.Report:
    try:
        scope = access.get_scope_for_user(request.user, agency)
    except PermissionDenied:
        raise HttpError(403, "not within your insights scope") from None
    return report.build(_period(period), scope)


def _out(built: report.Report, figures: list[report.Figure]) -> dict[str, Any]:
    return {
        "period": built.period.key,
        "start": built.period.start.isoformat(),
        "end": built.period.end.isoformat(),
        "scope": built.scope_label,
        "figures": [f.as_dict() for f in figures],
    }


@api.get("/figures", response=ReportOut, auth=django_auth)
def figures(request: HttpRequest, period: str | None = None, agency: int | None = None) -> Any:
    built = _build(request, period, agency)
    return _out(built, built.figures)


@api.get("/figures/{key}", response=FigureRowsOut, auth=django_auth)
def figure(
    request: HttpRequest, key: str, period: str | None = None, agency: int | None = None
) -> Any:
    found = _build(request, period, agency).figure(key)
    if found is None:
        raise HttpError(404, "no such figure in this scope")
    return {**found.as_dict(), "rows": [vars(row) for row in found.rows]}


@api.get("/public", response=ReportOut)
def public(request: HttpRequest, period: str | None = None) -> Any:
    chosen, found = public_figures(_period(period) if period else None)
    return {
        "period": chosen.key,
        "start": chosen.start.isoformat(),
        "end": chosen.end.isoformat(),
        "scope": str(report.Report(chosen, None, []).scope_label),
        "figures": [f.as_dict() for f in found],
    }
