"""RSS, Atom and JSON Feed.

The body is first decoded to text whatever its encoding and handed on as UTF-8
(``base.xml_utf8``). XML then goes through defusedxml, so entity expansion ("billion laughs")
and external entities are refused before feedparser sees the bytes; a feed that is merely
malformed is then read by feedparser's lenient parser, as long as it declares no DTD.
feedparser is only ever given a file object: a string or bytes it would take for a file name
or a URL if such a file existed (``/etc/passwd``, ``/dev/zero``, ``http://...``), and read.
"""

from __future__ import annotations

import calendar
import io
import json
from datetime import UTC, datetime
from typing import Any

import defusedxml.ElementTree as SafeET
import feedparser
import numpy as np
from django.utils.translation import gettext_noop

from beacon.lib.safehttp import decode
from beacon.monitoring.sources.base import (
    MAX_ENTRIES,
    SKIPPED_NO_LINK,
    SKIPPED_UNREADABLE,
    Entry,
    Found,
    RefusedXML,
    SourceFormatError,
    parse_xml,
    utc,
    xml_utf8,
)

KIND = "feed"
LABEL = "RSS, Atom or JSON Feed"

# JSON nested deeper than this is refused before it is parsed: a JSON Feed needs four levels,
# and Python's parser (and anything walking the result) recurses once per level.
MAX_JSON_DEPTH = 64
# A document that is not well-formed goes to feedparser's lenient parser, which takes about
# 0.03 ms per tag: this many tags is a few seconds, and ten times a large real feed.
MAX_LOOSE_TAGS = 100_000
_ITEMS = {"item", "entry"}
_DEPTH_STEP = np.zeros(256, dtype=np.int8)
_DEPTH_STEP[[ord("["), ord("{")]] = 1
_DEPTH_STEP[[ord("]"), ord("}")]] = -1


def json_depth(text: bytes) -> int:
    """How deep the brackets of a JSON text nest, counting brackets inside strings too.

    An over-estimate is safe (a refusal with a reason) and keeps this a few vector operations
    on the bytes, with no recursion and no parse.
    """
    if not text:
        return 0
    steps = _DEPTH_STEP[np.frombuffer(text, dtype=np.uint8)].astype(np.int32)
    return int(np.cumsum(steps).max(initial=0))


def _json_entry(raw: Any) -> Entry | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("url"), str):
        return None
    published = None
    if isinstance(raw.get("date_published"), str):
        try:
            published = utc(datetime.fromisoformat(raw["date_published"]))
        except ValueError:
            published = None
    return Entry(
        url=raw["url"],
        title=str(raw.get("title") or ""),
        summary=str(raw.get("summary") or raw.get("content_html") or ""),
        published_at=published,
    )


def _json_feed(body: bytes) -> Found:
    depth = json_depth(body)
    if depth > MAX_JSON_DEPTH:
        raise SourceFormatError(
            gettext_noop("JSON nested %(depth)s levels deep (at most %(limit)s are read)"),
            depth=depth,
            limit=MAX_JSON_DEPTH,
        )
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise SourceFormatError(
            gettext_noop("malformed JSON Feed: %(error)s"), error=str(exc)
        ) from None
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise SourceFormatError(gettext_noop("JSON Feed without an items list"))
    found = Found(total=len(items))
    for raw in items[:MAX_ENTRIES]:
        try:
            entry = _json_entry(raw)
        except Exception as exc:  # one unreadable item never loses the others
            found.skipped.append((SKIPPED_UNREADABLE, type(exc).__name__))
            continue
        if entry is None:
            found.skipped.append((SKIPPED_NO_LINK, str(raw)[:100]))
            continue
        found.entries.append(entry)
    return found


def _when(entry: Any) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _feed_entry(entry: Any) -> Entry | None:
    link = entry.get("link")
    if not link or not isinstance(link, str):
        return None
    return Entry(
        url=link,
        title=str(entry.get("title", "")),
        summary=str(entry.get("summary", "")),
        published_at=_when(entry),
    )


def _capped(root: Any, document: bytes) -> tuple[int, bytes]:
    """How many items the feed holds, and the document cut to the first ``MAX_ENTRIES``.

    feedparser takes about 0.03 ms and a few kilobytes per element: a feed of 100,000 items
    would hold a worker for seconds and hundreds of megabytes for entries that are dropped
    anyway, so the extra ``item``/``entry`` elements are removed from the parsed tree first.
    """
    total = 0
    cut = False
    stack = [root]
    while stack:
        parent = stack.pop()
        kept, seen = [], 0
        for child in parent:
            if str(child.tag).rsplit("}", 1)[-1] in _ITEMS:
                seen += 1
                if seen > MAX_ENTRIES:
                    continue
            kept.append(child)
        total += seen
        if seen > MAX_ENTRIES:
            parent[:] = kept
            cut = True
        stack.extend(kept)
    if not cut:
        return total, document
    return total, SafeET.tostring(root, encoding="utf-8")


def entries(body: bytes, url: str, content_type: str = "") -> Found:
    text = decode(body, content_type)
    if text.lstrip()[:1] == "{":
        return _json_feed(text.encode("utf-8", "replace"))
    document = xml_utf8(text)
    try:
        root = parse_xml(document)
    except RefusedXML:
        raise
    except SourceFormatError:
        if b"<!DOCTYPE" in document[:4096].upper():
            raise
        # Only feedparser's lenient parser reads it now, at its pace: bound its work.
        tags = document.count(b"<")
        if tags > MAX_LOOSE_TAGS:
            raise SourceFormatError(
                gettext_noop("malformed XML with %(count)s tags (at most %(limit)s are read)"),
                count=tags,
                limit=MAX_LOOSE_TAGS,
            ) from None
        total = 0
    else:
        total, document = _capped(root, document)
    parsed = feedparser.parse(
        io.BytesIO(document), sanitize_html=False, resolve_relative_uris=False
    )
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        if problem:
            raise SourceFormatError(
                gettext_noop("no entries in the feed (%(error)s)"), error=str(problem)
            )
        raise SourceFormatError(gettext_noop("no entries in the feed"))
    found = Found(total=max(total, len(parsed.entries)))
    for item in parsed.entries[:MAX_ENTRIES]:
        try:
            entry = _feed_entry(item)
        except Exception as exc:  # one unreadable item never loses the others
            found.skipped.append((SKIPPED_UNREADABLE, type(exc).__name__))
            continue
        if entry is None:
            found.skipped.append((SKIPPED_NO_LINK, str(item.get("title", ""))[:100]))
            continue
        found.entries.append(entry)
    if not found.entries and parsed.get("bozo"):
        raise SourceFormatError(
            gettext_noop("malformed feed: %(error)s"), error=str(parsed.get("bozo_exception"))
        )
    return found
