"""The circuit breaker of a source: back off after a failure, pause after too many.

Pure functions of the failure count and the interval, so the schedule is easy to test and the
same for every worker.
"""

from __future__ import annotations

from datetime import datetime, timedelta

# After this many failures in a row the source is paused until someone resumes it.
PAUSE_AFTER = 6
# Back-off never waits longer than a day between two attempts.
MAX_DELAY = timedelta(days=1)


def next_attempt(now: datetime, poll_minutes: int, failures: int) -> datetime:
    """The interval after a success; after n failures, the interval times 2**n, capped."""
    base = timedelta(minutes=max(1, poll_minutes))
    if failures <= 0:
        return now + base
    return now + min(base * (2**failures), MAX_DELAY)


def should_pause(failures: int) -> bool:
    return failures >= PAUSE_AFTER
