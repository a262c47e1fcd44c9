"""Insights speed: a quarter's report for the whole city and for one district, on a synthetic year.

Sets up a throwaway installation on the embedded default (SQLite in a temporary ``var/``), fills
a year: 100 agencies, 1,000 activities, 50,000 deliveries, 500,000 articles (``--scale`` shrinks
it), then times ``report.build`` and counts its queries. Prints one JSON object; the comparison
in the same run is the district against the whole city, and the goal line (< 5 s) beside it.

    .venv/bin/python bench/insights.py            # the full year (inserting takes minutes)
    .venv/bin/python bench/insights.py --scale 0.1
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_S = 5.0


def _setup(var_dir: Path) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "beacon.settings",
            "BEACON_VAR_DIR": str(var_dir),
            "BEACON_SECRET_KEY": os.environ.get("BEACON_SECRET_KEY", "bench-only-secret"),
            "BEACON_LOG_LEVEL": "WARNING",
        }
    )
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _fill(scale: float, year: int) -> dict[str, int]:
    from django.utils import timezone

    from beacon.core.models import Agency
    from beacon.dissemination.models import Channel, Delivery, DeliveryStatus
    from beacon.monitoring.models import Article, Source, Story
    from beacon.plans.models import Activity, Plan, Programme

    rng = random.Random(42)
    n_agencies, n_activities = int(100 * scale) or 2, int(1000 * scale) or 2
    n_deliveries, n_articles = int(50_000 * scale), int(500_000 * scale)
    districts = Agency.objects.bulk_create(
        Agency(code=f"D{n}", name=f"District {n}", kind="district") for n in range(n_agencies // 2)
    )
    communes = Agency.objects.bulk_create(
        Agency(
            code=f"C{n}", name=f"Commune {n}", kind="commune", parent=districts[n % len(districts)]
        )
        for n in range(n_agencies - len(districts))
    )
    agencies = districts + communes
    plan = Plan.objects.create(year=year, title="Bench plan")
    programme = Programme.objects.create(plan=plan, title="Bench programme")
    start = date(year, 1, 1)
    Activity.objects.bulk_create(
        Activity(
            programme=programme,
            code=str(n),
            title=f"Activity {n}",
            lead_agency=rng.choice(agencies),
            start=start + timedelta(days=rng.randrange(300)),
            deadline=start + timedelta(days=rng.randrange(300, 365)),
            budget=rng.randrange(1000, 100000),
        )
        for n in range(n_activities)
    )
    channels = [Channel.objects.create(name=f"Channel {n}", kind="file") for n in range(5)]
    moment = datetime(year, 1, 1, tzinfo=timezone.get_current_timezone())
    statuses = [DeliveryStatus.ACKNOWLEDGED] * 8 + [DeliveryStatus.SENT, DeliveryStatus.DEAD]
    batch = []
    for n in range(n_deliveries):
        approved = moment + timedelta(minutes=rng.randrange(525_000))
        status = rng.choice(statuses)
        done = approved + timedelta(minutes=rng.randrange(1, 600))
        batch.append(
            Delivery(
                channel=channels[n % 5],
                language=("en", "fr", "zh")[n % 3],
                item_key=f"page:{n // 15}",
                agency=rng.choice(agencies),
                title=f"Item {n // 15}",
                idempotency_key=f"bench-{n}",
                approved_at=approved,
                status=status,
                sent_at=done,
                acknowledged_at=done if status == DeliveryStatus.ACKNOWLEDGED else None,
            )
        )
    Delivery.objects.bulk_create(batch, batch_size=2000)
    source = Source.objects.create(name="Bench", url="https://bench.example/rss", country="FR")
    stories = Story.objects.bulk_create(
        Story(
            title=f"Story {n}",
            language="en",
            first_seen_at=moment + timedelta(hours=n),
            last_seen_at=moment + timedelta(hours=n),
            signature=b"x",
            source_count=rng.randrange(1, 30),
        )
        for n in range(max(1, n_articles // 50))
    )
    countries, topics = (
        ["FR", "US", "JP", "KR", "DE", "GB", "CN", "AU"],
        ["tourism", "economy", "culture", "transport"],
    )
    for offset in range(0, n_articles, 20_000):
        Article.objects.bulk_create(
            Article(
                source=source,
                story=stories[(offset + n) // 50 % len(stories)],
                url=f"https://bench.example/{offset + n}",
                url_hash=f"b{offset + n}",
                title="t",
                text="t",
                language=rng.choice(("en", "fr", "ja")),
                country=rng.choice(countries),
                media_kind="press",
                seen_at=moment + timedelta(minutes=rng.randrange(525_000)),
                topics=[rng.choice(topics)],
            )
            for n in range(min(20_000, n_articles - offset))
        )
    return {
        "agencies": len(agencies),
        "activities": n_activities,
        "deliveries": n_deliveries,
        "articles": n_articles,
    }


def _measure(period: object, agency: object) -> dict[str, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from beacon.insights import report

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        report.build(period, agency)  # type: ignore[arg-type]
        seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 2), "queries": len(queries)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    year = datetime.now(tz=UTC).year - 1
    with tempfile.TemporaryDirectory() as tmp:
        _setup(Path(tmp))
        started = time.perf_counter()
        sizes = _fill(args.scale, year)
        fill_s = time.perf_counter() - started
        from beacon.core.models import Agency
        from beacon.insights import periods

        quarter = periods.parse(f"{year}-Q2")
        city = _measure(quarter, None)
        district = _measure(quarter, Agency.objects.filter(kind="district").first())
        print(
            json.dumps(
                {
                    "sizes": sizes,
                    "fill_s": round(fill_s, 1),
                    "quarter": quarter.key,
                    "whole_city": city,
                    "district": district,
                    "goal_s": GOAL_S,
                    "within_goal": city["seconds"] < GOAL_S,
                }
            )
        )


if __name__ == "__main__":
    main()
