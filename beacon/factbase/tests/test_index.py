"""The saved claim index: built once, loaded by the other processes, rebuilt when facts change."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

from beacon.factbase import index
from beacon.factbase.tasks import refresh_claim_index
from beacon.factbase.tests.conftest import METRO, METRO_VI, PARKS, PARKS_VI, Desk


@pytest.fixture
def fresh_process(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Drops this process's index in memory, as a new process starts without one."""

    def forget() -> None:
        monkeypatch.setattr(index, "_cached", None)

    forget()
    return forget


def saved() -> list[str]:
    return sorted(p.name for p in settings.BEACON_CLAIM_INDEX_DIR.glob("*.pickle"))


def test_a_process_loads_the_saved_index_instead_of_building_it(
    desk: Desk, fresh_process: Any
) -> None:
    desk.approved_fact(METRO_VI, METRO)
    built = index.current_index()
    assert len(saved()) == 1
    path = settings.BEACON_CLAIM_INDEX_DIR / saved()[0]
    written = path.stat().st_mtime_ns
    fresh_process()
    loaded = index.current_index()
    assert loaded is not built
    assert path.stat().st_mtime_ns == written
    claim = "How many passengers does Hanoi metro line 3 carry a day?"
    assert loaded.search(claim) == built.search(claim)
    assert loaded.search(claim)[0].key.startswith("fact:")


def test_the_beat_task_rebuilds_the_index_when_the_facts_change(
    desk: Desk, fresh_process: Any
) -> None:
    assert refresh_claim_index.delay().get() is False
    desk.approved_fact(METRO_VI, METRO)
    assert refresh_claim_index.delay().get() is True
    first = saved()
    assert refresh_claim_index.delay().get() is False
    assert saved() == first
    parks = desk.approved_fact(PARKS_VI, PARKS)
    assert refresh_claim_index.delay().get() is True
    assert len(saved()) == 1
    assert saved() != first
    fresh_process()
    found = index.current_index().search("Hanoi has 112 public parks", k=1)
    assert found[0].key == f"fact:{parks.pk}:en"
