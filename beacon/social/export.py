"""Export packs: for platforms without an adapter, a ZIP an officer posts from by hand.

One pack holds one or more approved posts (one post, or one day's): for each a UTF-8 text file
(the text with its hashtags, exactly as it should be pasted), the image resized to the
platform's recommended size, and ``manifest.json`` listing every post with its item's address,
language, platform and the image's alt text (which the officer pastes into the platform's
description field). The export channel's delivery is acknowledged when the officer marks the
post as posted, with the post's address.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable
from typing import Any, ClassVar

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from beacon.dissemination.adapters import Message, PermanentError, Receipt, reason, register
from beacon.dissemination.models import Channel
from beacon.social.images import fitted_jpeg
from beacon.social.models import SocialPost
from beacon.social.platforms import PLATFORMS

NOT_APPROVED = reason(
    gettext_noop(
        "Only approved social posts go to an export pack; this delivery should have been held."
    )
)


@register
class ExportAdapter:
    """Nothing to send: the post waits in the export pack until someone posts it by hand."""

    kind: ClassVar[str] = "export"
    label: ClassVar[str | Promise] = _("Export pack (posted by hand)")
    holds_for_approval: ClassVar[bool] = True

    def deliver(self, channel: Channel, message: Message) -> Receipt:
        if message.action == "withdraw":
            return Receipt(detail="withdrawn: remove the post by hand", acknowledged=False)
        if not message.extra.get("post_id"):
            raise PermanentError(NOT_APPROVED)
        return Receipt(detail="in the export pack, waiting to be posted", acknowledged=False)


def _stem(post: SocialPost) -> str:
    return f"{post.pk:05d}-{post.platform}-{post.language}"


def build_pack(posts: Iterable[SocialPost]) -> bytes:
    """The ZIP of the given posts (already scoped and approved by the caller)."""
    manifest: list[dict[str, Any]] = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as pack:
        for post in posts:
            stem = _stem(post)
            entry: dict[str, Any] = {
                "post": post.pk,
                "item_url": post.page.get_full_url() or "",
                "title": post.page.title,
                "language": post.language,
                "platform": post.platform,
                "channel": post.channel.name,
                "text_file": f"{stem}.txt",
                "characters": post.length(),
                "limit": PLATFORMS[post.platform].limit,
                "image_file": None,
                "alt_text": post.image_alt or None,
                "post_at": post.scheduled_for.isoformat() if post.scheduled_for else None,
            }
            pack.writestr(entry["text_file"], post.full_text() + "\n")
            if post.image is not None:
                entry["image_file"] = f"{stem}.jpg"
                size = PLATFORMS[post.platform].image_size
                pack.writestr(entry["image_file"], fitted_jpeg(post.image, size))
            manifest.append(entry)
        pack.writestr(
            "manifest.json", json.dumps({"posts": manifest}, ensure_ascii=False, indent=2) + "\n"
        )
    return buffer.getvalue()
