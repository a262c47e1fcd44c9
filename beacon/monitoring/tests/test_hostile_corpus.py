"""feedparser's own test corpus and a hostile set of our own, through the real poll.

Every answer is served on loopback and polled with ``ingest.poll_source`` (safe fetch, decoding,
defusedxml, feedparser, the database). Required of each: no exception escapes as "unexpected"
(the catch-all of ``poll_source``), every refusal leaves a reason, a failure count and a next
poll on the source, and the poll's traced memory stays below a stated bound.

The corpus (2,248 files in six folders, BSD-2) ships in feedparser's sdist, not its wheel:
``make test`` fetches it once into ``var/feedparser-corpus/`` (``$BEACON_FEEDPARSER_CORPUS``
names another place); without it that test skips and says why. The hostile set is generated
here, nothing of it is stored in git.
"""

from __future__ import annotations

import gzip
import importlib.metadata
import json
import os
import random
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from beacon.monitoring import ingest
from beacon.monitoring.models import RawItem, Source
from beacon.monitoring.tests.conftest import Web, make_source, rss

ROOT = Path(__file__).resolve().parents[3]
CORPUS = Path(
    os.environ.get(
        "BEACON_FEEDPARSER_CORPUS",
        ROOT
        / "var"
        / "feedparser-corpus"
        / f"feedparser-{importlib.metadata.version('feedparser')}"
        / "tests",
    )
)
FOLDERS = ["compression", "encoding", "entities", "http", "illformed", "wellformed"]

# Bounds of the memory a poll may trace (Python allocations, the loopback server's included):
# a small feed, and the largest answers (5 MB bodies: 100,000 items, a 50,000-entry index).
# Measured: at most 2.2 MB over the corpus, 54 MB for the largest hostile answer.
SMALL_POLL_BYTES = 32 * 1024 * 1024
LARGE_POLL_BYTES = 160 * 1024 * 1024
MAX_BYTES = 5 * 1024 * 1024


@dataclass
class Outcome:
    error: str
    peak: int


def poll(source: Source) -> Outcome:
    """Poll once, measuring the peak of traced memory; check what a failure leaves behind."""
    tracemalloc.start()
    try:
        result = ingest.poll_source(source)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    source.refresh_from_db()
    assert not result.error.startswith("unexpected error"), (source.url, result.error)
    if result.error:
        assert source.failures >= 1 and source.next_poll_at is not None, source.url
        assert source.last_error and source.last_error_detail["message"], source.url
    return Outcome(result.error, peak)


@pytest.mark.skipif(
    not CORPUS.is_dir(),
    reason=f"feedparser's test corpus is not at {CORPUS}: `make test` fetches it from its sdist",
)
def test_it_survives_the_whole_feedparser_corpus(web: Web, db: Any, settings: Any) -> None:
    settings.BEACON_MONITOR_MAX_BYTES = MAX_BYTES
    files = sorted(path for folder in FOLDERS for path in (CORPUS / folder).rglob("*.xml"))
    assert len(files) > 2000
    outcomes = []
    for number, path in enumerate(files):
        url = web.page(f"/{number}.xml", path.read_bytes(), content_type="application/xml")
        outcomes.append(poll(make_source(url)))
    refused = [outcome for outcome in outcomes if outcome.error]
    assert max(outcome.peak for outcome in outcomes) < SMALL_POLL_BYTES
    # Over a thousand are feeds with entries that Beacon reads; the rest (feed-level tests
    # without entries, broken on purpose) are refused, each with its reason (checked in poll).
    assert len(outcomes) - len(refused) > 1000
    assert RawItem.objects.exists()


Handler = Callable[[BaseHTTPRequestHandler], None]


def answer(body: bytes, *, content_type: str, headers: dict[str, str] | None = None) -> Handler:
    def handle(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            request.send_header(name, value)
        request.end_headers()
        request.wfile.write(body)

    return handle


def slow_drip(request: BaseHTTPRequestHandler) -> None:
    """A feed that starts well and then trickles a byte every 0.2 s, past any deadline."""
    request.send_response(200)
    request.send_header("Content-Type", "application/rss+xml")
    request.end_headers()
    request.wfile.write(b'<?xml version="1.0"?><rss version="2.0"><channel>')
    for _ in range(100):
        request.wfile.write(b" ")
        request.wfile.flush()
        time.sleep(0.2)


def items(count: int) -> bytes:
    body = "".join(f"<item><link>https://news.example/{i}</link></item>" for i in range(count))
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{body}</channel></rss>'.encode()


def sitemap_index(count: int) -> bytes:
    body = "".join(
        f"<sitemap><loc>https://news.example/s{i}.xml</loc></sitemap>" for i in range(count)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</sitemapindex>'
    ).encode()


GOOD = rss([("Hà Nội", "https://news.example/good")]).encode("utf-8")
RSS = "application/rss+xml"
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(9)
    )
    + b']><rss version="2.0"><channel><item><title>&j;</title>'
    b"<link>https://news.example/l</link></item></channel></rss>"
)
XXE = (
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<rss version="2.0"><channel><item><title>&x;</title>'
    b"<link>https://news.example/x</link></item></channel></rss>"
)


