"""The clock of the tests: each starts at 10:00 in Hanoi on one day, the same for the whole run.

``BEACON_TEST_TODAY`` (an ISO date) sets the day, else a fixed Wednesday. ``make test`` runs the
suite once more a year ahead of the real date, so a test that holds only on the fixed day, or a
date the code reads wrongly, shows up within a year of CI runs. The root ``conftest.py`` starts
every test's clock; a fixture that builds data for a whole module starts its own earlier the
same morning with ``clock_at``.
"""

from __future__ import annotations

import datetime
import os
import zoneinfo

import pytest
import time_machine

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def _test_day() -> datetime.date:
    raw = os.environ.get("BEACON_TEST_TODAY", "").strip()
    if not raw:
        return datetime.date(2027, 3, 17)
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        message = f"BEACON_TEST_TODAY must be a date like 2027-03-17; got {raw!r}"
        raise pytest.UsageError(message) from None


TEST_DAY = _test_day()
SHIFTED = "BEACON_TEST_TODAY" in os.environ


def clock_at(at: datetime.time = datetime.time(10)) -> time_machine.travel:
    """The clock standing at ``at`` (Hanoi) on the test day, ticking from there."""
    return time_machine.travel(datetime.datetime.combine(TEST_DAY, at, tzinfo=HANOI), tick=True)
