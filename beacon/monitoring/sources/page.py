"""A single web page watched for itself (a statement page, a live blog): the page is the entry."""

from __future__ import annotations

from beacon.lib.safehttp import decode
from beacon.monitoring.sources.base import Entry, SourceFormatError

KIND = "page"
LABEL = "Single web page"


def entries(body: bytes, url: str) -> list[Entry]:
    html = decode(body, "text/html")
    if not html.strip():
        raise SourceFormatError("empty page")
    return [Entry(url=url, html=html)]