def cases() -> dict[str, tuple[Handler, str, str | None]]:
    """name -> (answer, source kind, expected reason or None when the feed must be read)."""
    rng = random.Random(18)
    gzipped = gzip.compress(items(50))
    return {
        "slow drip": (slow_drip, "feed", " 2 s"),
        "wrong content type": (answer(GOOD, content_type="image/png"), "feed", None),
        "truncated gzip": (
            answer(
                gzipped[: len(gzipped) // 2],
                content_type=RSS,
                headers={"Content-Encoding": "gzip"},
            ),
            "feed",
            None,
        ),
        "gzip bomb": (
            answer(
                gzip.compress(b" " * (50 * 1024 * 1024)),
                content_type=RSS,
                headers={"Content-Encoding": "gzip"},
            ),
            "feed",
            "larger than",
        ),
        "invalid utf-8": (
            answer(GOOD.replace(b"Ha", b"\xff\xfe\xc3(Ha"), content_type=RSS + "; charset=utf-8"),
            "feed",
            None,
        ),
        "utf-8 bom": (answer(b"\xef\xbb\xbf" + GOOD, content_type=RSS), "feed", None),
        "utf-16 bom": (
            answer(GOOD.decode().encode("utf-16"), content_type=RSS + "; charset=utf-8"),
            "feed",
            None,
        ),
        "utf-32 bom": (answer(GOOD.decode().encode("utf-32"), content_type=RSS), "feed", None),
        "html as a feed": (
            answer(b"<!doctype html><html><body><p>Hello</p></body></html>", content_type=RSS),
            "feed",
            "malformed XML",
        ),
        "empty body": (answer(b"", content_type=RSS), "feed", "no entries"),
        "random bytes": (
            answer(rng.randbytes(1024 * 1024), content_type=RSS),
            "feed",
            "no entries",
        ),
        "billion laughs": (answer(LAUGHS, content_type=RSS), "feed", "refused XML"),
        "external entity": (answer(XXE, content_type=RSS), "feed", "refused XML"),
        "path /dev/zero": (answer(b"/dev/zero", content_type=RSS), "feed", "no entries"),
        "path /dev/urandom": (answer(b"/dev/urandom", content_type=RSS), "feed", "no entries"),
        "path /etc/hostname": (answer(b"/etc/hostname", content_type=RSS), "feed", "no entries"),
        "url as body": (answer(b"http://127.0.0.1:1/", content_type=RSS), "feed", "no entries"),
        "json nested 100,000 deep": (
            answer(b'{"items":' + b"[" * 100_000 + b"]" * 100_000 + b"}", content_type=RSS),
            "feed",
            "JSON nested",
        ),
        "xml nested 100,000 deep": (
            answer(b"<rss>" + b"<a>" * 100_000 + b"</a>" * 100_000 + b"</rss>", content_type=RSS),
            "feed",
            "XML nested more than 100 levels",
        ),
        "unclosed xml of 1,000,000 tags": (
            answer(b"<rss>" + b"<a>" * 1_000_000, content_type=RSS),
            "feed",
            "XML nested more than 100 levels",
        ),
        "xml of 1,000,000 elements": (
            answer(b"<rss>" + b"<a/>" * 1_000_000 + b"</rss>", content_type=RSS),
            "feed",
            "XML of more than 500000 elements",
        ),
        "malformed xml of 1,000,000 tags": (
            answer(b"<rss>&x;" + b"<a/>" * 1_000_000, content_type=RSS),
            "feed",
            "malformed XML with 1000001 tags",
        ),
        "bad links beside good ones": (
            answer(
                rss([("bad", "http://[broken/x"), ("port", "https://a.example:99999/")]).encode()
                + GOOD,
                content_type=RSS,
            ),
            "feed",
            None,
        ),
        "100,000 items": (answer(items(100_000), content_type=RSS), "feed", None),
        "sitemap index of 50,000": (
            answer(sitemap_index(50_000), content_type="application/xml"),
            "sitemap",
            "not a sitemap urlset",
        ),
        "feed as a sitemap": (answer(GOOD, content_type=RSS), "sitemap", "not a sitemap urlset"),
        "shift_jis sitemap": (
            answer(
                (
                    '<?xml version="1.0" encoding="shift_jis"?>'
                    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                    "<url><loc>https://news.example/ハノイ</loc></url></urlset>"
                ).encode("shift_jis"),
                content_type="application/xml",
            ),
            "sitemap",
            None,
        ),
        "json feed of a string": (
            answer(json.dumps({"items": "x"}).encode(), content_type=RSS),
            "feed",
            "without an items list",
        ),
    }


LARGE = {
    "100,000 items",
    "sitemap index of 50,000",
    "random bytes",
    "gzip bomb",
    "xml of 1,000,000 elements",
}


@pytest.mark.parametrize("name", sorted(cases()))
def test_it_survives_a_hostile_answer(web: Web, db: Any, settings: Any, name: str) -> None:
    settings.BEACON_MONITOR_MAX_BYTES = MAX_BYTES
    settings.BEACON_MONITOR_TIMEOUT = 2
    handle, kind, expected = cases()[name]
    source = make_source(web.handler("/hostile", handle), kind=kind)
    outcome = poll(source)
    if expected is None:
        assert outcome.error == ""
        assert RawItem.objects.filter(source=source).exists()
    else:
        assert expected in outcome.error
    assert outcome.peak < (LARGE_POLL_BYTES if name in LARGE else SMALL_POLL_BYTES), outcome.peak
