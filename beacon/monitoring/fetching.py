"""How the monitor fetches: the safe client for the web, and the packaged demo site.

URLs with the ``demo://`` scheme are read from ``beacon/monitoring/demo/site/<host>/<path>``:
the demo monitor polls real feeds and pages through the real pipeline without any network,
forever (a loopback server would die with the command that started it). Dates in demo files
are written as ``{{hours_ago:5}}`` and become RFC 822 or ISO dates relative to now, so the demo
always shows yesterday's coverage. Nothing outside the demo folder can be read this way.
"""

from __future__ import annotations

import math
import re
import time
from datetime import timedelta
from email.utils import format_datetime
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache as django_cache
from django.utils import timezone
from django.utils.translation import gettext_noop

from beacon.lib import safehttp

DEMO_ROOT = (Path(__file__).parent / "demo" / "site").resolve()
_PLACEHOLDER = re.compile(r"\{\{(hours_ago|iso_hours_ago):(\d+(?:\.\d+)?)\}\}")


class SharedRateLimiter:
    """The per-host interval kept in Django's cache, so that every worker process shares it.

    With Redis as the cache (BEACON_CACHE_URL) the limit holds across machines; ``cache.add``
    is atomic there, and only one worker at a time gets a host's next slot.
    """

    def wait(self, host: str, interval: float, deadline: float) -> None:
        if interval <= 0:
            return
        key = f"beacon:monitor:host:{host}"
        while not django_cache.add(key, 1, timeout=max(1, math.ceil(interval))):
            if time.monotonic() + 0.1 > deadline:
                raise safehttp.TimedOut(
                    gettext_noop("rate limit for %(host)s leaves no time to fetch"), host=host
                )
            time.sleep(0.1)


@cache
def client() -> safehttp.Client:
    return safehttp.Client(
        safehttp.Limits(
            max_bytes=settings.BEACON_MONITOR_MAX_BYTES,
            timeout=float(settings.BEACON_MONITOR_TIMEOUT),
            min_interval=float(settings.BEACON_MONITOR_HOST_INTERVAL),
        ),
        rate=SharedRateLimiter(),
    )


def _demo_date(match: re.Match[str]) -> str:
    when = timezone.now() - timedelta(hours=float(match.group(2)))
    return when.isoformat() if match.group(1) == "iso_hours_ago" else format_datetime(when)


def _demo(url: str) -> safehttp.Response:
    parts = urlsplit(url)
    path = (DEMO_ROOT / (parts.hostname or "") / parts.path.lstrip("/")).resolve()
    if not path.is_relative_to(DEMO_ROOT) or not path.is_file():
        raise safehttp.HTTPStatusError(
            gettext_noop("HTTP %(status)s from %(url)s"), 404, status=404, url=url
        )
    raw = path.read_bytes()
    if b"{{" in raw:
        raw = _PLACEHOLDER.sub(_demo_date, raw.decode("utf-8")).encode("utf-8")
    kind = "application/xml" if path.suffix in (".xml", ".rss", ".atom") else "text/html"
    if path.suffix == ".json":
        kind = "application/feed+json"
    return safehttp.Response(url, 200, {"content-type": kind}, raw)


def fetch(
    url: str, *, etag: str = "", last_modified: str = "", private_host: str = ""
) -> safehttp.Response:
    """GET a source's URL; ``private_host`` is the one host allowed a private address."""
    if url.startswith("demo://"):
        return _demo(url)
    return client().get(
        url,
        etag=etag,
        last_modified=last_modified,
        allow_private_hosts={private_host} if private_host else (),
    )
