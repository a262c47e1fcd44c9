"""The demo city, loaded whole: the city, its agencies and people (core), then each app's data.

This sits above every app (it names them all), so that core knows nobody above it. Every
loader goes through the same actions the admin uses; running it twice changes nothing, and what
a demo user already changed (an agency's details, a password) is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from beacon.core.demo import hanoi
from beacon.core.demo_loader import DemoAccount, load_agencies, load_city, load_users
from beacon.core.models import Agency
from beacon.dissemination.demo import load_dissemination_demo
from beacon.factbase.demo_loader import load_factbase_demo
from beacon.insights.demo import load_insights_demo
from beacon.kiosks.demo import load_kiosks_demo
from beacon.monitoring.demo_loader import load_monitoring_demo, spread_over_the_year
from beacon.newsletters.demo import load_newsletters_demo
from beacon.outreach.demo import load_outreach_demo
from beacon.plans.demo import load_plans_demo
from beacon.portal.demo_loader import load_publishing_demo
from beacon.social.demo import load_social_demo
from beacon.training.demo import load_training_demo

# The demo data of each app, in the order it is loaded (after the city, agencies and people):
# the fact base cites monitored articles, deliveries and posts are made of published pages.
APP_LOADERS: list[tuple[str, Callable[[], Any]]] = [
    ("Portal and translations", load_publishing_demo),
    ("Plans", load_plans_demo),
    ("Training", load_training_demo),
    ("Monitoring", load_monitoring_demo),
    ("Fact base", load_factbase_demo),
    ("Newsletters", load_newsletters_demo),
    ("Kiosks", load_kiosks_demo),
    ("Deliveries", load_dissemination_demo),
    ("Social posts", load_social_demo),
    ("Outreach", load_outreach_demo),
    ("Coverage over the past year", spread_over_the_year),
    ("Insights", load_insights_demo),
]


def load_demo(
    password: str, report: Callable[[str], None] = lambda _line: None
) -> list[DemoAccount]:
    profile = load_city(hanoi.CITY)
    report(f"City: {profile.name}")
    created = load_agencies(hanoi.AGENCIES)
    report(f"Agencies: {Agency.objects.count()} ({created} new)")
    accounts = load_users(hanoi.USERS, password)
    for area, loader in APP_LOADERS:
        loader()
        report(f"{area}: loaded")
    return accounts
