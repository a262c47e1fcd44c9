"""Items into digests: the newsletter adapter's work, without the adapter's protocol.

Each published item arrives once per language. It goes into the pending digest of every active
list in that language whose themes it carries (a list without themes takes everything); an
update replaces the item's entry, a withdrawal removes it if the digest has not gone out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from beacon.newsletters.models import Digest, DigestStatus, NewsletterList
from beacon.newsletters.schedule import next_run

if TYPE_CHECKING:
    from beacon.dissemination.adapters import Message
    from beacon.dissemination.models import Channel


def lists_for(channel: Channel, message: Message) -> QuerySet[NewsletterList]:
    """The active lists that take this item: the channel's lists (all if it names none),
    in the item's language, with no themes or one of the item's.

    The outbox names an item's theme by its title in the item's language; a list names its
    themes as pages (in any language), so a theme matches by the title or slug of any of its
    translations, or by its translation key.
    """
    from beacon.portal.models import ThemePage

    lists = NewsletterList.objects.filter(is_active=True, language=message.language)
    slugs = channel.config.get("lists") or []
    if slugs:
        lists = lists.filter(slug__in=slugs)
    wanted = {str(topic) for topic in message.topics}
    chosen = []
    for newsletter in lists.prefetch_related("themes"):
        themes = list(newsletter.themes.all())
        translation_keys = [t.translation_key for t in themes]
        versions = ThemePage.objects.filter(translation_key__in=translation_keys)
        keys = {str(key) for key in translation_keys}
        keys |= {name for theme in versions for name in (theme.slug, theme.title)}
        if not themes or keys & wanted:
            chosen.append(newsletter.pk)
    return NewsletterList.objects.filter(pk__in=chosen)


def snapshot(message: Message) -> dict[str, Any]:
    """What a digest keeps of an item: enough to render it, and the deliveries it answers."""
    return {
        "item_key": message.item_key,
        "version": message.version,
        "title": message.title,
        "url": message.url,
        "summary": message.summary,
        "image_url": message.image_url,
        "image_alt": message.image_alt,
        "published_at": message.published_at.isoformat() if message.published_at else None,
        "urgency": message.urgency,
        "delivery_keys": [message.idempotency_key],
    }


def pending_digest(newsletter: NewsletterList) -> Digest:
    """The list's digest now collecting items, locked for this transaction; made if missing."""
    digest = (
        Digest.objects.select_for_update()
        .filter(newsletter=newsletter, status=DigestStatus.PENDING)
        .first()
    )
    if digest is not None:
        return digest
    now = timezone.now()
    last = newsletter.digests.exclude(status=DigestStatus.PENDING).order_by("-scheduled_for")
    start = last.values_list("scheduled_for", flat=True).first() or now
    try:
        with transaction.atomic():
            return Digest.objects.create(
                newsletter=newsletter,
                period_start=start,
                scheduled_for=next_run(newsletter, max(start, now)),
            )
    except IntegrityError:  # another worker made it first
        return Digest.objects.select_for_update().get(
            newsletter=newsletter, status=DigestStatus.PENDING
        )


@transaction.atomic
def file_item(newsletter: NewsletterList, message: Message) -> str:
    """Add, replace or remove the item in the list's pending digest; say what was done."""
    digest = pending_digest(newsletter)
    entries = list(digest.entries)
    index = next((i for i, e in enumerate(entries) if e["item_key"] == message.item_key), None)
    if message.action == "withdraw":
        if index is None:
            return "absent"
        del entries[index]
        verdict = "removed"
    elif index is None:
        entries.append(snapshot(message))
        verdict = "added"
    else:
        old = entries[index]
        if old["version"] > message.version:
            return "stale"
        entry = snapshot(message)
        keys = [*old["delivery_keys"], message.idempotency_key]
        entry["delivery_keys"] = list(dict.fromkeys(keys))
        entries[index] = entry
        verdict = "replaced"
    digest.entries = entries
    digest.save(update_fields=["entries"])
    return verdict
