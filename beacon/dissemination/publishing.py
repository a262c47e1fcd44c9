"""From a published page to its deliveries: the message, the targets, the action and version.

A page goes out when its class says ``syndicate = True`` (news articles, stories, events, fact
checks): index pages, themes and the document library are the site's furniture, not news.
The first publication of a page in a language is a ``publish``; publishing it again is an
``update`` with the next version; unpublishing is a ``withdraw`` sent to every channel that had
received it, whatever the targeting says now.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from beacon.dissemination import outbox
from beacon.dissemination.adapters import REGISTRY, Action, Message
from beacon.dissemination.models import Channel, Delivery, DeliveryAction, DeliveryStatus
from beacon.lib.sanitise import sanitise_html

# A delivery that went out, or is going out now: the channel holds (or will hold) the item.
_OUT = (DeliveryStatus.SENDING, DeliveryStatus.SENT, DeliveryStatus.ACKNOWLEDGED)
# Not yet out: a newer version replaces it rather than following it.
_NOT_YET_OUT = (DeliveryStatus.HELD, DeliveryStatus.QUEUED, DeliveryStatus.FAILED)


def is_syndicated(page: Any) -> bool:
    return bool(getattr(page, "syndicate", False))


def item_key_for(page: Any) -> str:
    """The same for every version and translation of a page; the language tells them apart."""
    return f"page-{page.translation_key}"


def message_for(page: Any, action: Action, version: int) -> Message:
    """Freeze the page as the receivers will get it: absolute links, sanitised body, image."""
    image = getattr(page, "image", None)
    image_url = ""
    if image is not None:
        image_url = _absolute(page, image.get_rendition("fill-1200x630").url)
    theme = getattr(page, "theme", None)
    # A page whose main text is not ``body`` names its field (fact checks: "explanation").
    body = getattr(page, getattr(page, "syndication_body_field", "body"), "") or ""
    published = page.last_published_at or page.first_published_at or timezone.now()
    return Message(
        item_key=item_key_for(page),
        idempotency_key="",
        action=action,
        language=str(page.locale.language_code),
        title=page.title,
        url=page.get_full_url() or _absolute(page, page.url or ""),
        version=version,
        summary=getattr(page, "summary", "") or "",
        body_html=sanitise_html(expand_db_html(body)) if isinstance(body, str) else "",
        image_url=image_url,
        image_alt=(getattr(image, "description", "") or "") if image is not None else "",
        published_at=published,
        topics=(theme.title,) if theme is not None else (),
        extra={
            "type": page.specific_class._meta.model_name,
            "first_published_at": (page.first_published_at or published).isoformat(),
        },
    )


def _absolute(page: Any, path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    site = page.get_site()
    root = site.root_url if site is not None else settings.BASE_URL
    return f"{root.rstrip('/')}{path}"


def _holders(item_key: str, language: str) -> set[int]:
    """Channels that hold the item now: their latest delivery that went out is not a withdrawal."""
    latest: dict[int, str] = {}
    rows = Delivery.objects.filter(item_key=item_key, language=language, status__in=_OUT)
    for channel_id, action in rows.order_by("version", "pk").values_list("channel_id", "action"):
        latest[channel_id] = action
    return {pk for pk, action in latest.items() if action != DeliveryAction.WITHDRAW}


def _supersede(item_key: str, language: str) -> None:
    """Cancel the versions that have not gone out yet: the new one carries everything.

    Wagtail publishes a translation twice in one go (synchronised, then translated); without
    this the receivers would get both, the first one out of date.
    """
    Delivery.objects.filter(item_key=item_key, language=language, status__in=_NOT_YET_OUT).update(
        status=DeliveryStatus.CANCELLED,
        next_attempt_at=None,
        last_error="Superseded by a newer version before it went out.",
    )


def on_published(page: Any) -> list[Delivery]:
    """Enqueue the page: an ``update`` where a channel holds it already, else a ``publish``.

    Channels that hold the item get the update even if the targeting no longer names them, so
    that nobody keeps an outdated version.
    """
    item_key, language = item_key_for(page), str(page.locale.language_code)
    _supersede(item_key, language)
    holders = _holders(item_key, language)
    channels = {target.channel.pk: target.channel for target in outbox.targets_for(page)}
    channels |= {c.pk: c for c in Channel.objects.filter(pk__in=holders, is_active=True)}
    if not channels:
        return []
    version = outbox.next_version(item_key, language)
    created: list[Delivery] = []
    actions: tuple[Action, ...] = ("publish", "update")
    for action in actions:
        group = [c for pk, c in channels.items() if (pk in holders) == (action == "update")]
        # Channels whose posts are approved on their own (social) get a held delivery, which
        # the approval of the post releases with the approved text.
        for held in (False, True):
            chosen = [c for c in group if holds_for_approval(c) is held]
            if chosen:
                created += outbox.enqueue(
                    message_for(page, action, version),
                    chosen,
                    item=page,
                    agency=getattr(page, "agency", None),
                    approved_at=page.last_published_at or timezone.now(),
                    held=held,
                )
    return created


def holds_for_approval(channel: Channel) -> bool:
    return bool(getattr(REGISTRY.get(channel.kind), "holds_for_approval", False))


def on_unpublished(page: Any) -> list[Delivery]:
    """Enqueue a withdrawal to every channel that holds the page in this language."""
    item_key, language = item_key_for(page), str(page.locale.language_code)
    _supersede(item_key, language)
    channels = list(Channel.objects.filter(pk__in=_holders(item_key, language), is_active=True))
    if not channels:
        return []
    message = message_for(page, "withdraw", outbox.next_version(item_key, language))
    return outbox.enqueue(message, channels, item=page, agency=getattr(page, "agency", None))


def reconcile(
    *, settle: timedelta = timedelta(minutes=1), window: timedelta = timedelta(days=1)
) -> int:
    """Enqueue publications that left no delivery; returns how many pages were enqueued.

    From the editor's Publish button Wagtail saves the page outside a transaction and then sends
    the signal that writes the deliveries: a process killed in between would lose that
    publication. The sweep finds live syndicated pages published within ``window`` (and at least
    ``settle`` ago, so that a request still writing its deliveries is left alone) that have no
    delivery since their last publication while a channel that should carry them existed.
    """
    now = timezone.now()
    pages = Page.objects.live().filter(
        last_published_at__gte=now - window, last_published_at__lte=now - settle
    )
    enqueued = 0
    for page in pages.specific().iterator():
        if not is_syndicated(page):
            continue
        published = page.last_published_at
        targets = [t for t in outbox.targets_for(page) if t.channel.created_at <= published]
        if not targets:
            continue
        item_key, language = item_key_for(page), str(page.locale.language_code)
        if Delivery.objects.filter(
            item_key=item_key, language=language, approved_at__gte=published
        ).exists():
            continue
        with transaction.atomic():
            on_published(page)
        enqueued += 1
    return enqueued
