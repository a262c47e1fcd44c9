"""The demo fleet at Nội Bài: groups, kiosks, rules, entry information, a past notice.

It runs before the Deliveries demo, whose outbox then hands the portal's pages to the kiosk
channel, so the demo screens show the demo portal with QR codes that open it. Running it twice
changes nothing that is already there.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import time, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from beacon.core.models import Agency
from beacon.dissemination.adapters import Message
from beacon.dissemination.models import Channel
from beacon.kiosks import actions
from beacon.kiosks.adapter import KioskAdapter
from beacon.kiosks.models import EmergencyNotice, Kiosk, KioskGroup, PlaylistRule

GROUPS = [
    ("CK-NOIBAI-T2", "noibai-t2-arrivals", "Nội Bài T2 – sảnh đến quốc tế"),
    ("CK-NOIBAI-T1", "noibai-t1-arrivals", "Nội Bài T1 – sảnh đến"),
    ("CK-NOIBAI-BP", "noibai-border-control", "Nội Bài – khu kiểm soát xuất nhập cảnh"),
]
ALL_DAY = (time(0), time(0))
RULES: dict[str, list[tuple[list[str], tuple[time, time], int]]] = {
    "noibai-t2-arrivals": [
        (["entry", "news", "events", "city"], (time(6), time(22)), 12),
        (["entry", "city"], (time(22), time(6)), 15),
    ],
    "noibai-t1-arrivals": [(["news", "events", "city", "entry"], ALL_DAY, 12)],
    "noibai-border-control": [(["entry"], ALL_DAY, 15)],
}
# name, group, terminal, gate, location, orientation, languages, hours, heartbeat minutes ago.
# Kiosks that international travellers pass start in English; the domestic hall in Vietnamese.
KIOSKS: list[tuple[str, str, str, str, str, str, list[str], tuple[int, int] | None, int]] = [
    ("T2-ARR-01", "noibai-t2-arrivals", "T2", "Băng chuyền 3", "Sảnh nhận hành lý",
     "landscape", ["en", "zh", "ko", "ja", "vi"], None, 0),
    ("T2-ARR-02", "noibai-t2-arrivals", "T2", "Cửa ra E", "Sảnh đón khách",
     "portrait", ["en", "zh", "ko", "vi"], None, 40),
    ("T1-ARR-01", "noibai-t1-arrivals", "T1", "Cửa ra A2", "Sảnh đến ga quốc nội",
     "landscape", ["vi", "en", "fr"], (5, 23), 0),
    ("BP-01", "noibai-border-control", "T2", "Quầy kiểm soát 1–12", "Khu chờ nhập cảnh",
     "landscape", ["en", "zh", "ko", "ja", "ru", "vi"], None, 1),
]  # fmt: skip
ENTRY: list[dict[str, Any]] = [
    {
        "key": "demo.entry.evisa",
        "vi": ("Thị thực điện tử: 90 ngày, nhập cảnh nhiều lần",
               "Công dân mọi quốc gia có thể xin thị thực điện tử trực tuyến trước chuyến đi."),
        "en": ("E-visa: 90 days, multiple entries",
               "Citizens of every country can apply online for an e-visa before they travel."),
        "fr": ("Visa électronique : 90 jours, entrées multiples",
               "Les ressortissants de tous les pays peuvent le demander en ligne avant le départ."),
    },
    {
        "key": "demo.entry.transport",
        "vi": ("Từ sân bay vào trung tâm",
               "Xe buýt 86 đến Ga Hà Nội mỗi 20 phút; taxi có đồng hồ tại cửa ra."),
        "en": ("From the airport to the city centre",
               "Bus 86 to Hanoi Station every 20 minutes; metered taxis at the exit."),
        "fr": ("De l'aéroport au centre-ville",
               "Bus 86 vers la gare de Hanoï toutes les 20 minutes ; taxis à compteur."),
    },
]  # fmt: skip
PAST_NOTICE = {
    "vi": ("Cảnh báo bão: chuyến bay có thể bị chậm", "Theo dõi bảng thông tin chuyến bay."),
    "en": ("Storm warning: flights may be delayed", "Watch the flight information boards."),
    "zh": ("台风预警：航班可能延误", "请留意航班信息屏。"),
    "ko": ("태풍 경보: 항공편이 지연될 수 있습니다", "항공편 안내 화면을 확인하십시오."),
}
# Entry information is written for the kiosks only (it is no portal page): it is handed straight
# to the adapter; the portal's pages reach the kiosks through the outbox (the Deliveries demo).
CHANNEL = "Entry information at Nội Bài"


@transaction.atomic
def _fleet() -> dict[str, KioskGroup]:
    agencies = {agency.code: agency for agency in Agency.objects.filter(code__startswith="CK-")}
    groups: dict[str, KioskGroup] = {}
    for code, slug, name in GROUPS:
        group = KioskGroup.objects.filter(slug=slug).first()
        if group is None:
            group = actions.do_save_group(
                KioskGroup(agency=agencies[code], name=name, slug=slug), acting_user=None
            )
            for categories, (starts, ends), seconds in RULES[slug]:
                rule = PlaylistRule(
                    group=group,
                    categories=categories,
                    starts_at=starts,
                    ends_at=ends,
                    slide_seconds=seconds,
                )
                actions.do_save_rule(rule, acting_user=None)
        groups[slug] = group
    now = timezone.now()
    for name, slug, terminal, gate, place, orientation, languages, hours, ago in KIOSKS:
        if Kiosk.objects.filter(name=name).exists():
            continue
        kiosk = Kiosk(
            group=groups[slug],
            name=name,
            terminal=terminal,
            gate=gate,
            location=place,
            orientation=orientation,
            languages=languages,
            opens_at=time(hours[0]) if hours else None,
            closes_at=time(hours[1]) if hours else None,
        )
        actions.do_save_kiosk(kiosk, acting_user=None)
        actions.do_issue_token(kiosk, acting_user=None)
        Kiosk.objects.filter(pk=kiosk.pk).update(
            last_heartbeat_at=now - timedelta(minutes=ago),
            online_since=now - timedelta(hours=6),
            app_version="1.0.0",
            last_errors=["image: timeout loading a slide image"] if ago > 15 else [],
        )
    return groups


def _entry_messages() -> list[Message]:
    messages = []
    for item in ENTRY:
        for language in ("vi", "en", "fr"):
            title, summary = item[language]
            messages.append(
                Message(
                    item_key=item["key"],
                    idempotency_key=f"{item['key']}.{language}",
                    action="publish",
                    language=language,
                    title=title,
                    url=f"{settings.BASE_URL}/{language}/",
                    summary=summary,
                    published_at=timezone.now(),
                    extra={"category": "entry"},
                )
            )
    return messages


def load_kiosks_demo(report: Callable[[str], None] = lambda _line: None) -> int:
    """The fleet, its entry slides and a past notice; returns how many slides were handed over."""
    groups = _fleet()
    adapter, channel = KioskAdapter(), Channel(name=CHANNEL, kind="kiosk")
    delivered = 0
    for message in _entry_messages():
        adapter.deliver(channel, message)
        delivered += 1
    if not EmergencyNotice.objects.exists():
        started = timezone.now() - timedelta(days=3)
        notice = EmergencyNotice(
            agency=groups["noibai-t2-arrivals"].agency,
            title={code: texts[0] for code, texts in PAST_NOTICE.items()},
            body={code: texts[1] for code, texts in PAST_NOTICE.items()},
            severity="warning",
            starts_at=started,
            ends_at=started + timedelta(hours=10),
        )
        actions.do_issue_emergency_notice(
            notice, [groups["noibai-t2-arrivals"], groups["noibai-t1-arrivals"]], acting_user=None
        )
    report(f"Kiosks: {Kiosk.objects.count()} kiosks in {len(groups)} groups, {delivered} slides")
    return delivered
