"""A single web page watched for itself (a statement page, a live blog): the page is the entry."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from beacon.lib.safehttp import decode
from beacon.monitoring.sources.base import Entry, Found, SourceFormatError

KIND = "page"
LABEL = "Single web page"


def entries(body: bytes, url: str, content_type: str = "") -> Found:
    html = decode(body, content_type or "text/html")
    if not html.strip():
        raise SourceFormatError(gettext_noop("empty page"))
    return Found(entries=[Entry(url=url, html=html)], total=1)
