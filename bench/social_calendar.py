"""Content calendar cost: queries and time to build a month over a busy outbox.

Usage: ``.venv/bin/python bench/social_calendar.py [--deliveries 20000] [--channels 10]``

Makes a fresh SQLite database (the embedded default), ``--channels`` channels carrying three
languages, ``--deliveries`` deliveries spread over the last 90 days (sent, queued, dead), then
builds the calendar of the current month for a user who reaches every agency, five times.

The last line printed is one JSON object: deliveries, channels, rows, queries, best_ms and
median_ms of ``calendar.build``, and page_median_ms and page_kb of the month page over HTTP.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
WORKDIR = Path(tempfile.mkdtemp(prefix="beacon-bench-calendar-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR / 'bench.sqlite3'}"
os.environ.setdefault("BEACON_SECRET_KEY", "bench-only")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beacon.settings")
os.environ["BEACON_ALLOWED_HOSTS"] = "testserver"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--deliveries", type=int, default=20_000)
    parser.add_argument("--channels", type=int, default=10)
    args = parser.parse_args()

    import django

    django.setup()
    from datetime import timedelta

    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from beacon.dissemination.models import Channel, Delivery
    from beacon.social import calendar

    call_command("migrate", verbosity=0)
    languages = ["vi", "en", "fr"]
    channels = [
        Channel.objects.create(name=f"Channel {i}", kind="export", languages=languages)
        for i in range(args.channels)
    ]
    now = timezone.now()
    statuses = ["sent"] * 8 + ["queued", "dead"]
    rows = []
    for i in range(args.deliveries):
        when = now - timedelta(minutes=(i * 90 * 24 * 60) // args.deliveries)
        status = statuses[i % len(statuses)]
        rows.append(
            Delivery(
                channel=channels[i % len(channels)],
                language=languages[i % 3],
                item_key=f"page-{i}",
                idempotency_key=f"bench-{i}",
                title=f"Item {i}",
                status=status,
                approved_at=when,
                sent_at=when if status == "sent" else None,
                next_attempt_at=when if status == "queued" else None,
            )
        )
    Delivery.objects.bulk_create(rows, batch_size=2000)
    user = User.objects.create_superuser("bench", "bench@example.invalid", "x")
    days = calendar.month(timezone.localdate())
    timings = []
    if os.environ.get("BENCH_PROFILE"):
        import cProfile

        cProfile.runctx("calendar.build(user, days)", globals(), locals(), sort="cumtime")
    for _ in range(5):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            built = calendar.build(user, days)
            timings.append((time.perf_counter() - start) * 1000)
        query_count = len(queries.captured_queries)  # before requests reset the log
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(user)
    if os.environ.get("BENCH_PROFILE"):
        import cProfile

        url = reverse("social:calendar") + "?span=month"
        cProfile.runctx("client.get(url)", globals(), locals(), sort="tottime")
    page_timings = []
    for _ in range(3):
        start = time.perf_counter()
        response = client.get(reverse("social:calendar") + "?span=month")
        page_timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    print(
        json.dumps(
            {
                "deliveries": args.deliveries,
                "channels": args.channels,
                "rows": len(built.rows),
                "queries": query_count,
                "best_ms": round(min(timings), 1),
                "median_ms": round(statistics.median(timings), 1),
                "page_median_ms": round(statistics.median(page_timings), 1),
                "page_kb": len(response.content) // 1024,
            }
        )
    )


if __name__ == "__main__":
    main()
