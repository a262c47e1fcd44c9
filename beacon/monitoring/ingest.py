"""The three steps of ingest, each callable from a task, a command or the demo loader.

1. ``poll_source``: fetch the source under the circuit breaker, record new entries as raw items.
2. ``fetch_items``: fetch each new item's page (I/O: the fetch queue).
3. ``analyse_items``: run the pipeline over a batch and store the result (CPU: the cpu queue).

Every failure is written on its source or raw item with its reason; nothing stored is touched.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from beacon.lib import safehttp
from beacon.monitoring import breaker, fetching
from beacon.monitoring.models import RawItem, Source
from beacon.monitoring.pipeline import canonical
from beacon.monitoring.pipeline.item import Item
from beacon.monitoring.pipeline.options import Options
from beacon.monitoring.pipeline.run import process
from beacon.monitoring.sources import REGISTRY, Entry, Found, SourceFormatError
from beacon.monitoring.sources.base import MAX_ENTRIES
from beacon.monitoring.store import StoredIndex, store_item

logger = logging.getLogger("beacon.monitoring.ingest")

# A page larger than this is kept only up to here: extraction needs no more.
MAX_HTML_CHARS = 2_000_000


class SkippedEntry(Exception):
    """One entry of an answer cannot be stored; ``message`` takes ``count`` and ``example``."""

    def __init__(self, message: str, example: str) -> None:
        super().__init__(message % {"count": 1, "example": example})
        self.message = message
        self.example = example


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


UNEXPECTED = gettext_noop("unexpected error while polling: %(error)s")
SKIPPED_BAD_LINK = gettext_noop(
    "Skipped %(count)s items whose link is not a valid web address (first: %(example)s)."
)
SKIPPED_SCHEME = gettext_noop(
    "Skipped %(count)s items whose link is not http or https (first: %(example)s)."
)
SKIPPED_REFUSED = gettext_noop("Skipped %(count)s items the database refused (first: %(example)s).")
PAGE_FAILED = gettext_noop("%(url)s: %(error)s")
CAPPED = gettext_noop("Kept %(kept)s of %(total)s items: a poll reads at most %(kept)s.")


def _reason(exc: BaseException) -> tuple[str, dict[str, Any]]:
    """The template and values of a failure; any exception type gives one."""
    if isinstance(exc, safehttp.FetchError | SourceFormatError):
        return exc.message, dict(exc.params)
    return UNEXPECTED, {"error": f"{type(exc).__name__}: {exc}"[:300]}


def record_failure(source: Source, message: str, params: dict[str, Any] | None = None) -> None:
    """Write the failure on the source and move its next poll out (the circuit breaker)."""
    now = timezone.now()
    params = params or {}
    reason = message % params if params else message
    source.failures += 1
    source.last_error = reason[:500]
    source.last_error_detail = {"message": message, "params": params}
    source.last_error_at = now
    source.last_polled_at = now
    source.next_poll_at = breaker.next_attempt(now, source.poll_minutes, source.failures)
    if breaker.should_pause(source.failures):
        source.paused_at = now
    source.lease_until = None
    source.save(
        update_fields=[
            "lease_until",
            "failures",
            "last_error",
            "last_error_detail",
            "last_error_at",
            "last_polled_at",
            "next_poll_at",
            "paused_at",
        ]
    )
    logger.warning("source %s failed (%d in a row): %s", source.pk, source.failures, reason)


def _clean(text: str, limit: int) -> str:
    """Text a database column takes: no NUL (PostgreSQL refuses it), no lone surrogate (a JSON
    ``"\\ud800"`` decodes to one, and no database driver encodes it), within its length."""
    text = text[:limit].replace("\x00", "")
    return text.encode("utf-8", "replace").decode("utf-8")


def _row(source: Source, entry: Entry, schemes: tuple[str, ...]) -> RawItem:
    """The raw item of one entry; ``SkippedEntry`` names why an entry cannot become one."""
    url = _clean(entry.url.strip(), 1000)
    if not url.startswith(schemes):
        raise SkippedEntry(SKIPPED_SCHEME, url[:100])
    try:
        key = canonical.url_hash(canonical.canonicalise(url))
    except ValueError:
        raise SkippedEntry(SKIPPED_BAD_LINK, url[:100]) from None
    html = _clean(entry.html, MAX_HTML_CHARS)
    return RawItem(
        source=source,
        url=url,
        url_hash=key,
        title=_clean(entry.title, 500),
        summary=_clean(entry.summary, 20_000),
        published_at=entry.published_at,
        html=html,
        status=RawItem.Status.FETCHED if html else RawItem.Status.NEW,
    )


def _insert(rows: list[RawItem], skipped: list[tuple[str, str]]) -> None:
    """Insert the rows at once, or one by one when the batch fails, skipping the refused."""
    try:
        with transaction.atomic():
            RawItem.objects.bulk_create(rows, ignore_conflicts=True)
        return
    except DatabaseError:
        logger.warning("batch of %d raw items refused; inserting one by one", len(rows))
    for row in rows:
        try:
            with transaction.atomic():
                RawItem.objects.bulk_create([row], ignore_conflicts=True)
        except DatabaseError as exc:
            skipped.append((SKIPPED_REFUSED, f"{row.url[:100]} ({type(exc).__name__})"))


def _notes(found: Found, skipped: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """One note per reason (count and first example), then the cap when it cut the answer."""
    counts: dict[str, list[str]] = {}
    for message, example in [*found.skipped, *skipped]:
        counts.setdefault(message, []).append(example)
    notes: list[dict[str, Any]] = [
        {"message": message, "params": {"count": len(examples), "example": examples[0]}}
        for message, examples in counts.items()
    ]
    if found.total > MAX_ENTRIES:
        notes.append({"message": CAPPED, "params": {"kept": MAX_ENTRIES, "total": found.total}})
    return notes


def poll_source(source: Source) -> PollResult:
    """Fetch a source once and record its new entries; failures count toward the breaker.

    Whatever goes wrong, of whatever exception type, is written on the source with its reason
    and moves the next poll out; an entry that cannot be stored is skipped with a counted
    reason and never loses the others.
    """
    try:
        return _poll(source)
    except Exception as exc:  # every failure must reach the breaker
        if not isinstance(exc, safehttp.FetchError | SourceFormatError):
            logger.exception("polling source %s failed", source.pk)
        message, params = _reason(exc)
        source.refresh_from_db()
        record_failure(source, message, params)
        return PollResult(error=message % params if params else message)


def _poll(source: Source) -> PollResult:
    result = PollResult()
    answer = fetching.fetch(
        source.url,
        etag=source.etag,
        last_modified=source.last_modified,
        private_host=_private_host(source),
    )
    found = (
        Found()
        if answer.not_modified
        else REGISTRY[source.kind].entries(
            answer.body, source.url, answer.headers.get("content-type", "")
        )
    )
    now = timezone.now()
    result.not_modified = answer.not_modified
    # Only the packaged demo site may point at packaged pages; the web may not.
    schemes = (
        ("http://", "https://", "demo://")
        if source.url.startswith("demo://")
        else ("http://", "https://")
    )
    rows = []
    skipped: list[tuple[str, str]] = []
    for entry in found.entries:
        try:
            rows.append(_row(source, entry, schemes))
        except SkippedEntry as exc:
            skipped.append((exc.message, exc.example))
    hashes = [row.url_hash for row in rows]
    with transaction.atomic():
        known = set(RawItem.objects.filter(url_hash__in=hashes).values_list("url_hash", flat=True))
        _insert([row for row in rows if row.url_hash not in known], skipped)
        fresh = RawItem.objects.filter(url_hash__in=set(hashes) - known, source=source)
        for pk, status in fresh.values_list("pk", "status"):
            (result.fetched_ids if status == RawItem.Status.FETCHED else result.new_ids).append(pk)
        source.failures = 0
        source.paused_at = None
        source.last_polled_at = source.last_success_at = now
        if result.new_ids or result.fetched_ids:
            source.last_item_at = now
        if not answer.not_modified:
            source.etag, source.last_modified = answer.etag[:255], answer.last_modified[:100]
            source.poll_notes = _notes(found, skipped)
        source.next_poll_at = breaker.next_attempt(now, source.poll_minutes, 0)
        source.lease_until = None
        source.save()
    return result


def fetch_items(ids: list[int]) -> list[int]:
    """Fetch the pages of new raw items; returns the ids now ready for analysis."""
    ready = []
    items = RawItem.objects.filter(pk__in=ids, status=RawItem.Status.NEW).select_related("source")
    for raw in items:
        try:
            answer = fetching.fetch(raw.url, private_host=_private_host(raw.source))
            raw.html = _clean(answer.text(), MAX_HTML_CHARS)
            raw.status = RawItem.Status.FETCHED
        except Exception as exc:  # one page's failure never stops the others
            message, params = _reason(exc)
            reason = message % params if params else message
            raw.status, raw.reason = RawItem.Status.FAILED, reason[:300]
            Source.objects.filter(pk=raw.source_id).update(
                last_error=f"{raw.url}: {reason}"[:500],
                last_error_detail={
                    "message": PAGE_FAILED,
                    "params": {"url": raw.url[:300], "error": reason[:300]},
                },
                last_error_at=timezone.now(),
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
