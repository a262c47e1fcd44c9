"""The public transparency page: the figures the office chose to publish, for the last quarter.

No cookie, no tracking, no names: aggregates only, each with its definition and comparisons.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from beacon.insights import periods
from beacon.insights.public import public_figures
from beacon.portal.seo import locale_meta


@require_GET
def transparency(request: HttpRequest) -> HttpResponse:
    chosen = None
    if "period" in request.GET:
        try:
            chosen = periods.parse(request.GET["period"])
        except ValueError:
            chosen = None
    period, figures = public_figures(chosen)
    title = _("Transparency: our external-information work in figures")
    return render(
        request,
        "insights/transparency.html",
        {"meta": locale_meta(request, title), "period": period, "figures": figures},
    )
