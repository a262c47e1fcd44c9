"""A ``Message`` as an IPTC ninjs 2.x document (https://iptc.org/standards/ninjs/).

The ``uri`` is the item's stable id (a tag URI, RFC 4151, per item and language), the same for
every version, so a receiver replaces what it holds; a withdrawal is the same document with
``pubstatus: canceled``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from beacon.dissemination.adapters import Message

# The year in tag URIs (RFC 4151 asks for a date when the authority held the name); it must
# never change, or every item would get a new id.
_TAG_YEAR = "2026"


def item_uri(message: Message) -> str:
    authority = urlsplit(settings.BASE_URL).hostname or "localhost"
    return f"tag:{authority},{_TAG_YEAR}:{message.item_key}/{message.language}"


def document(message: Message) -> dict[str, Any]:
    """The ninjs object for one message, the same on every attempt."""
    created = (message.published_at or timezone.now()).isoformat()
    doc: dict[str, Any] = {
        "uri": item_uri(message),
        "type": "text",
        "version": str(message.version),
        "versioncreated": created,
        "pubstatus": "canceled" if message.action == "withdraw" else "usable",
        "language": message.language,
        "headlines": [{"role": "main", "value": message.title, "contenttype": "text/plain"}],
        "urgency": 1 if message.urgency == "emergency" else 5,
        "renditions": [{"name": "web", "href": message.url, "contenttype": "text/html"}],
    }
    if message.extra.get("first_published_at"):
        doc["firstcreated"] = message.extra["first_published_at"]
    if message.summary:
        doc["descriptions"] = [
            {"role": "summary", "value": message.summary, "contenttype": "text/plain"}
        ]
    if message.body_html and message.action != "withdraw":
        doc["bodies"] = [{"role": "main", "value": message.body_html, "contenttype": "text/html"}]
    if message.image_url:
        doc["associations"] = [
            {
                "name": "featureimage",
                "type": "picture",
                "renditions": [{"name": "original", "href": message.image_url}],
                "descriptions": [{"role": "alt", "value": message.image_alt}],
            }
        ]
    if message.topics:
        doc["subjects"] = [{"name": topic} for topic in message.topics]
    return doc
