"""Stage: main text and metadata from the page's HTML (trafilatura)."""

from __future__ import annotations

import re

import trafilatura
from trafilatura.settings import Document

from beacon.lib.sanitise import plain_text
from beacon.monitoring.pipeline.item import Discard, Item
from beacon.monitoring.pipeline.options import Options
from beacon.monitoring.pipeline.text import is_unspaced

_SPACES = re.compile(r"[ \t\u00a0]+")


def minimum_length(text: str, options: Options) -> int:
    """Chinese, Japanese and Korean say in one character what Latin scripts say in three."""
    return options.min_text_chars // 3 if is_unspaced(text[:200]) else options.min_text_chars


def run(item: Item, options: Options) -> Item:
    """Fill title, lead and text; fall back to the feed's title and summary when the page is thin.

    trafilatura leaves scripts, styles and navigation out; the title and the feed's texts still go
    through ``plain_text`` because they may carry markup.
    """
    document: Document | None = None
    if item.html.strip():
        # A Document (not a dict) since as_dict is not asked for.
        document = trafilatura.bare_extraction(  # type: ignore[assignment]
            item.html,
            url=item.url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            fast=True,
        )
    text = (document.text or "") if document is not None else ""
    if document is not None:
        item.page_url = document.url or ""
        item.page_date = document.date or ""
    summary = plain_text(item.feed_summary)
    if len(text) < minimum_length(text, options) and len(summary) > len(text):
        text = summary
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.splitlines() if line.strip())
    if len(text) < minimum_length(text, options):
        raise Discard(f"no article text ({len(text)} characters)")
    title = plain_text(item.feed_title) or (
        plain_text(document.title or "") if document is not None else ""
    )
    item.title = _SPACES.sub(" ", title).strip()[:500] or text.split("\n", 1)[0][:200]
    first, _newline, rest = text.partition("\n")
    if rest and first.strip() == item.title:
        text = rest  # the headline repeated as the first line of the text is not the lead
    item.text = text
    item.lead = text.split("\n", 1)[0][:1000]
    return item
