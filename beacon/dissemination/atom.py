"""A ``Message`` as Atom (RFC 4287): an entry, or a tombstone (RFC 6721) for a withdrawal.

Push sends a one-entry feed document, since RFC 6721 puts ``at:deleted-entry`` inside a feed;
the pull feed puts many in one. The entry id is the ninjs ``uri``, stable across versions.

Not ``django.utils.feedgenerator`` (which the portal's reader feeds use): a tombstone is an
element of the feed beside the entries, and a link here carries ``hreflang`` and an enclosure
its ``title`` (the image's alt text); its ``Atom1Feed`` writes none of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from xml.etree import ElementTree as ET

from django.utils import timezone

from beacon.dissemination.adapters import Message
from beacon.dissemination.ninjs import item_uri

ATOM = "http://www.w3.org/2005/Atom"
TOMBSTONES = "http://purl.org/atompub/tombstones/1.0"
ET.register_namespace("", ATOM)
ET.register_namespace("at", TOMBSTONES)


def _sub(parent: ET.Element, tag: str, text: str = "", **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text:
        element.text = text
    return element


def add_entry(feed: ET.Element, message: Message, when: datetime) -> None:
    """Append the message to ``feed``: an ``entry``, or an ``at:deleted-entry`` if withdrawn."""
    if message.action == "withdraw":
        gone = _sub(feed, f"{{{TOMBSTONES}}}deleted-entry", ref=item_uri(message))
        gone.set("when", when.isoformat())
        _sub(gone, f"{{{ATOM}}}link", href=message.url)
        _sub(gone, f"{{{TOMBSTONES}}}comment", "withdrawn")
        return
    entry = _sub(feed, f"{{{ATOM}}}entry")
    _sub(entry, f"{{{ATOM}}}id", item_uri(message))
    _sub(entry, f"{{{ATOM}}}title", message.title)
    _sub(entry, f"{{{ATOM}}}updated", when.isoformat())
    if message.published_at:
        _sub(entry, f"{{{ATOM}}}published", message.published_at.isoformat())
    link = _sub(entry, f"{{{ATOM}}}link", rel="alternate", href=message.url)
    link.set("hreflang", message.language)
    if message.summary:
        _sub(entry, f"{{{ATOM}}}summary", message.summary)
    if message.body_html:
        _sub(entry, f"{{{ATOM}}}content", message.body_html, type="html")
    for topic in message.topics:
        _sub(entry, f"{{{ATOM}}}category", term=topic)
    if message.image_url:
        enclosure = _sub(entry, f"{{{ATOM}}}link", rel="enclosure", href=message.image_url)
        enclosure.set("title", message.image_alt)


def feed_document(
    feed_id: str,
    title: str,
    items: Iterable[tuple[Message, datetime]],
    *,
    links: dict[str, str] | None = None,
) -> bytes:
    """A whole Atom feed of ``(message, version time)`` pairs, newest first as given."""
    feed = ET.Element(f"{{{ATOM}}}feed")
    _sub(feed, f"{{{ATOM}}}id", feed_id)
    _sub(feed, f"{{{ATOM}}}title", title)
    pairs = list(items)
    updated = max((when for _m, when in pairs), default=timezone.now())
    _sub(feed, f"{{{ATOM}}}updated", updated.isoformat())
    for rel, href in (links or {}).items():
        _sub(feed, f"{{{ATOM}}}link", rel=rel, href=href)
    for message, when in pairs:
        add_entry(feed, message, when)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def entry_document(message: Message, when: datetime) -> bytes:
    return feed_document(item_uri(message), message.title, [(message, when)])
