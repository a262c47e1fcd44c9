"""What every source kind returns, and the one error a malformed answer raises."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

# Each poll reads at most this many entries: a feed of 10,000 items is a mistake or an attack.
MAX_ENTRIES = 500


class SourceFormatError(Exception):
    """The answer is not what the source's kind expects; the reason is shown on the source."""


@dataclass
class Entry:
    """One article a source points at; ``html`` is set when the answer already holds the page."""

    url: str
    title: str = ""
    summary: str = ""
    published_at: datetime | None = None
    html: str = ""


def parse_xml(body: bytes) -> SafeET.Element:  # type: ignore[name-defined]
    """Parse XML refusing entities, DTDs and external references (defusedxml)."""
    try:
        return SafeET.fromstring(body)
    except DefusedXmlException as exc:
        raise SourceFormatError(f"refused XML: {type(exc).__name__}") from None
    except SafeET.ParseError as exc:
        raise SourceFormatError(f"malformed XML: {exc}") from None


def utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)
