"""Fixtures of the outbox tests: a loopback receiver, channels pointing at it, fast backoff."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from beacon.celery import app
from beacon.dissemination.models import Channel
from beacon.dissemination.tests.receiver import SECRET, Receiver, ReceiverServer
from beacon.portal.tests.fixtures import eager_tasks, newsroom, published  # noqa: F401


@pytest.fixture(autouse=True)
def _outbox_settings(
    settings: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> Iterator[None]:
    settings.BEACON_DELIVERY_ALLOW_PRIVATE_HOSTS = ["127.0.0.1"]
    settings.BEACON_DELIVERY_BACKOFF_SECONDS = 0
    settings.BEACON_DELIVERY_MAX_ATTEMPTS = 3
    settings.BEACON_DELIVERY_TIMEOUT = 2
    settings.VAR_DIR = tmp_path
    monkeypatch.setenv("BEACON_TEST_RECEIVER_SECRET", SECRET)
    # Tasks kicked on commit run here through Celery's own code path, not on a broker.
    app.conf.task_always_eager = True
    yield


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with ReceiverServer(Receiver()) as running:
        yield running


def push_channel(url: str, kind: str = "ninjs", name: str = "", **fields: Any) -> Channel:
    return Channel.objects.create(
        name=name or f"{kind} {url}",
        kind=kind,
        config={"endpoint": url, "secret_env": "BEACON_TEST_RECEIVER_SECRET"},
        **fields,
    )


def file_channel(name: str, **fields: Any) -> Channel:
    return Channel.objects.create(name=name, kind="file", config={"folder": name}, **fields)
