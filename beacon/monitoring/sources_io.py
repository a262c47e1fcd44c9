"""Sources in and out as OPML (what feed readers exchange) and CSV (what people edit).

An import validates every row before saving any, and reports each error with its row; the
country, languages, kind and groups ride in OPML as ``beacon:*`` attributes of each outline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.etree.ElementTree import Element, SubElement, tostring

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from beacon.lib.tables import read_table, write_csv
from beacon.monitoring.actions import _require_manager, do_save_source
from beacon.monitoring.models import MediaKind, Source, SourceGroup
from beacon.monitoring.sources import REGISTRY
from beacon.monitoring.sources.base import SourceFormatError, parse_xml

if TYPE_CHECKING:
    from beacon.monitoring.actions import UserLike

COLUMNS = ["name", "url", "kind", "country", "languages", "media_kind", "poll_minutes", "groups"]


class SourceImportError(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class ImportResult:
    created: int
    updated: int


def export_rows(sources: list[Source]) -> list[list[str]]:
    return [
        [
            s.name,
            s.url,
            s.kind,
            s.country,
            " ".join(s.languages),
            s.media_kind,
            str(s.poll_minutes),
            "; ".join(g.name for g in s.groups.all()),
        ]
        for s in sources
    ]


def export_csv(sources: list[Source]) -> bytes:
    return write_csv(COLUMNS, export_rows(sources))


def export_opml(sources: list[Source]) -> bytes:
    root = Element("opml", {"version": "2.0", "xmlns:beacon": "https://beacon.invalid/opml"})
    SubElement(SubElement(root, "head"), "title").text = "Beacon sources"
    body = SubElement(root, "body")
    for row in export_rows(sources):
        values = dict(zip(COLUMNS, row, strict=True))
        SubElement(
            body,
            "outline",
            {
                "type": "rss",
                "text": values["name"],
                "title": values["name"],
                "xmlUrl": values["url"],
                **{f"beacon:{key}": values[key] for key in COLUMNS[2:]},
            },
        )
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(root, encoding="utf-8")


def read_opml(data: bytes) -> list[dict[str, str]]:
    """Rows from an OPML file; outlines without xmlUrl (folders) are walked through."""
    try:
        root = parse_xml(data)
    except SourceFormatError as exc:
        raise SourceImportError([str(exc)]) from None
    prefix = "{https://beacon.invalid/opml}"
    rows = []
    for outline in root.iter("outline"):
        url = outline.get("xmlUrl") or outline.get("url")
        if not url:
            continue
        row = {"name": outline.get("title") or outline.get("text") or url, "url": url}
        for key in COLUMNS[2:]:
            row[key] = outline.get(prefix + key, "")
        rows.append(row)
    return rows


def read_rows(data: bytes) -> list[dict[str, str]]:
    head = data.lstrip()[:200].lower()
    if head.startswith(b"<?xml") or head.startswith(b"<opml"):
        return read_opml(data)
    return read_table(data).rows


def _source_from(row: dict[str, str], number: int, errors: list[str]) -> tuple[Source, list[str]]:
    url = (row.get("url") or "").strip()
    source = Source.objects.filter(url=url).first() or Source(url=url)
    source.name = (row.get("name") or url).strip()[:200]
    source.kind = (row.get("kind") or "feed").strip()
    source.country = (row.get("country") or "").strip().upper()
    source.languages = (row.get("languages") or "").replace(",", " ").split()
    source.media_kind = (row.get("media_kind") or MediaKind.NEWSPAPER).strip()
    try:
        source.poll_minutes = int(row.get("poll_minutes") or 30)
    except ValueError:
        errors.append(_("Row %(row)d: polling interval is not a number.") % {"row": number})
    if not url.startswith(("http://", "https://")):
        errors.append(
            _("Row %(row)d: the URL must start with http:// or https://.") % {"row": number}
        )
    if source.kind not in REGISTRY:
        errors.append(
            _("Row %(row)d: unknown kind %(kind)s.") % {"row": number, "kind": source.kind}
        )
    if source.media_kind not in MediaKind.values:
        errors.append(
            _("Row %(row)d: unknown media kind %(kind)s.")
            % {"row": number, "kind": source.media_kind}
        )
    if len(source.country) != 2:
        errors.append(_("Row %(row)d: country must be a two-letter code.") % {"row": number})
    groups = [name.strip() for name in (row.get("groups") or "").split(";") if name.strip()]
    return source, groups


@transaction.atomic
def do_import_sources(data: bytes, *, acting_user: UserLike | None) -> ImportResult:
    """Create or update sources by URL from OPML or CSV; all rows or none."""
    _require_manager(acting_user)
    rows = read_rows(data)
    errors: list[str] = []
    parsed = [_source_from(row, number, errors) for number, row in enumerate(rows, start=2)]
    if errors:
        raise SourceImportError(errors)
    created = updated = 0
    for source, group_names in parsed:
        is_new = source.pk is None
        try:
            do_save_source(source, acting_user=acting_user)
        except ValidationError as exc:
            raise SourceImportError([f"{source.url}: {'; '.join(exc.messages)}"]) from None
        for name in group_names:
            source.groups.add(SourceGroup.objects.get_or_create(name=name[:120])[0])
        created += is_new
        updated += not is_new
    return ImportResult(created, updated)
