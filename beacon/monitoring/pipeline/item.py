"""The plain record that travels through the stages, and the one way to drop it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


class Discard(Exception):
    """A stage drops the item; the orchestrator logs ``reason`` once and goes on."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Found:
    """One gazetteer entry found in an article, with where it is most prominent."""

    label: str
    kind: str
    prominence: int
    count: int


@dataclass
class Item:
    """One article on its way in.

    The first fields come from the feed or the page fetch; each stage fills the ones it owns.
    ``ref`` is whatever the caller uses to find its row again (a raw-item id, a file name).
    """

    ref: Any
    url: str
    html: str
    feed_title: str = ""
    feed_summary: str = ""
    published_at: datetime | None = None
    # extract
    title: str = ""
    lead: str = ""
    text: str = ""
    page_url: str = ""
    page_date: str = ""
    # language
    language: str = ""
    # canonical
    canonical_url: str = ""
    url_hash: str = ""
    # fingerprint and dedupe
    signature: Any = None
    band_keys: list[str] = field(default_factory=list)
    duplicate_of: Any = None
    # mentions
    found: list[Found] = field(default_factory=list)
    prominence: int = 0
    about_city: bool = False
    # topics
    topics: list[str] = field(default_factory=list)
    # embed
    embedding: Any = None
    # tone
    tone: str = ""
    tone_confidence: float | None = None
