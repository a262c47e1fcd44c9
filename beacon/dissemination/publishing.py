"""From a published page to its deliveries: the message, the targets, the action and version.

A page goes out when its class says ``syndicate = True`` (news articles, stories, events, fact
checks): index pages, themes and the document library are the site's furniture, not news.
The first publication of a page in a language is a ``publish``; publishing it again is an
``update`` with the next version; unpublishing is a ``withdraw`` sent to every channel that had
received it, whatever the targeting says now.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone
from wagtail.rich_text import expand_db_html

from beacon.dissemination import outbox
from beacon.dissemination.adapters import Action, Message
from beacon.dissemination.models import Channel, Delivery, DeliveryAction, DeliveryStatus
from beacon.lib.sanitise import sanitise_html

# A withdrawal goes where some version of the item went or was on its way.
_REACHED = (
    DeliveryStatus.QUEUED,
    DeliveryStatus.SENDING,
    DeliveryStatus.SENT,
    DeliveryStatus.ACKNOWLEDGED,
    DeliveryStatus.FAILED,
)


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
    body = getattr(page, "body", "") or ""
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


def _channels_reached(item_key: str, language: str) -> list[Channel]:
    ids = (
        Delivery.objects.filter(item_key=item_key, language=language, status__in=_REACHED)
        .exclude(action=DeliveryAction.WITHDRAW)
        .values_list("channel_id", flat=True)
    )
    return list(Channel.objects.filter(pk__in=set(ids), is_active=True))


def _last_action(item_key: str, language: str) -> str | None:
    last = (
        Delivery.objects.filter(item_key=item_key, language=language)
        .order_by("-version", "-pk")
        .values_list("action", flat=True)
        .first()
    )
    return last


def on_published(page: Any) -> list[Delivery]:
    """Enqueue a publish (first time) or an update (every later time) of the page."""
    item_key, language = item_key_for(page), str(page.locale.language_code)
    previous = _last_action(item_key, language)
    action: Action = "publish" if previous in (None, DeliveryAction.WITHDRAW) else "update"
    channels = [target.channel for target in outbox.targets_for(page)]
    if action == "update":
        channels += [c for c in _channels_reached(item_key, language) if c not in channels]
    if not channels:
        return []
    message = message_for(page, action, outbox.next_version(item_key, language))
    return outbox.enqueue(
        message,
        channels,
        item=page,
        agency=getattr(page, "agency", None),
        approved_at=page.last_published_at or timezone.now(),
    )


def on_unpublished(page: Any) -> list[Delivery]:
    """Enqueue a withdrawal to every channel that had the page in this language."""
    item_key, language = item_key_for(page), str(page.locale.language_code)
    if _last_action(item_key, language) in (None, DeliveryAction.WITHDRAW):
        return []
    channels = _channels_reached(item_key, language)
    if not channels:
        return []
    message = message_for(page, "withdraw", outbox.next_version(item_key, language))
    return outbox.enqueue(message, channels, item=page, agency=getattr(page, "agency", None))
