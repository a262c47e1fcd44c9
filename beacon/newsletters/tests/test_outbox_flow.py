"""From the outbox to the mailbox: filed on delivery, acknowledged once the digest is mailed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from beacon.dissemination import outbox
from beacon.dissemination.models import DeliveryStatus
from beacon.newsletters import mailing
from beacon.newsletters.models import Digest
from beacon.newsletters.tests.conftest import Lists, Smtp, message, subscribe


def test_it_acknowledges_the_deliveries_of_a_digest_once_mailed(
    lists: Lists, smtp: Smtp, django_capture_on_commit_callbacks: Any
) -> None:
    subscribe(lists.vi, "an@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        [first] = outbox.enqueue(message("page-x", "vi"), [lists.channel])
    outbox.work("test")
    first.refresh_from_db()
    assert first.status == DeliveryStatus.SENT
    assert first.detail.startswith("In the digest of Bản tin Hà Nội")
    with django_capture_on_commit_callbacks(execute=True):
        update = message("page-x", "vi", action="update", version=2, title="Tin đã sửa")
        [second] = outbox.enqueue(update, [lists.channel])
    outbox.work("test")
    Digest.objects.update(scheduled_for=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        mailing.mail_due_digests()
    [(recipients, mail)] = smtp.handler.received
    assert recipients == ["an@example.org"]
    assert "Tin đã sửa" in mail.get_body(("plain",)).get_content()
    digest = Digest.objects.get()
    for delivery in (first, second):
        delivery.refresh_from_db()
        assert delivery.status == DeliveryStatus.ACKNOWLEDGED
        assert delivery.remote_id == f"digest-{digest.pk}"
        assert "to 1 readers" in delivery.detail
