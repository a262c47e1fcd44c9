"""News sitemaps (sitemaps.org with the Google News extension)."""

from __future__ import annotations

from datetime import datetime

from beacon.monitoring.sources.base import MAX_ENTRIES, Entry, SourceFormatError, parse_xml, utc

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


def entries(body: bytes, url: str) -> list[Entry]:
    root = parse_xml(body)
    if root.tag != f"{_SM}urlset":
        raise SourceFormatError(f"not a sitemap urlset: <{root.tag}>")
    found = []
    for node in root.findall(f"{_SM}url")[:MAX_ENTRIES]:
        loc = (node.findtext(f"{_SM}loc") or "").strip()
        if not loc:
            continue
        news = node.find(f"{_NEWS}news")
        title = news.findtext(f"{_NEWS}title") if news is not None else ""
        when = news.findtext(f"{_NEWS}publication_date") if news is not None else None
        found.append(
            Entry(
                url=loc,
                title=(title or "").strip(),
                published_at=_date(when or node.findtext(f"{_SM}lastmod")),
            )
        )
    return found
