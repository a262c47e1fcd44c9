"""Polls per second one machine sustains: claim, fetch, parse and record, against loopback feeds.

Sets up a throwaway installation (SQLite in a temporary ``var/``, or ``--database-url`` for
PostgreSQL), serves ``--sources`` RSS feeds of 20 items each from a threaded server on loopback
(with ETags, answering 304 to a poll that sends the current one), and polls them all through the
real code path: ``scheduling.claim_due_sources`` (the lease) then ``ingest.poll_source`` (the
safe client, the parser, the raw-item insert), in ``--threads`` threads, once per setting of
``--threads``. Each run measures two rounds:

- ``first``: every feed is new (200, 20 new raw items per feed): the cost of the initial crawl;
- ``steady``: the next round half an hour later, where a quarter of the feeds have two new items
  and the rest answer 304: what polling 10,000 sources every 30 minutes costs day to day.

The per-host interval is off (all feeds are on one loopback host; real sources are on many).
Prints one JSON line per run and a summary; the first ``--threads`` value is the baseline the
others are compared with.

    .venv/bin/python bench/polls.py --sources 500 --threads 1,8,32
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import threading
import time
from datetime import timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ITEMS = 20


class Feeds:
    """The feeds' contents by number; ``bump`` adds two items to a feed (a new ETag)."""

    def __init__(self, count: int) -> None:
        self.version = [0] * count
        self.lock = threading.Lock()

    def bump(self, n: int) -> None:
        with self.lock:
            self.version[n] += 1

    def body(self, n: int) -> tuple[bytes, str]:
        version = self.version[n]
        first = version * 2
        entries = "".join(
            f"<item><title>Hà Nội story {n}-{i}</title>"
            f"<link>https://paper{n}.example/articles/{i}</link>"
            f"<description>Coverage number {i} of the city by paper {n}.</description>"
            f"<pubDate>{format_datetime(_now() - timedelta(minutes=i))}</pubDate></item>"
            for i in range(first, first + ITEMS)
        )
        body = (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Paper {n}</title><link>https://paper{n}.example/</link>{entries}"
            "</channel></rss>"
        ).encode()
        etag = '"' + hashlib.sha256(f"{n}:{version}".encode()).hexdigest()[:16] + '"'
        return body, etag


def _now() -> Any:
    from django.utils import timezone

    return timezone.now()


def _server(feeds: Feeds) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_GET(self) -> None:
            n = int(self.path.rsplit("/", 1)[-1].split(".")[0])
            body, etag = feeds.body(n)
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.request_queue_size = 256
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _setup(var_dir: Path, database_url: str) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "beacon.settings",
            "BEACON_VAR_DIR": str(var_dir),
            "BEACON_SECRET_KEY": os.environ.get("BEACON_SECRET_KEY", "bench-only-secret"),
            "BEACON_MONITOR_HOST_INTERVAL": "0",
            "BEACON_LOG_LEVEL": "ERROR",
        }
    )
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _poll_round(threads: int, batch: int) -> tuple[int, float]:
    """Claim and poll every due source with ``threads`` pollers; returns (polls, seconds)."""
    from django.db import connection

    from beacon.monitoring import ingest, scheduling
    from beacon.monitoring.models import Source

    done = [0] * threads
    errors: list[str] = []

    def poller(slot: int) -> None:
        try:
            while ids := scheduling.claim_due_sources(limit=batch):
                for source in Source.objects.filter(pk__in=ids):
                    result = ingest.poll_source(source)
                    if result.error:
                        errors.append(result.error)
                    done[slot] += 1
        finally:
            connection.close()

    start = time.perf_counter()
    workers = [threading.Thread(target=poller, args=(slot,)) for slot in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise SystemExit(f"{len(errors)} polls failed, first: {errors[0]}")
    return sum(done), elapsed


def run(sources: int, threads: int, batch: int, url: str, feeds: Feeds) -> dict[str, Any]:
    from beacon.monitoring.models import RawItem, Source

    RawItem.objects.all().delete()
    Source.objects.all().delete()
    for n in range(sources):
        feeds.version[n] = 0
    Source.objects.bulk_create(
        Source(
            name=f"Paper {n}",
            url=f"{url}/feed/{n}.xml",
            country="FR",
            languages=["fr"],
            allow_private_network=True,
        )
        for n in range(sources)
    )
    first_polls, first_s = _poll_round(threads, batch)
    for n in range(0, sources, 4):
        feeds.bump(n)
    # Half an hour later every source is due again.
    Source.objects.update(next_poll_at=_now() - timedelta(seconds=1))
    steady_polls, steady_s = _poll_round(threads, batch)
    return {
        "threads": threads,
        "sources": sources,
        "first_polls_per_s": round(first_polls / first_s, 1),
        "steady_polls_per_s": round(steady_polls / steady_s, 1),
        "raw_items": RawItem.objects.count(),
        "first_s": round(first_s, 2),
        "steady_s": round(steady_s, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sources", type=int, default=500)
    parser.add_argument(
        "--threads", default="1,8,32", help="comma-separated; the first is the baseline"
    )
    parser.add_argument("--batch", type=int, default=10, help="sources claimed at a time")
    parser.add_argument("--database-url", default="", help="postgres://…; SQLite when empty")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="beacon-polls-") as var_dir:
        _setup(Path(var_dir), args.database_url)
        from django.db import connection

        feeds = Feeds(args.sources)
        server = _server(feeds)
        url = f"http://127.0.0.1:{server.server_address[1]}"
        results = []
        for threads in [int(t) for t in args.threads.split(",")]:
            result = run(args.sources, threads, args.batch, url, feeds)
            result["database"] = connection.vendor
            print(json.dumps(result), flush=True)
            results.append(result)
        server.shutdown()
    baseline = results[0]
    best = max(results, key=lambda r: r["steady_polls_per_s"])
    needed = 10_000 / (30 * 60)
    summary = {
        "database": results[0]["database"],
        "baseline_threads": baseline["threads"],
        "baseline_steady_polls_per_s": baseline["steady_polls_per_s"],
        "best_threads": best["threads"],
        "best_steady_polls_per_s": best["steady_polls_per_s"],
        "best_first_polls_per_s": best["first_polls_per_s"],
        "speedup_over_baseline": round(
            best["steady_polls_per_s"] / baseline["steady_polls_per_s"], 2
        ),
        "needed_for_10000_every_30_min": round(needed, 2),
        "headroom": round(best["steady_polls_per_s"] / needed, 1),
    }
    print(json.dumps(summary), flush=True)


if __name__ == "__main__":
    main()
