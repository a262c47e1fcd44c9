"""Fan-out speed: N items published in 7 languages to 5 channels, delivered by the real worker.

Sets up a throwaway installation on the embedded default (SQLite in a temporary ``var/``, the
SQL broker; or ``--broker redis://…``), starts a real Celery worker on the ``dissemination``
queue, receivers on loopback (two ninjs push receivers, one Atom push receiver), an offline
folder and a pull feed polled by a partner thread, then publishes N news articles through
Wagtail, each in 7 languages. Every publication starts the clock (``approved_at``, Wagtail's
``last_published_at``); a delivery stops it when it is acknowledged (for the pull feed: when
the partner has fetched it).

Prints one JSON line per measurement; the last line is one JSON object with ``median_s``,
``p99_s``, ``deliveries_per_s`` and ``playlist_rps`` (``bench/kiosk_playlist.py``'s ``measure()``:
304 revalidations of the kiosk playlist under gunicorn, with ``ab``).

    .venv/bin/python bench/fanout.py --items 50

Targets on the embedded default: median < 2 s, p99 < 10 s; playlist >= 2,000 req/s.
To add a channel kind, add a line to ``channel_specs``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LANGUAGES = ["vi", "en", "fr", "zh", "ja", "ko", "ru"]
SECRET_ENV = "BEACON_BENCH_RECEIVER_SECRET"  # noqa: S105 (the name of the variable)


def _environment(var_dir: Path, broker: str) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "beacon.settings",
            "BEACON_VAR_DIR": str(var_dir),
            "BEACON_SECRET_KEY": os.environ.get("BEACON_SECRET_KEY", "bench-only-secret"),
            "BEACON_CONTENT_LANGUAGES": ",".join(LANGUAGES),
            "BEACON_DELIVERY_ALLOW_PRIVATE_HOSTS": "127.0.0.1",
            "BEACON_DELIVERY_BACKOFF_SECONDS": "1",
            "BEACON_LOG_LEVEL": "WARNING",
            SECRET_ENV: "loopback-receiver-secret",  # the one the loopback receivers check
        }
    )
    os.environ.pop("DATABASE_URL", None)
    if broker:
        os.environ["CELERY_BROKER_URL"] = broker


def channel_specs(receivers: dict[str, Any]) -> list[dict[str, Any]]:
    """The channels every item goes to; kiosk, newsletter and mastodon lines come later."""
    push = {"secret_env": SECRET_ENV}
    return [
        {"name": "National portal", "kind": "ninjs",
         "config": {"endpoint": receivers["national"].url, **push}},
        {"name": "Partner agency", "kind": "ninjs",
         "config": {"endpoint": receivers["partner"].url, **push}},
        {"name": "Sister cities", "kind": "atom",
         "config": {"endpoint": receivers["atom"].url, **push}},
        {"name": "Offline exchange", "kind": "file", "config": {"folder": "bench"}},
        {"name": "Partner pull feed", "kind": "feed", "config": {}},
    ]  # fmt: skip


def _start_worker(var_dir: Path, concurrency: int) -> subprocess.Popen[bytes]:
    log = (var_dir / "worker.log").open("wb")
    command = [
        PYTHON, "-m", "celery", "--app", "beacon", "worker", "--queues", "dissemination",
        "--concurrency", str(concurrency), "--pool", "prefork", "--loglevel", "INFO",
        "--without-heartbeat", "--without-gossip", "--without-mingle",
    ]  # fmt: skip
    worker = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if b"ready." in (var_dir / "worker.log").read_bytes():
            return worker
        if worker.poll() is not None:
            break
        time.sleep(0.2)
    worker.kill()
    raise SystemExit("The Celery worker did not start:\n" + (var_dir / "worker.log").read_text())


class FeedPartner(threading.Thread):
    """A partner that polls the pull feed (every page) twice a second, as partners do."""

    def __init__(self, channel_id: int, token: str) -> None:
        super().__init__(daemon=True)
        self.path = f"/syndication/{channel_id}/ninjs.json"
        self.token = token
        self.stop = threading.Event()

    def run(self) -> None:
        from django.db import connection
        from django.test import Client

        client = Client()
        while not self.stop.wait(0.5):
            url: str | None = self.path
            while url:
                answer = client.get(
                    url, HTTP_AUTHORIZATION=f"Bearer {self.token}", HTTP_HOST="127.0.0.1"
                )
                if answer.status_code != 200:
                    raise SystemExit(f"The pull feed answered {answer.status_code}.")
                url = answer.json()["next"]
                if url:
                    url = url.replace("http://127.0.0.1", "")
        connection.close()


def _publish(items: int, report: Any) -> float:
    from wagtail.models import Locale

    from beacon.core.demo import hanoi
    from beacon.core.demo_loader import load_city
    from beacon.portal.models import NewsArticlePage
    from beacon.portal.setup import do_set_up_portal

    profile = load_city(hanoi.CITY)
    profile.source_language, profile.target_languages = LANGUAGES[0], LANGUAGES[1:]
    profile.save()
    clock = time.monotonic()
    tree = do_set_up_portal()
    report({"portal_set_up_s": round(time.monotonic() - clock, 1)})
    news = tree.sections["news"]
    locales = [Locale.objects.get(language_code=code) for code in LANGUAGES[1:]]
    started = time.monotonic()
    for n in range(items):
        page = NewsArticlePage(
            title=f"Bench item {n}",
            slug=f"bench-item-{n}",
            summary="A line of summary.",
            body="<p>Hanoi welcomes visitors to the autumn festival.</p>",
        )
        news.add_child(instance=page)
        page.save_revision().publish()
        for locale in locales:
            translation = page.copy_for_translation(locale)
            translation.save_revision().publish()
        report({"published": n + 1, "elapsed_s": round(time.monotonic() - started, 1)})
    return time.monotonic() - started


def _wait_until_done(expected: int, timeout: float, partner: FeedPartner) -> bool:
    from beacon.dissemination.models import Delivery, DeliveryStatus

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and partner.is_alive():
        if Delivery.objects.filter(status=DeliveryStatus.ACKNOWLEDGED).count() >= expected:
            return True
        time.sleep(0.5)
    return False


def _figures() -> dict[str, Any]:
    from beacon.dissemination.figures import percentile
    from beacon.dissemination.models import Delivery, DeliveryStatus

    rows = list(
        Delivery.objects.exclude(status=DeliveryStatus.CANCELLED).values_list(
            "channel__name", "approved_at", "acknowledged_at", "status"
        )
    )
    done = [(name, (ack - approved).total_seconds()) for name, approved, ack, _s in rows if ack]
    latencies = [seconds for _name, seconds in done]
    first = min(approved for _n, approved, _a, _s in rows)
    last = max(ack for _n, _ap, ack, _s in rows if ack)
    per_channel = {
        name: round(statistics.median([s for n, s in done if n == name]), 3)
        for name in sorted({n for n, _s in done})
    }
    return {
        "deliveries": len(rows),
        "acknowledged": len(done),
        "median_s": round(statistics.median(latencies), 3),
        "p99_s": round(percentile(latencies, 0.99) or 0.0, 3),
        "deliveries_per_s": round(len(done) / max(0.001, (last - first).total_seconds()), 1),
        "median_s_by_channel": per_channel,
    }


def _playlist_rps() -> float:
    spec = importlib.util.spec_from_file_location(
        "kiosk_playlist", ROOT / "bench" / "kiosk_playlist.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return float(module.measure()["playlist_rps"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=2, help="Worker processes.")
    parser.add_argument("--broker", default="", help="e.g. redis://127.0.0.1:6379/13")
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()

    def report(line: dict[str, Any]) -> None:
        print(json.dumps(line), flush=True)

    with tempfile.TemporaryDirectory(prefix="beacon-fanout-") as tmp:
        var_dir = Path(tmp)
        _environment(var_dir, args.broker)
        subprocess.run([PYTHON, "-m", "django", "migrate", "-v", "0"], cwd=ROOT, check=True)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from beacon.dissemination import actions
        from beacon.dissemination.models import Channel
        from beacon.dissemination.tests.receiver import Receiver, ReceiverServer

        servers = {name: ReceiverServer(Receiver()) for name in ("national", "partner", "atom")}
        receivers = {name: server.__enter__() for name, server in servers.items()}
        channels = [Channel.objects.create(**spec) for spec in channel_specs(receivers)]
        feed = next(c for c in channels if c.kind == "feed")
        partner = FeedPartner(feed.pk, actions.do_issue_feed_token(feed, "bench", acting_user=None))
        worker = _start_worker(var_dir, args.concurrency)
        partner.start()
        try:
            publish_s = _publish(args.items, report)
            expected = args.items * len(LANGUAGES) * len(channels)
            complete = _wait_until_done(expected, args.timeout, partner)
        finally:
            partner.stop.set()
            partner.join(5)
            worker.terminate()
            worker.wait(30)
            for server in servers.values():
                server.__exit__(None, None, None)
        figures = _figures()
        doubled = sum(count > 1 for r in receivers.values() for count in r.processed.values())
        report({"publish_s": round(publish_s, 1), "complete": complete, "doubled": doubled})
        report({"channels": len(channels), "languages": len(LANGUAGES), **figures})
        summary = {
            "items": args.items,
            "median_s": figures["median_s"],
            "p99_s": figures["p99_s"],
            "deliveries_per_s": figures["deliveries_per_s"],
            "playlist_rps": _playlist_rps(),
        }
        print(json.dumps(summary), flush=True)


if __name__ == "__main__":
    main()
