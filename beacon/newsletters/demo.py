"""Demo newsletters: lists in Vietnamese, English and French, a few readers at example.org,
and one digest already mailed (through the configured e-mail backend: files in var/mail).

Safe to run again: lists are found by slug, readers by address, and the digest is mailed once.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from beacon.core.models import Agency
from beacon.core.roles import AgencyKind
from beacon.dissemination.models import Channel
from beacon.newsletters import mailing
from beacon.newsletters.filing import snapshot
from beacon.newsletters.models import (
    Digest,
    DigestStatus,
    NewsletterList,
    Subscription,
    SubscriptionStatus,
)
from beacon.newsletters.schedule import next_run

LISTS: list[dict[str, Any]] = [
    {
        "slug": "ban-tin-ha-noi", "language": "vi", "name": "Bản tin Hà Nội hằng tuần",
        "description": "Tin tức, sự kiện và văn bản mới của Thành phố, mỗi sáng thứ Hai.",
        "weekday": 0, "themes": [],
    },
    {
        "slug": "hanoi-weekly", "language": "en", "name": "Hanoi Weekly",
        "description": "The city's news, events and new documents, every Monday morning.",
        "weekday": 0, "themes": [],
    },
    {
        "slug": "hanoi-la-semaine", "language": "fr", "name": "Hanoï, la semaine",
        "description": "L'actualité de la ville, ses événements et ses textes, chaque lundi.",
        "weekday": 0, "themes": [],
    },
    {
        "slug": "lettre-investissement", "language": "fr",
        "name": "Hanoï : la lettre de l'investissement",
        "description": "Une fois par mois, ce que la ville publie sur l'investissement.",
        "cadence": "monthly", "day_of_month": 1, "themes": ["dau-tu"],
    },
]  # fmt: skip
READERS = ["an.nguyen", "claire.martin", "john.smith"]


def _lists(agency: Agency) -> list[NewsletterList]:
    from beacon.portal.models import ThemePage

    found = []
    for spec in LISTS:
        values = {k: v for k, v in spec.items() if k not in ("slug", "themes")}
        newsletter, created = NewsletterList.objects.get_or_create(
            slug=spec["slug"], defaults={**values, "agency": agency}
        )
        if created and spec["themes"]:
            newsletter.themes.set(ThemePage.objects.filter(slug__in=spec["themes"]))
        found.append(newsletter)
    return found


def _readers(newsletter: NewsletterList) -> None:
    now = timezone.now()
    for name in READERS:
        Subscription.objects.get_or_create(
            newsletter=newsletter,
            email=f"{name}@example.org",
            defaults={
                "status": SubscriptionStatus.CONFIRMED,
                "confirmation_sent_at": now - timedelta(days=30),
                "confirmed_at": now - timedelta(days=30),
            },
        )


def _sent_digest(newsletter: NewsletterList) -> None:
    """Last week's digest of the list, from the articles live in its language, mailed now."""
    from beacon.dissemination.publishing import message_for
    from beacon.portal.models import ArticlePage

    if newsletter.digests.exclude(status=DigestStatus.PENDING).exists():
        return
    articles = (
        ArticlePage.objects.live()
        .public()
        .filter(locale__language_code=newsletter.language)
        .specific()
        .order_by("-first_published_at")[:5]
    )
    entries = []
    for page in articles:
        entry = snapshot(message_for(page, "publish", 1))
        entry["delivery_keys"] = []  # published before the outbox: nothing to acknowledge
        entries.append(entry)
    if not entries:
        return
    now = timezone.now()
    mailed_at = next_run(newsletter, now - timedelta(days=7))
    with transaction.atomic():
        digest = Digest.objects.create(
            newsletter=newsletter,
            period_start=mailed_at - timedelta(days=7),
            scheduled_for=mailed_at,
            entries=entries,
            status=DigestStatus.SENDING,
        )
        mailing.create_sends(digest, now)
    while mailing.send_batch(digest.pk):
        pass


def load_newsletters_demo(report: Any = lambda _line: None) -> None:
    agency = Agency.objects.filter(kind=AgencyKind.LEAD).first()
    if agency is None:
        return
    Channel.objects.get_or_create(name="Newsletters", defaults={"kind": "newsletter"})
    lists = _lists(agency)
    for newsletter in lists:
        _readers(newsletter)
    _sent_digest(lists[1])
    report(f"Newsletters: {len(lists)} lists, {Subscription.objects.count()} readers")
