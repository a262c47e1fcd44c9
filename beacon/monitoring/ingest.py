"""The three steps of ingest, each callable from a task, a command or the demo loader.

1. ``poll_source``: fetch the source under the circuit breaker, record new entries as raw items.
2. ``fetch_items``: fetch each new item's page (I/O: the fetch queue).
3. ``analyse_items``: run the pipeline over a batch and store the result (CPU: the cpu queue).

Every failure is written on its source or raw item with its reason; nothing stored is touched.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from beacon.lib import safehttp
from beacon.monitoring import breaker, fetching
from beacon.monitoring.models import RawItem, Source
from beacon.monitoring.pipeline import canonical
from beacon.monitoring.pipeline.item import Item
from beacon.monitoring.pipeline.options import Options
from beacon.monitoring.pipeline.run import process
from beacon.monitoring.sources import REGISTRY, SourceFormatError
from beacon.monitoring.store import StoredIndex, store_item

logger = logging.getLogger("beacon.monitoring.ingest")

# A page larger than this is kept only up to here: extraction needs no more.
MAX_HTML_CHARS = 2_000_000


@dataclass
class PollResult:
    new_ids: list[int] = field(default_factory=list)
    fetched_ids: list[int] = field(default_factory=list)
    not_modified: bool = False
    error: str = ""


@dataclass
class AnalyseResult:
    stored: list[int] = field(default_factory=list)
    story_ids: set[int] = field(default_factory=set)
    discarded: int = 0


def _private_host(source: Source) -> str:
    return source.host if source.allow_private_network else ""


def record_failure(source: Source, reason: str) -> None:
    now = timezone.now()
    source.failures += 1
    source.last_error = reason[:500]
    source.last_error_at = now
    source.last_polled_at = now
    source.next_poll_at = breaker.next_attempt(now, source.poll_minutes, source.failures)
    if breaker.should_pause(source.failures):
        source.paused_at = now
    source.save(
        update_fields=[
            "failures",
            "last_error",
            "last_error_at",
            "last_polled_at",
            "next_poll_at",
            "paused_at",
        ]
    )
    logger.warning("source %s failed (%d in a row): %s", source.pk, source.failures, reason)


def poll_source(source: Source) -> PollResult:
    """Fetch a source once and record its new entries; failures count toward the breaker."""
    result = PollResult()
    try:
        answer = fetching.fetch(
            source.url,
            etag=source.etag,
            last_modified=source.last_modified,
            private_host=_private_host(source),
        )
        entries = (
            [] if answer.not_modified else REGISTRY[source.kind].entries(answer.body, source.url)
        )
    except (safehttp.FetchError, SourceFormatError) as exc:
        record_failure(source, str(exc))
        result.error = str(exc)
        return result
    now = timezone.now()
    result.not_modified = answer.not_modified
    # Only the packaged demo site may point at packaged pages; the web may not.
    schemes = (
        ("http://", "https://", "demo://")
        if source.url.startswith("demo://")
        else ("http://", "https://")
    )
    rows = []
    for entry in entries:
        url = entry.url.strip()
        if not url.startswith(schemes):
            continue
        rows.append(
            RawItem(
                source=source,
                url=url[:1000],
                url_hash=canonical.url_hash(canonical.canonicalise(url)),
                title=entry.title[:500],
                summary=entry.summary[:20_000],
                published_at=entry.published_at,
                html=entry.html[:MAX_HTML_CHARS],
                status=RawItem.Status.FETCHED if entry.html else RawItem.Status.NEW,
            )
        )
    hashes = [row.url_hash for row in rows]
    with transaction.atomic():
        known = set(RawItem.objects.filter(url_hash__in=hashes).values_list("url_hash", flat=True))
        RawItem.objects.bulk_create(
            [row for row in rows if row.url_hash not in known], ignore_conflicts=True
        )
        fresh = RawItem.objects.filter(url_hash__in=set(hashes) - known)
        for pk, status in fresh.values_list("pk", "status"):
            (result.fetched_ids if status == RawItem.Status.FETCHED else result.new_ids).append(pk)
        source.failures = 0
        source.paused_at = None
        source.last_polled_at = source.last_success_at = now
        if result.new_ids or result.fetched_ids:
            source.last_item_at = now
        if not answer.not_modified:
            source.etag, source.last_modified = answer.etag[:255], answer.last_modified[:100]
        source.next_poll_at = breaker.next_attempt(now, source.poll_minutes, 0)
        source.save()
    return result


def fetch_items(ids: list[int]) -> list[int]:
    """Fetch the pages of new raw items; returns the ids now ready for analysis."""
    ready = []
    items = RawItem.objects.filter(pk__in=ids, status=RawItem.Status.NEW).select_related("source")
    for raw in items:
        try:
            answer = fetching.fetch(raw.url, private_host=_private_host(raw.source))
            raw.html = answer.text()[:MAX_HTML_CHARS]
            raw.status = RawItem.Status.FETCHED
        except safehttp.FetchError as exc:
            raw.status, raw.reason = RawItem.Status.FAILED, exc.reason[:300]
            Source.objects.filter(pk=raw.source_id).update(
                last_error=f"{raw.url}: {exc.reason}"[:500], last_error_at=timezone.now()
            )
        raw.save(update_fields=["html", "status", "reason"])
        if raw.status == RawItem.Status.FETCHED:
            ready.append(raw.pk)
    return ready


def analyse_items(ids: list[int], options: Options) -> AnalyseResult:
    """Run the pipeline over fetched raw items and store what it keeps."""
    result = AnalyseResult()
    raws = {
        raw.pk: raw
        for raw in RawItem.objects.filter(pk__in=ids, status=RawItem.Status.FETCHED).select_related(
            "source"
        )
    }
    items = [
        Item(
            ref=raw.pk,
            url=raw.url,
            html=raw.html,
            feed_title=raw.title,
            feed_summary=raw.summary,
            published_at=raw.published_at,
        )
        for raw in raws.values()
    ]
    outcome = process(items, options, StoredIndex())
    stories: dict = {}
    for item in outcome.kept:
        raw = raws[item.ref]
        article = store_item(raw.source, item, stories)
        raw.status = RawItem.Status.DONE
        raw.reason = "" if article is not None else "already stored"
        if article is not None:
            result.stored.append(article.pk)
            result.story_ids.add(article.story_id)
    for item, reason in outcome.discarded:
        raw = raws[item.ref]
        raw.status, raw.reason = RawItem.Status.DISCARDED, reason[:300]
        result.discarded += 1
    for raw in raws.values():
        raw.html = ""  # the extracted text is kept; the page itself is not needed any more
    RawItem.objects.bulk_update(list(raws.values()), ["status", "reason", "html"])
    return result
