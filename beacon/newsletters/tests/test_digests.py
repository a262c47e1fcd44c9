"""Digests mailed through Django's SMTP backend to a real SMTP server on loopback."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from beacon.newsletters import mailing, tasks
from beacon.newsletters.adapter import NewsletterAdapter
from beacon.newsletters.models import (
    Digest,
    DigestSend,
    DigestStatus,
    SendStatus,
    Subscription,
    SubscriptionStatus,
)
from beacon.newsletters.schedule import next_run
from beacon.newsletters.tests.conftest import Lists, Smtp, free_port, message, subscribe

READERS = ["an@example.org", "binh@example.org", "chi@example.org"]


def _due_digest(lists: Lists, *keys: str) -> Digest:
    for key in keys or ("a", "b"):
        NewsletterAdapter().deliver(lists.channel, message(key, "vi", image_url="/media/x.jpg"))
    digest = Digest.objects.get(newsletter=lists.vi, status=DigestStatus.PENDING)
    digest.scheduled_for = timezone.now() - timedelta(minutes=1)
    digest.save()
    return digest


@pytest.fixture
def readers(lists: Lists) -> list[Subscription]:
    found = [subscribe(lists.vi, email) for email in READERS]
    Subscription.objects.create(newsletter=lists.vi, email="pending@example.org")
    gone = subscribe(lists.vi, "gone@example.org")
    gone.status = SubscriptionStatus.UNSUBSCRIBED
    gone.save()
    subscribe(lists.fr, "other-list@example.org")
    return found


def _retry_now() -> None:
    DigestSend.objects.filter(status=SendStatus.QUEUED).update(next_attempt_at=timezone.now())


def test_it_mails_each_confirmed_reader_once_with_one_click_unsubscribe(
    lists: Lists, readers: list[Subscription], smtp: Smtp
) -> None:
    digest = _due_digest(lists)
    assert tasks.send_due_digests.delay().get() == 1
    received = smtp.handler.received
    assert sorted(to for to, _mail in received) == [[email] for email in READERS]
    digest.refresh_from_db()
    assert digest.status == DigestStatus.SENT
    assert digest.recipients == 3
    assert digest.sent_at is not None
    mail = next(mail for to, mail in received if to == ["an@example.org"])
    assert str(mail["Subject"]).strip().startswith("Bản tin Hà Nội: ")
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = str(mail["List-Unsubscribe"]).strip().strip("<>")
    assert link.startswith("https://portal.example/vi/newsletters/unsubscribe/")
    assert mail["List-Id"] == "<ban-tin.newsletters.portal.example>"
    assert mail.get_content_type() == "multipart/alternative"
    text, html = (part.get_payload(decode=True).decode() for part in mail.get_payload())
    assert "https://portal.example/vi/tin-tuc/a/" in text
    assert link in text
    assert 'href="https://portal.example/vi/tin-tuc/b/"' in html
    assert 'src="https://portal.example/media/x.jpg"' in html
    assert html.count("<img") == 2  # the items' images, no pixel
    # The one-click POST a mail program makes, without cookie or CSRF token.
    path = link.removeprefix("https://portal.example")
    one_click = "List-Unsubscribe=One-Click"
    form = "application/x-www-form-urlencoded"
    response = Client(enforce_csrf_checks=True).post(path, one_click, content_type=form)
    assert response.status_code == 200
    assert Subscription.objects.get(email="an@example.org").status == "unsubscribed"
    received.clear()
    _due_digest(lists, "c")
    mailing.mail_due_digests()
    assert sorted(to for to, _mail in received) == [["binh@example.org"], ["chi@example.org"]]


def test_it_resumes_an_interrupted_digest_without_mailing_anyone_twice(
    lists: Lists, readers: list[Subscription], smtp: Smtp
) -> None:
    digest = _due_digest(lists)
    assert mailing.start_digest(digest.pk) is True
    first, second, _third = DigestSend.objects.order_by("pk")
    first.status, first.sent_at = SendStatus.SENT, timezone.now()
    first.save()
    second.status, second.attempts = SendStatus.SENDING, 1  # the worker died mid-mail
    second.next_attempt_at = timezone.now() - timedelta(seconds=1)
    second.save()
    assert mailing.start_digest(digest.pk) is False  # starting again changes nothing
    mailing.mail_due_digests()
    assert [to for to, _mail in smtp.handler.received] == [["chi@example.org"]]
    second.refresh_from_db()
    assert second.status == SendStatus.FAILED
    assert "interrupted" in second.reason
    digest.refresh_from_db()
    assert (digest.status, digest.recipients) == (DigestStatus.SENT, 2)


def test_it_retries_an_address_refused_for_now_and_fails_one_refused_for_good(
    lists: Lists, readers: list[Subscription], smtp: Smtp
) -> None:
    smtp.handler.refuse = {
        "an@example.org": "450 4.2.1 Mailbox busy",
        "binh@example.org": "550 5.1.1 No such user",
    }
    digest = _due_digest(lists)
    mailing.mail_due_digests()
    assert [to for to, _mail in smtp.handler.received] == [["chi@example.org"]]
    sends = {s.subscription.email: s for s in DigestSend.objects.select_related("subscription")}
    busy, unknown = sends["an@example.org"], sends["binh@example.org"]
    assert (busy.status, busy.attempts) == (SendStatus.QUEUED, 1)
    assert busy.reason == "450 4.2.1 Mailbox busy"
    assert busy.next_attempt_at > timezone.now() + timedelta(seconds=50)
    assert (unknown.status, unknown.reason) == (SendStatus.FAILED, "550 5.1.1 No such user")
    assert Subscription.objects.get(email="binh@example.org").bounces == 1
    digest.refresh_from_db()
    assert digest.status == DigestStatus.SENDING
    assert mailing.due_digests() == []  # the busy address waits for its backoff
    smtp.handler.refuse = {}
    _retry_now()
    assert tasks.send_due_digests.delay().get() == 1
    assert [to for to, _mail in smtp.handler.received][-1] == ["an@example.org"]
    digest.refresh_from_db()
    assert (digest.status, digest.recipients) == (DigestStatus.SENT, 2)


def test_it_stops_mailing_an_address_that_keeps_bouncing(
    lists: Lists, readers: list[Subscription], smtp: Smtp, settings: Any
) -> None:
    settings.BEACON_NEWSLETTER_BOUNCE_LIMIT = 2
    Subscription.objects.filter(email="binh@example.org").update(bounces=1)
    smtp.handler.refuse = {"binh@example.org": "550 5.1.1 No such user"}
    _due_digest(lists)
    mailing.mail_due_digests()
    bouncing = Subscription.objects.get(email="binh@example.org")
    assert (bouncing.status, bouncing.bounces) == (SubscriptionStatus.BOUNCING, 2)
    _due_digest(lists, "c")
    smtp.handler.received.clear()
    mailing.mail_due_digests()
    assert sorted(to for to, _mail in smtp.handler.received) == [
        ["an@example.org"],
        ["chi@example.org"],
    ]


def test_it_waits_with_backoff_while_the_server_is_down_then_gives_up_with_the_reason(
    lists: Lists, readers: list[Subscription], settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = (
        "127.0.0.1",
        free_port(),
        False,
    )
    settings.BEACON_NEWSLETTER_MAX_ATTEMPTS = 3
    digest = _due_digest(lists)
    mailing.mail_due_digests()
    sends = list(DigestSend.objects.all())
    assert {(s.status, s.attempts) for s in sends} == {(SendStatus.QUEUED, 1)}
    assert all("ConnectionRefusedError" in s.reason for s in sends)
    first_wait = sends[0].next_attempt_at - timezone.now()
    _retry_now()
    mailing.mail_due_digests()
    sends = list(DigestSend.objects.all())
    assert {(s.status, s.attempts) for s in sends} == {(SendStatus.QUEUED, 2)}
    assert sends[0].next_attempt_at - timezone.now() > first_wait + timedelta(seconds=50)
    _retry_now()
    mailing.mail_due_digests()
    sends = list(DigestSend.objects.all())
    assert {s.status for s in sends} == {SendStatus.FAILED}
    assert all(s.reason.startswith("gave up after 3 attempts") for s in sends)
    digest.refresh_from_db()
    assert (digest.status, digest.recipients) == (DigestStatus.SENT, 0)


def test_it_treats_a_slow_server_as_down_for_now(
    lists: Lists, readers: list[Subscription], smtp: Smtp, settings: Any
) -> None:
    settings.BEACON_NEWSLETTER_SMTP_TIMEOUT = 1
    smtp.handler.stall = 3
    _due_digest(lists)
    mailing.mail_due_digests()
    sends = list(DigestSend.objects.all())
    assert {(s.status, s.attempts) for s in sends} == {(SendStatus.QUEUED, 1)}
    assert "timed out" in sends[0].reason


@pytest.fixture
def garbage_server() -> Iterator[int]:
    """A TCP server on loopback that answers every connection with an HTTP error page."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _addr = listener.accept()
            except OSError:
                return
            with conn:
                conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")

    threading.Thread(target=serve, daemon=True).start()
    yield int(listener.getsockname()[1])
    stop.set()
    listener.close()


