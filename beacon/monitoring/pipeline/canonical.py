"""Stage: one canonical URL per article, so that the same page seen twice is stored once."""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from beacon.monitoring.pipeline.item import Item
from beacon.monitoring.pipeline.options import Options

_TRACKING_PREFIXES = ("utm_", "mc_", "at_")
_TRACKING = {"fbclid", "gclid", "yclid", "igshid", "ref", "cmpid", "xtor", "ocid"}


def canonicalise(url: str) -> str:
    """Lower-case scheme and host, no default port, no fragment, no tracking parameters."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key.lower() not in _TRACKING and not key.lower().startswith(_TRACKING_PREFIXES)
    ]
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    return urlunsplit((scheme, host, path, urlencode(sorted(query)), ""))


def url_hash(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def run(item: Item, options: Options) -> Item:
    """Prefer the page's own canonical link when it stays on the same site."""
    chosen = item.url
    same_site = urlsplit(item.page_url).hostname == urlsplit(item.url).hostname
    if item.page_url.startswith(("http://", "https://", "demo://")) and same_site:
        chosen = item.page_url
    item.canonical_url = canonicalise(chosen)
    item.url_hash = url_hash(item.canonical_url)
    return item
