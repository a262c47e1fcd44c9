"""What every source kind returns, and the one error a malformed answer raises."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from xml.etree.ElementTree import TreeBuilder

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from django.utils.translation import gettext_noop

# Each poll reads at most this many entries: a feed of 10,000 items is a mistake or an attack.
MAX_ENTRIES = 500
# A feed's XML is a few levels deep (embedded XHTML adds some), and a feed of 500 rich items
# has some ten thousand elements; a tree past either bound is refused while it is parsed.
MAX_XML_DEPTH = 100
MAX_XML_ELEMENTS = 500_000

_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")


class SourceFormatError(Exception):
    """The answer is not what the source's kind expects; the reason is shown on the source.

    Like ``safehttp.FetchError``: ``message`` is an English template marked for the catalogues,
    ``params`` its values, ``reason`` the English text.
    """

    def __init__(self, message: str, **params: str | int) -> None:
        self.message = message
        self.params = params
        self.reason = message % params if params else message
        super().__init__(self.reason)


class RefusedXML(SourceFormatError):
    """XML refused for what it would make a parser do (entities, depth, size), not malformed."""


@dataclass
class Entry:
    """One article a source points at; ``html`` is set when the answer already holds the page."""

    url: str
    title: str = ""
    summary: str = ""
    published_at: datetime | None = None
    html: str = ""


@dataclass
class Found:
    """What one answer held: the entries kept, how many there were, and the ones skipped.

    ``skipped`` holds (reason template, example) pairs; the template takes ``count`` and
    ``example``, and ingest writes one line per reason on the source.
    """

    entries: list[Entry] = field(default_factory=list)
    total: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)


SKIPPED_NO_LINK = gettext_noop("Skipped %(count)s items without a link (first: %(example)s).")
SKIPPED_UNREADABLE = gettext_noop(
    "Skipped %(count)s items that could not be read (first: %(example)s)."
)


def xml_utf8(text: str) -> bytes:
    """The document (decoded with ``safehttp.decode``) in UTF-8, its declaration saying so.

    expat (under defusedxml) reads no multi-byte legacy encoding (GB2312, Big5, EUC-KR,
    Shift_JIS) and stops at an unknown one; ``safehttp.decode`` reads them all (mark, header,
    declaration, detection), so every parser after this sees one encoding.
    """
    text = _DECLARATION.sub('<?xml version="1.0" encoding="utf-8"?>', text)
    return text.encode("utf-8", "replace")


class _TooBig(Exception):
    """Raised from inside the parser, so that a hostile tree is never built whole."""


class _BoundedBuilder(TreeBuilder):
    """The tree builder, counting depth and elements as expat reports them."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.elements = 0

    def start(self, tag: Any, attrs: Any) -> Any:
        self.depth += 1
        self.elements += 1
        if self.depth > MAX_XML_DEPTH or self.elements > MAX_XML_ELEMENTS:
            raise _TooBig
        return super().start(tag, attrs)

    def end(self, tag: Any) -> Any:
        self.depth -= 1
        return super().end(tag)


def parse_xml(body: bytes) -> SafeET.Element:  # type: ignore[name-defined]
    """Parse XML refusing entities, DTDs and external references (defusedxml).

    The tree is refused as it is built once it is deeper than ``MAX_XML_DEPTH`` or larger
    than ``MAX_XML_ELEMENTS``: a million nested tags fit in five megabytes and would otherwise
    take seconds and hundreds of megabytes before anything could look at them.
    """
    builder = _BoundedBuilder()
    parser = SafeET.DefusedXMLParser(target=builder, forbid_entities=True, forbid_external=True)
    try:
        parser.feed(body)
        return parser.close()
    except _TooBig:
        if builder.depth > MAX_XML_DEPTH:
            raise RefusedXML(
                gettext_noop("XML nested more than %(limit)s levels deep"), limit=MAX_XML_DEPTH
            ) from None
        raise RefusedXML(
            gettext_noop("XML of more than %(limit)s elements"), limit=MAX_XML_ELEMENTS
        ) from None
    except DefusedXmlException as exc:
        raise RefusedXML(gettext_noop("refused XML: %(error)s"), error=type(exc).__name__) from None
    except SafeET.ParseError as exc:
        raise SourceFormatError(gettext_noop("malformed XML: %(error)s"), error=str(exc)) from None


def utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)
