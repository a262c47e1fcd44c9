"""What a kiosk shows now: its group's slides for the time of day, or an emergency notice.

The ETag of a playlist is cheap by design: the kiosk's id, its group's version (bumped by every
change to the group, its kiosks, rules, slides and notices) and the window of time the clock is
in. The window counts how many of the group's boundaries (rule edges in the day; slide and notice
start and end times) now lies past, so a poll is answered 304 without building anything, yet a
rule or notice that begins on its own still changes the tag at the right moment.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime, time
from functools import lru_cache
from time import monotonic
from typing import Any
from zoneinfo import ZoneInfo

import qrcode
import qrcode.constants
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from beacon.core.city import get_city_profile
from beacon.core.languages import language_name
from beacon.kiosks.models import Category, EmergencyNotice, Kiosk, KioskGroup, PlaylistRule, Slide

DEFAULT_SLIDE_SECONDS = 12
MAX_ITEMS = 40
POLL_SECONDS = 5
HEARTBEAT_SECONDS = 30
IDLE_SECONDS = 45
_SEVERITY_ORDER = {"danger": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Schedule:
    """A group's version and the moments its playlist changes by itself."""

    version: int
    day_edges: tuple[int, ...]  # seconds after local midnight, sorted
    moments: tuple[float, ...]  # POSIX timestamps, sorted


def _seconds(moment: time) -> int:
    return moment.hour * 3600 + moment.minute * 60 + moment.second


def load_schedule(group_id: int) -> Schedule:
    """Read a group's version and boundaries (a few small queries; cached by the caller)."""
    version = KioskGroup.objects.filter(pk=group_id).values_list("version", flat=True).first()
    edges: set[int] = set()
    for starts, ends in PlaylistRule.objects.filter(group_id=group_id).values_list(
        "starts_at", "ends_at"
    ):
        if starts != ends:
            edges.update((_seconds(starts), _seconds(ends)))
    moments: set[float] = set()
    for pair in Slide.objects.filter(group_id=group_id).values_list("valid_from", "valid_until"):
        moments.update(value.timestamp() for value in pair if value is not None)
    for pair in EmergencyNotice.objects.filter(groups=group_id, withdrawn_at=None).values_list(
        "starts_at", "ends_at"
    ):
        moments.update(value.timestamp() for value in pair if value is not None)
    return Schedule(version or 0, tuple(sorted(edges)), tuple(sorted(moments)))


def local_now(now: datetime | None = None) -> datetime:
    return (now or timezone.now()).astimezone(_zone())


def etag(kiosk_id: int, schedule: Schedule, now: datetime) -> str:
    stamp = now.timestamp()
    local = datetime.fromtimestamp(stamp, _zone())
    day = bisect_right(schedule.day_edges, local.hour * 3600 + local.minute * 60 + local.second)
    passed = bisect_right(schedule.moments, stamp)
    return f'"k{kiosk_id}-v{schedule.version}-d{day}-m{passed}"'


_zone_cache: dict[str, tuple[float, ZoneInfo]] = {}


def _zone() -> ZoneInfo:
    """The city's time zone, which rule times are in; looked up again once a minute."""
    hit = _zone_cache.get("zone")
    now = monotonic()
    if hit is not None and hit[0] > now:
        return hit[1]
    profile = get_city_profile()
    zone = ZoneInfo(profile.time_zone if profile else settings.TIME_ZONE)
    _zone_cache["zone"] = (now + 60.0, zone)
    return zone


@lru_cache(maxsize=4096)
def qr_svg(url: str) -> str:
    """The QR code of a portal URL as a small inline SVG (works offline, no request to draw).

    One path of horizontal runs of dark modules: a few hundred bytes where the qrcode
    package's own SVG writers spend one square per module.
    """
    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(url)
    code.make(fit=True)
    matrix = code.get_matrix()
    runs: list[str] = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            runs.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
    size = len(matrix)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(runs)}"/></svg>'
    )


def kiosk_languages(kiosk: Kiosk) -> list[str]:
    """The kiosk's languages in the order it shows them; the first is the one it starts in.

    Without a list of its own, a kiosk speaks the city's languages with the foreign ones
    first: it stands at a border gate, and its readers are mostly travellers from abroad.
    """
    if kiosk.languages:
        return list(kiosk.languages)
    profile = get_city_profile()
    if profile is None:
        return [settings.LANGUAGE_CODE]
    return [*profile.target_languages, profile.source_language]


