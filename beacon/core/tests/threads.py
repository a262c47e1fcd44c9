"""Threads sharing the test database: what a race test needs on SQLite as on PostgreSQL."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from django.db import OperationalError

T = TypeVar("T")


def retry_when_locked(call: Callable[[], T]) -> T:
    """Run ``call`` again while SQLite's shared in-memory test database says a table is locked.

    The test database that threads share on SQLite has a shared cache, whose table locks fail at
    once instead of waiting out the busy timeout as a real installation's WAL file does. The
    calls retried are whole transactions, so running one again is what a waiting writer does.
    """
    for _ in range(500):
        try:
            return call()
        except OperationalError as exc:
            if "locked" not in str(exc):
                raise
            time.sleep(0.01)
    return call()
