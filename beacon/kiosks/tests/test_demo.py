"""The demo fleet loads on the demo city's agencies, and loading it again changes nothing."""

from __future__ import annotations

from typing import Any

from beacon.core.demo import hanoi
from beacon.core.demo_loader import load_agencies, load_city
from beacon.kiosks.demo import load_kiosks_demo
from beacon.kiosks.fleet import offline_while_open
from beacon.kiosks.models import EmergencyNotice, Kiosk, KioskGroup, PlaylistRule, Slide


def test_it_loads_the_noi_bai_fleet_once(db: Any) -> None:
    load_city(hanoi.CITY)
    load_agencies(hanoi.AGENCIES)
    load_kiosks_demo()
    counts = [m.objects.count() for m in (KioskGroup, Kiosk, PlaylistRule, Slide, EmergencyNotice)]
    assert counts[:3] == [3, 4, 4]
    assert counts[3] > 0 and counts[4] == 1
    assert not EmergencyNotice.objects.get().is_active()
    assert [k.name for k in offline_while_open()] == ["T2-ARR-02"]
    load_kiosks_demo()
    again = [m.objects.count() for m in (KioskGroup, Kiosk, PlaylistRule, Slide, EmergencyNotice)]
    assert again == counts


def test_it_starts_the_international_kiosks_in_a_foreign_language(db: Any) -> None:
    from beacon.kiosks.playlist import build_playlist

    load_city(hanoi.CITY)
    load_agencies(hanoi.AGENCIES)
    load_kiosks_demo()
    first = {
        kiosk.name: build_playlist(kiosk)["kiosk"]["languages"][0] for kiosk in Kiosk.objects.all()
    }
    assert first == {"T2-ARR-01": "en", "T2-ARR-02": "en", "BP-01": "en", "T1-ARR-01": "vi"}
