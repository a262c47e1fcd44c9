"""Newsletter fixtures: lists on top of the personas, messages as the outbox makes them, and a
real SMTP server on loopback (aiosmtpd) that can refuse addresses, stall, or be switched off."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any, cast

import pytest
from aiosmtpd.controller import Controller
from django.core.cache import cache

from beacon.celery import app as celery_app
from beacon.core.city import forget_city_profile
from beacon.dissemination.adapters import Message
from beacon.dissemination.models import Channel
from beacon.newsletters.models import NewsletterList, Subscription, SubscriptionStatus
from beacon.portal.tests.fixtures import eager_tasks, newsroom, published  # noqa: F401


@pytest.fixture(autouse=True)
def _newsletter_settings(settings: Any) -> Iterator[None]:
    settings.BASE_URL = "https://portal.example"
    settings.BEACON_NEWSLETTER_FORM_MIN_SECONDS = 0
    settings.BEACON_NEWSLETTER_RETRY_SECONDS = 60
    settings.BEACON_NEWSLETTER_SMTP_TIMEOUT = 2
    cache.clear()  # the rate limit counts in the cache
    forget_city_profile()
    celery_app.conf.task_always_eager = True
    yield
    forget_city_profile()


@dataclass
class Lists:
    vi: NewsletterList
    fr: NewsletterList
    channel: Channel


@pytest.fixture
def lists(personas: Any) -> Lists:
    vi = NewsletterList.objects.create(
        agency=personas.lead, name="Bản tin Hà Nội", slug="ban-tin", language="vi", weekday=0
    )
    fr = NewsletterList.objects.create(
        agency=personas.district, name="Lettre de Hanoï", slug="lettre", language="fr", weekday=4
    )
    channel = Channel.objects.create(name="Newsletters", kind="newsletter")
    return Lists(vi, fr, channel)


def subscribe(newsletter: NewsletterList, email: str) -> Subscription:
    from django.utils import timezone

    return Subscription.objects.create(
        newsletter=newsletter,
        email=email,
        status=SubscriptionStatus.CONFIRMED,
        confirmed_at=timezone.now(),
    )


def message(key: str = "page-1", language: str = "vi", **values: Any) -> Message:
    version = values.pop("version", 1)
    defaults: dict[str, Any] = {
        "item_key": key,
        "idempotency_key": f"{key}:{language}:{values.get('action', 'publish')}:{version}",
        "action": "publish",
        "language": language,
        "title": f"Tin {key}",
        "url": f"/{language}/tin-tuc/{key}/",
        "summary": "Một dòng tóm tắt.",
        "version": version,
    }
    return Message(**{**defaults, **values})


@dataclass
class Handler:
    """What the SMTP server does: refuse some addresses (code and text), stall on DATA."""

    refuse: dict[str, str] = field(default_factory=dict)
    stall: float = 0.0
    received: list[tuple[list[str], EmailMessage]] = field(default_factory=list)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.stall:
            await asyncio.sleep(self.stall)
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        self.received.append((list(envelope.rcpt_tos), cast(EmailMessage, parsed)))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Smtp:
    handler: Handler
    port: int


@pytest.fixture
def smtp(settings: Any) -> Iterator[Smtp]:
    """A real SMTP server on loopback, used through Django's SMTP backend."""
    handler = Handler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    yield Smtp(handler, port)
    controller.stop()
