"""RSS, Atom and JSON Feed.

XML goes through defusedxml first, so entity expansion ("billion laughs") and external entities
are refused before feedparser sees the bytes; a feed that is merely malformed is then read by
feedparser's lenient parser, as long as it declares no DTD.
"""

from __future__ import annotations

import calendar
import json
from datetime import UTC, datetime
from typing import Any

import feedparser

from beacon.monitoring.sources.base import MAX_ENTRIES, Entry, SourceFormatError, parse_xml, utc

KIND = "feed"
LABEL = "RSS, Atom or JSON Feed"


def _json_feed(body: bytes) -> list[Entry]:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SourceFormatError(f"malformed JSON Feed: {exc}") from None
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise SourceFormatError("JSON Feed without an items list")
    entries = []
    for raw in items[:MAX_ENTRIES]:
        if not isinstance(raw, dict) or not isinstance(raw.get("url"), str):
            continue
        published = None
        if isinstance(raw.get("date_published"), str):
            try:
                published = utc(datetime.fromisoformat(raw["date_published"]))
            except ValueError:
                published = None
        entries.append(
            Entry(
                url=raw["url"],
                title=str(raw.get("title") or ""),
                summary=str(raw.get("summary") or raw.get("content_html") or ""),
                published_at=published,
            )
        )
    return entries


def _when(entry: Any) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)


def entries(body: bytes, url: str) -> list[Entry]:
    if body.lstrip()[:1] == b"{":
        return _json_feed(body)
    try:
        parse_xml(body)
    except SourceFormatError as exc:
        if str(exc).startswith("refused") or b"<!DOCTYPE" in body[:4096].upper():
            raise
    parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise SourceFormatError(f"no entries in the feed{f' ({problem})' if problem else ''}")
    found = []
    for entry in parsed.entries[:MAX_ENTRIES]:
        link = entry.get("link")
        if not link:
            continue
        found.append(
            Entry(
                url=link,
                title=entry.get("title", ""),
                summary=entry.get("summary", ""),
                published_at=_when(entry),
            )
        )
    if not found and parsed.get("bozo"):
        raise SourceFormatError(f"malformed feed: {parsed.get('bozo_exception')}")
    return found