def test_it_treats_a_server_answering_garbage_as_down_for_now(
    lists: Lists, readers: list[Subscription], settings: Any, garbage_server: int
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = (
        "127.0.0.1",
        garbage_server,
        False,
    )
    _due_digest(lists)
    mailing.mail_due_digests()
    sends = list(DigestSend.objects.all())
    assert {(s.status, s.attempts) for s in sends} == {(SendStatus.QUEUED, 1)}
    assert sends[0].reason.startswith("SMTP")


def test_it_moves_a_due_digest_without_items_to_the_next_period(
    lists: Lists, readers: list[Subscription], smtp: Smtp
) -> None:
    NewsletterAdapter().deliver(lists.channel, message("a", "vi"))
    NewsletterAdapter().deliver(lists.channel, message("a", "vi", action="withdraw"))
    digest = Digest.objects.get()
    due = timezone.now() - timedelta(minutes=1)
    Digest.objects.update(scheduled_for=due)
    mailing.mail_due_digests()
    digest.refresh_from_db()
    assert digest.status == DigestStatus.PENDING
    assert digest.period_start == due
    assert digest.scheduled_for > timezone.now()
    assert smtp.handler.received == []


def test_it_mails_in_batches(lists: Lists, smtp: Smtp, settings: Any) -> None:
    settings.BEACON_NEWSLETTER_BATCH = 2
    for number in range(5):
        subscribe(lists.vi, f"reader{number}@example.org")
    digest = _due_digest(lists)
    mailing.start_digest(digest.pk)
    assert mailing.send_batch(digest.pk) == 3
    assert len(smtp.handler.received) == 2
    tasks.send_digest.delay(digest.pk)  # mails a batch and enqueues the next, to the end
    assert len(smtp.handler.received) == 5
    digest.refresh_from_db()
    assert (digest.status, digest.recipients) == (DigestStatus.SENT, 5)


def test_it_schedules_digests_on_the_city_clock(lists: Lists) -> None:
    hanoi = ZoneInfo("Asia/Ho_Chi_Minh")
    wednesday = datetime(2026, 11, 25, 12, 0, tzinfo=hanoi)
    lists.vi.hour = 8
    assert next_run(lists.vi, wednesday) == datetime(2026, 11, 30, 8, 0, tzinfo=hanoi)
    monday_8 = datetime(2026, 11, 30, 8, 0, tzinfo=hanoi)
    assert next_run(lists.vi, monday_8) == datetime(2026, 12, 7, 8, 0, tzinfo=hanoi)
    lists.vi.cadence, lists.vi.day_of_month = "monthly", 1
    assert next_run(lists.vi, wednesday) == datetime(2026, 12, 1, 8, 0, tzinfo=hanoi)
    assert next_run(lists.vi, wednesday.astimezone(ZoneInfo("UTC"))).tzinfo == hanoi
