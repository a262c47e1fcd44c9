"""The figures the coordinator made public: whole-city aggregates, never rows nor names."""

from __future__ import annotations

from beacon.core.city import city_today
from beacon.insights import periods, report
from beacon.insights.models import PublicFigure


def public_figures(
    period: periods.Period | None = None,
) -> tuple[periods.Period, list[report.Figure]]:
    """The public figures of a period (the last complete quarter by default), whole city."""
    period = period or periods.last_complete("quarter", city_today())
    keys = set(PublicFigure.objects.filter(is_public=True).values_list("key", flat=True))
    if not keys:
        return period, []
    built = report.build(period)
    return period, [figure for figure in built.figures if figure.key in keys]
