from __future__ import annotations

from collections.abc import Iterator

import pytest

from beacon.celery import app


@pytest.fixture
def eager_tasks() -> Iterator[None]:
    """Run queued tasks in-process through Celery's own code path (retries, time limits)."""
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    try:
        yield
    finally:
        app.conf.task_always_eager = False
        app.conf.task_eager_propagates = False
