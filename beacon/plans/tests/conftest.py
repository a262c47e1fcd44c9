"""Fixtures of the plans tests: eager Celery tasks and a temporary media folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from beacon.celery import app


@pytest.fixture
def eager_tasks() -> Iterator[None]:
    """Run queued tasks in-process through Celery's own code path (retries, time limits)."""
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    """Evidence files uploaded by the tests go to a temporary folder, not var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
