"""Polling, fetching and analysis against a real server on loopback, stored in the database."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from beacon.monitoring import actions, breaker, ingest
from beacon.monitoring.gazetteer import build_options
from beacon.monitoring.models import Article, RawItem, Source, Story
from beacon.monitoring.tests.conftest import Web, demo_page, make_source, rss

FLOOD = "2025/09/hanoi-floods-record-rain.html"


def serve_feed(web: Web, name: str, pages: dict[str, str]) -> Source:
    """A feed at /<name>/rss.xml linking to the given demo pages, served on loopback."""
    links = []
    for slug, demo_path in pages.items():
        links.append((slug, web.page(f"/{name}/{slug}.html", demo_page(demo_path))))
    url = web.page(f"/{name}/rss.xml", rss(links), content_type="application/rss+xml",
                   headers={"ETag": f'"{name}-1"'})  # fmt: skip
    return make_source(url, name=name)


def ingest_all(source: Source) -> ingest.AnalyseResult:
    polled = ingest.poll_source(source)
    ready = ingest.fetch_items(polled.new_ids) + polled.fetched_ids
    return ingest.analyse_items(ready, build_options())


def test_it_stores_articles_about_the_city_once_and_discards_the_rest(web: Web, city: Any) -> None:
    source = serve_feed(
        web,
        "wire",
        {
            "floods": f"asiawire.example/{FLOOD}",
            "copy": f"globalpost.example/{FLOOD}",
            "budget": "asiawire.example/2025/09/singapore-budget.html",
        },
    )
    result = ingest_all(source)
    assert len(result.stored) == 2
    assert result.discarded == 1
    story = Story.objects.get()
    assert (story.copies, story.source_count, story.countries) == (2, 1, ["FR"])
    assert Article.objects.filter(is_copy=True).count() == 1
    assert Article.objects.filter(embedding__isnull=False).count() == 1
    discarded = RawItem.objects.get(status=RawItem.Status.DISCARDED)
    assert discarded.reason == "mentions: does not speak of the city"
    assert RawItem.objects.exclude(html="").count() == 0

    source.refresh_from_db()
    assert source.etag == '"wire-1"'
    assert source.last_success_at is not None and source.failures == 0
    again = ingest.poll_source(source)
    assert again.not_modified and again.new_ids == []
    assert web.requests[-1][1]["If-None-Match"] == '"wire-1"'
    # A redelivered task finds its items done and stores nothing twice.
    assert (
        ingest.analyse_items(
            list(RawItem.objects.values_list("pk", flat=True)), build_options()
        ).stored
        == []
    )
    assert Article.objects.count() == 2


def test_it_joins_a_later_copy_from_another_source_to_the_stored_story(web: Web, city: Any) -> None:
    ingest_all(serve_feed(web, "first", {"floods": f"asiawire.example/{FLOOD}"}))
    later = serve_feed(web, "later", {"floods": f"dailyaus.example/{FLOOD}"})
    Source.objects.filter(pk=later.pk).update(country="AU")
    later.refresh_from_db()
    ingest_all(later)
    story = Story.objects.get()
    assert (story.copies, story.source_count, sorted(story.countries)) == (2, 2, ["AU", "FR"])


def test_it_records_a_broken_feed_on_the_source_and_keeps_what_was_stored(
    web: Web, city: Any
) -> None:
    source = serve_feed(web, "news", {"floods": f"asiawire.example/{FLOOD}"})
    ingest_all(source)
    web.page("/news/rss.xml", demo_page("brokenfeed.example/rss.xml"), content_type="text/xml")
    Source.objects.filter(pk=source.pk).update(etag="")
    source.refresh_from_db()
    result = ingest.poll_source(source)
    source.refresh_from_db()
    assert "malformed feed" in result.error
    assert source.last_error.startswith("malformed feed")
    assert source.failures == 1
    assert Article.objects.count() == 1


def test_it_backs_off_and_pauses_a_failing_source(web: Web, db: Any) -> None:
    source = make_source(web.page("/down.xml", "oops", status=500), poll_minutes=10)
    delays = []
    for _ in range(breaker.PAUSE_AFTER):
        before = timezone.now()
        ingest.poll_source(source)
        delays.append((source.next_poll_at - before).total_seconds() / 60)
    assert [round(d) for d in delays] == [20, 40, 80, 160, 320, 640]
    assert source.paused_at is not None
    assert source.last_error == f"HTTP 500 from {source.url}"
    assert not Source.objects.due().filter(pk=source.pk).exists()
    actions.do_resume_source(source, acting_user=None)
    assert Source.objects.due().filter(pk=source.pk).exists()
    assert source.failures == 0


def test_it_caps_back_off_at_a_day() -> None:
    now = timezone.now()
    assert breaker.next_attempt(now, 60, 20) - now == breaker.MAX_DELAY


def test_it_records_a_page_that_cannot_be_fetched_without_failing_the_source(
    web: Web, db: Any
) -> None:
    big = web.page("/big.html", "<p>" + "x" * 300_000 + "</p>")
    gone = web.page("/gone.html", "", status=404)
    source = make_source(
        web.page("/feed.xml", rss([("big", big), ("gone", gone)]), content_type="text/xml")
    )
    polled = ingest.poll_source(source)
    assert ingest.fetch_items(polled.new_ids) == []
    reasons = set(RawItem.objects.values_list("reason", flat=True))
    assert any("larger than" in reason for reason in reasons)
    assert any("HTTP 404" in reason for reason in reasons)
    source.refresh_from_db()
    assert source.failures == 0 and source.last_error


def test_it_refuses_a_source_on_loopback_unless_allowed(web: Web, db: Any) -> None:
    source = make_source(web.page("/f.xml", rss([])), allow_private_network=False)
    result = ingest.poll_source(source)
    assert "non-public address" in result.error
    assert web.requests == []


@pytest.mark.parametrize("kind", ["feed", "sitemap"])
def test_it_polls_the_packaged_demo_site(kind: str, city: Any) -> None:
    url = {
        "feed": "demo://lequotidien.example/rss.xml",
        "sitemap": "demo://tokyoshimbun.example/news-sitemap.xml",
    }[kind]
    source = make_source(url, kind=kind)
    result = ingest_all(source)
    assert result.stored
    assert all(a.published_at for a in Article.objects.all())


def test_it_spaces_requests_to_one_host_across_fetch_clients(
    web: Web, db: Any, settings: Any
) -> None:
    """Two clients (two workers) share the host's interval through the cache."""
    import time

    from beacon.lib import safehttp
    from beacon.monitoring.fetching import SharedRateLimiter

    url = web.page("/r", "ok")
    limits = safehttp.Limits(min_interval=1.0, timeout=5.0, obey_robots=False)
    first, second = (
        safehttp.Client(limits, allow_private_hosts={"127.0.0.1"}, rate=SharedRateLimiter())
        for _ in range(2)
    )
    started = time.monotonic()
    first.get(url)
    second.get(url)
    assert time.monotonic() - started >= 0.9


@pytest.mark.parametrize(
    "url", ["demo://../../../etc/passwd", "demo://asiawire.example/../../models.py", "demo://x/"]
)
def test_it_reads_nothing_outside_the_demo_site(url: str) -> None:
    from beacon.lib import safehttp
    from beacon.monitoring import fetching

    with pytest.raises(safehttp.HTTPStatusError):
        fetching.fetch(url)


def test_it_ignores_demo_links_in_a_feed_from_the_web(web: Web, db: Any) -> None:
    feed = rss([("a", "demo://asiawire.example/rss.xml"), ("b", "file:///etc/passwd")])
    source = make_source(web.page("/f.xml", feed, content_type="text/xml"))
    assert ingest.poll_source(source).new_ids == []
