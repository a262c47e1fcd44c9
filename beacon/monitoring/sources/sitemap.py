"""News sitemaps (sitemaps.org with the Google News extension), in any encoding."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext_noop

from beacon.lib.safehttp import decode
from beacon.monitoring.sources.base import (
    MAX_ENTRIES,
    SKIPPED_NO_LINK,
    SKIPPED_UNREADABLE,
    Entry,
    Found,
    SourceFormatError,
    parse_xml,
    utc,
    xml_utf8,
)

KIND = "sitemap"
LABEL = "News sitemap"

_SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def _date(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return utc(datetime.fromisoformat(text.strip().replace("Z", "+00:00")))
    except ValueError:
        return None


def _entry(node: object) -> Entry | None:
    loc = (node.findtext(f"{_SM}loc") or "").strip()  # type: ignore[attr-defined]
    if not loc:
        return None
    news = node.find(f"{_NEWS}news")  # type: ignore[attr-defined]
    title = news.findtext(f"{_NEWS}title") if news is not None else ""
    when = news.findtext(f"{_NEWS}publication_date") if news is not None else None
    return Entry(
        url=loc,
        title=(title or "").strip(),
        published_at=_date(when or node.findtext(f"{_SM}lastmod")),  # type: ignore[attr-defined]
    )


def entries(body: bytes, url: str, content_type: str = "") -> Found:
    root = parse_xml(xml_utf8(decode(body, content_type)))
    if root.tag != f"{_SM}urlset":
        raise SourceFormatError(gettext_noop("not a sitemap urlset: <%(tag)s>"), tag=root.tag[:100])
    nodes = root.findall(f"{_SM}url")
    found = Found(total=len(nodes))
    for node in nodes[:MAX_ENTRIES]:
        try:
            entry = _entry(node)
        except Exception as exc:  # one unreadable item never loses the others
            found.skipped.append((SKIPPED_UNREADABLE, type(exc).__name__))
            continue
        if entry is None:
            found.skipped.append((SKIPPED_NO_LINK, ""))
            continue
        found.entries.append(entry)
    return found
