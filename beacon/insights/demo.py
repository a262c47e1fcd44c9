"""The demo's public figures: a few whole-city aggregates on the transparency page.

The report itself needs no demo data of its own: it reads the year the other areas' demos
spread behind them (deliveries and coverage are dated back over the past year).
"""

from __future__ import annotations

from beacon.insights import actions
from beacon.insights.models import PublicFigure

PUBLIC = (
    "plan_done",
    "delivery_quickly",
    "delivery_fully",
    "languages_published",
    "coverage_articles",
    "coverage_countries",
    "claims_answered",
    "people_trained",
)


def load_insights_demo() -> None:
    """Switch the demo's public figures on once; what the coordinator changed later is kept."""
    if PublicFigure.objects.exists():
        return
    for key in PUBLIC:
        actions.do_set_figure_public(key, True, acting_user=None)
