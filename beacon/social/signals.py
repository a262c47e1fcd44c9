"""A published item gets suggested social posts, one per social channel carrying its language."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from wagtail.signals import page_published


@receiver(page_published, dispatch_uid="social-suggest-posts")
def suggest_social_posts(sender: Any, instance: Any, **kwargs: Any) -> None:
    from beacon.dissemination.publishing import is_syndicated
    from beacon.social.actions import suggest_posts

    if not kwargs.get("alias") and is_syndicated(instance):
        suggest_posts(instance)
