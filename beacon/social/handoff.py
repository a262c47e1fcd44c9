"""Where social posts meet the outbox: an approval releases or enqueues the post's delivery.

When a page is published, the outbox writes a held delivery for each social channel (kinds in
``POST_CHANNEL_KINDS``), waiting for the post's approval; approval releases it with the approved
text. A post without a held delivery (a second post for an item, a channel added later, an edit
after posting) gets a delivery of its own. An export pack is acknowledged when an officer marks
the post as posted by hand.
"""

from __future__ import annotations

from dataclasses import replace

from beacon.dissemination import outbox
from beacon.dissemination.adapters import Message
from beacon.dissemination.models import Delivery, DeliveryStatus
from beacon.dissemination.publishing import item_key_for
from beacon.social.models import SocialPost


def _held(post: SocialPost) -> Delivery | None:
    return (
        Delivery.objects.filter(
            channel=post.channel,
            language=post.language,
            item_key=item_key_for(post.page),
            status=DeliveryStatus.HELD,
        )
        .order_by("-pk")
        .first()
    )


def hand_to_outbox(post: SocialPost, message: Message) -> Delivery:
    """Release the held delivery with the approved message, or enqueue a new one."""
    held = _held(post)
    if held is not None:
        return outbox.release(held, message)
    version = outbox.next_version(message.item_key, message.language)
    created = outbox.enqueue(
        replace(message, version=version),
        [post.channel],
        item=post,
        agency=post.agency,
        approved_at=post.reviewed_at,
    )
    return created[0]


def delivery_of(post: SocialPost) -> Delivery | None:
    """The post's latest delivery (released or its own)."""
    own = Delivery.objects.filter(item_key=f"social:{post.pk}", channel=post.channel)
    released = Delivery.objects.filter(
        channel=post.channel,
        language=post.language,
        item_key=item_key_for(post.page),
        payload__extra__post_id=post.pk,
    )
    return (own | released).order_by("-pk").first()


def acknowledge_export(post: SocialPost) -> None:
    """Marking an exported post as posted is the proof the outbox waits for."""
    delivery = delivery_of(post)
    if delivery is not None and delivery.status not in (
        DeliveryStatus.ACKNOWLEDGED,
        DeliveryStatus.CANCELLED,
    ):
        outbox.acknowledge(delivery, remote_id=post.posted_url, detail=post.posted_url)