def _labels(language: str) -> dict[str, str]:
    """The app's own words in one language (Django's catalogues; English where there are none)."""
    with translation.override(language):
        return {
            "name": unicodedata.normalize("NFC", language_name(language)),
            "scan": gettext("Scan for the full page"),
            "offline": gettext("Offline since"),
            "emergency": gettext("Emergency notice"),
            "choose": gettext("Choose your language"),
            "unregistered": gettext("This kiosk is not registered."),
            "nothing": gettext("Welcome"),
        }


def _slide_text(slide: Slide) -> dict[str, str]:
    return {
        "title": slide.title,
        "summary": slide.summary,
        "url": slide.portal_url,
        "qr": qr_svg(slide.portal_url),
        "image": slide.image_url,
        "image_alt": slide.image_alt,
    }


def _slides(kiosk: Kiosk, now: datetime) -> list[dict[str, Any]]:
    languages = kiosk_languages(kiosk)
    all_rules = list(
        PlaylistRule.objects.filter(group_id=kiosk.group_id).order_by("position", "pk")
    )
    moment = local_now(now).time()
    if not all_rules:  # a group without rules shows everything but emergencies (those take over)
        plan = [([c for c in Category.values if c != Category.EMERGENCY], DEFAULT_SLIDE_SECONDS)]
    else:
        plan = [
            (list(rule.categories), rule.slide_seconds)
            for rule in all_rules
            if rule.applies_at(moment)
        ]
    wanted = {category for categories, _seconds in plan for category in categories}
    rows = (
        Slide.objects.valid_at(now)
        .filter(group_id=kiosk.group_id, category__in=wanted, language__in=languages)
        .order_by("-published_at", "item_key", "pk")
    )
    by_key: dict[str, dict[str, Slide]] = {}
    for slide in rows:
        by_key.setdefault(slide.item_key, {})[slide.language] = slide
    items: list[dict[str, Any]] = []
    seen: set[str] = set()
    for categories, seconds in plan:
        for key, versions in by_key.items():
            first = next(iter(versions.values()))
            if key in seen or first.category not in categories:
                continue
            seen.add(key)
            texts = {
                language: _slide_text(versions[language])
                for language in languages
                if language in versions
            }
            items.append(
                {"key": key, "category": first.category, "seconds": seconds, "texts": texts}
            )
    return items[:MAX_ITEMS]


def _emergency(kiosk: Kiosk, now: datetime) -> dict[str, Any] | None:
    notices = list(EmergencyNotice.objects.filter(groups=kiosk.group_id).active_at(now))
    if not notices:
        return None
    notice = min(
        notices, key=lambda n: (_SEVERITY_ORDER.get(n.severity, 3), -n.starts_at.timestamp())
    )
    languages = kiosk_languages(kiosk)
    ordered = languages + [code for code in notice.title if code not in languages]
    texts = [
        {"lang": code, "title": notice.title[code], "body": notice.body.get(code, "")}
        for code in ordered
        if notice.title.get(code)
    ]
    return {
        "id": notice.pk,
        "severity": notice.severity,
        "texts": texts,
        "ends_at": notice.ends_at.isoformat() if notice.ends_at else None,
    }


def build_playlist(kiosk: Kiosk, now: datetime | None = None) -> dict[str, Any]:
    """The whole playlist of one kiosk as JSON-ready data."""
    moment = now or timezone.now()
    languages = kiosk_languages(kiosk)
    return {
        "kiosk": {
            "name": kiosk.name,
            "orientation": kiosk.orientation,
            "languages": languages,
        },
        "generated_at": moment.isoformat(),
        "poll_seconds": POLL_SECONDS,
        "heartbeat_seconds": HEARTBEAT_SECONDS,
        "idle_seconds": IDLE_SECONDS,
        "labels": {language: _labels(language) for language in languages},
        "emergency": _emergency(kiosk, moment),
        "slides": _slides(kiosk, moment),
    }


def slide_ids_in(playlist: dict[str, Any]) -> list[tuple[str, str]]:
    """(item_key, language) of every slide the playlist carries, to acknowledge delivery."""
    return [(item["key"], language) for item in playlist["slides"] for language in item["texts"]]
