"""The demo newsletters load on the demo portal, mail one digest, and load twice unchanged."""

from __future__ import annotations

from typing import Any

from django.core import mail

from beacon.newsletters.demo import load_newsletters_demo
from beacon.newsletters.models import Digest, DigestStatus, NewsletterList, Subscription


def test_it_loads_lists_readers_and_one_mailed_digest_once(published: Any) -> None:
    load_newsletters_demo()
    assert set(NewsletterList.objects.values_list("language", flat=True)) == {"vi", "en", "fr"}
    investment = NewsletterList.objects.get(slug="lettre-investissement")
    assert investment.cadence == "monthly"
    assert Subscription.objects.confirmed().count() == 12
    assert all(
        a.endswith("@example.org") for a in Subscription.objects.values_list("email", flat=True)
    )
    digest = Digest.objects.get()
    assert (digest.newsletter.slug, digest.status, digest.recipients) == (
        "hanoi-weekly",
        DigestStatus.SENT,
        3,
    )
    assert digest.entries[0]["title"] == "Bat Trang pottery village welcomes visitors"
    assert len(mail.outbox) == 3
    assert "Bat Trang" in mail.outbox[0].body
    load_newsletters_demo()
    assert NewsletterList.objects.count() == 4
    assert Subscription.objects.count() == 12
    assert Digest.objects.count() == 1
    assert len(mail.outbox) == 3
