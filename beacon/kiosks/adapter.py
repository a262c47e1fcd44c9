"""The kiosk channel: the outbox hands over a published item, the kiosks' playlists show it.

``deliver`` stores the item (one language) as a slide of each group named in the channel's
settings (``{"groups": ["noibai-t2-arrivals"]}``; none named means every group) and bumps those
groups, so their kiosks fetch it on their next poll. Delivery is proven later: when a kiosk
fetches a playlist that carries the slide, ``acknowledge_fetched`` tells the outbox.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from beacon.dissemination.adapters import Message, PermanentError, Receipt, reason, register
from beacon.kiosks import outbound
from beacon.kiosks.models import Category, KioskGroup, Slide

if TYPE_CHECKING:
    from collections.abc import Iterable

    from beacon.dissemination.models import Channel
    from beacon.kiosks.models import Kiosk


# What kind of slide a portal page makes, by its page type (the outbox's ``extra["type"]``).
_TYPE_CATEGORIES = {
    "eventpage": Category.EVENTS,
    "themepage": Category.CITY,
    "standardpage": Category.CITY,
}


GROUPS_NOT_LIST = reason(
    gettext_noop("The channel's 'groups' setting must be a list of group short names.")
)
NO_SUCH_GROUP = reason(gettext_noop("No kiosk group named %(names)s."))
NO_GROUP = reason(gettext_noop("There is no kiosk group to show this on."))
NOT_A_MOMENT = reason(gettext_noop("%(name)s is not a date and time: %(value)s"))
NEEDS_ZONE = reason(gettext_noop("%(name)s needs a time zone: %(value)s"))
NO_TITLE = reason(gettext_noop("A slide needs a title."))
URL_NOT_ABSOLUTE = reason(gettext_noop("The portal URL must be absolute: %(url)s"))
UNKNOWN_CATEGORY = reason(gettext_noop("Unknown kiosk category %(category)s."))


def _groups(channel: Channel) -> list[KioskGroup]:
    named = channel.config.get("groups") or []
    if not isinstance(named, list):
        raise PermanentError(GROUPS_NOT_LIST)
    if not named:
        groups = list(KioskGroup.objects.all())
    else:
        groups = list(KioskGroup.objects.filter(slug__in=named))
        missing = sorted(set(named) - {group.slug for group in groups})
        if missing:
            raise PermanentError(NO_SUCH_GROUP, names=", ".join(missing))
    if not groups:
        raise PermanentError(NO_GROUP)
    return groups


def _moment(extra: dict[str, Any], name: str) -> datetime | None:
    value = extra.get(name)
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        raise PermanentError(NOT_A_MOMENT, name=name, value=repr(value)) from None
    if timezone.is_naive(moment):
        raise PermanentError(NEEDS_ZONE, name=name, value=repr(value))
    return moment


def _fields(message: Message) -> dict[str, Any]:
    if not message.title.strip():
        raise PermanentError(NO_TITLE)
    if not message.url.startswith(("https://", "http://")):
        raise PermanentError(URL_NOT_ABSOLUTE, url=repr(message.url))
    category = message.extra.get("category") or _TYPE_CATEGORIES.get(
        str(message.extra.get("type", "")), Category.NEWS
    )
    if category not in Category.values:
        raise PermanentError(UNKNOWN_CATEGORY, category=repr(category))
    return {
        "idempotency_key": message.idempotency_key,
        "version": message.version,
        "category": category,
        "title": message.title[:500],
        "summary": message.summary,
        "image_url": message.image_url,
        "image_alt": message.image_alt[:500],
        "portal_url": message.url,
        "published_at": message.published_at,
        "valid_from": _moment(message.extra, "valid_from"),
        "valid_until": _moment(message.extra, "valid_until"),
        "acknowledged_at": None,
    }


@register
class KioskAdapter:
    kind: ClassVar[str] = "kiosk"
    label: ClassVar[str | Promise] = _("Border-gate kiosks")

    @transaction.atomic
    def deliver(self, channel: Channel, message: Message) -> Receipt:
        groups = _groups(channel)
        slides = Slide.objects.filter(
            group__in=groups, item_key=message.item_key, language=message.language
        )
        names = ", ".join(group.slug for group in groups)
        if message.action == "withdraw":
            removed, _kinds = slides.delete()
            KioskGroup.objects.filter(pk__in=[g.pk for g in groups]).bump()
            return Receipt(remote_id=message.item_key, detail=f"removed from {names} ({removed})")
        fields = _fields(message)
        for group in groups:
            current = slides.filter(group=group).first()
            if current is not None and current.version > message.version:
                continue  # an older version arriving late must not replace a newer one
            Slide.objects.update_or_create(
                group=group, item_key=message.item_key, language=message.language, defaults=fields
            )
        KioskGroup.objects.filter(pk__in=[g.pk for g in groups]).bump()
        return Receipt(
            remote_id=message.item_key, detail=f"on the playlists of {names}", acknowledged=False
        )


def acknowledge_fetched(kiosk: Kiosk, shown: Iterable[tuple[str, str]]) -> int:
    """Acknowledge the deliveries of slides a kiosk has just fetched for the first time."""
    wanted = set(shown)
    pending = [
        slide
        for slide in Slide.objects.filter(group_id=kiosk.group_id, acknowledged_at=None)
        if (slide.item_key, slide.language) in wanted
    ]
    now = timezone.now()
    for slide in pending:
        outbound.acknowledge(slide.idempotency_key, detail=f"fetched by kiosk {kiosk.name}")
        Slide.objects.filter(pk=slide.pk, acknowledged_at=None).update(acknowledged_at=now)
    return len(pending)
