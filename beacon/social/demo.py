"""Demo social posts: three channels, drafts for the latest articles, one post already posted,
one approved post waiting in today's export pack and one waiting for the reviewer.

Loaded after the portal's demo (it works on whatever articles are live) and safe to run again.
The Mastodon channel names a token variable that the demo does not set, so nothing leaves the
machine: a delivery to it dies with a clear reason, as it would with a missing token.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from beacon.dissemination.models import Channel
from beacon.portal.models import NewsArticlePage
from beacon.social import actions
from beacon.social.models import PostStatus, SocialPost

CHANNELS: list[tuple[str, str, list[str], dict[str, Any]]] = [
    (
        "Mastodon @hanoi",
        "mastodon",
        ["en", "fr"],
        {"instance": "https://social.example", "token_env": "BEACON_MASTODON_TOKEN"},
    ),
    (
        "Facebook · Hanoi External Information",
        "export",
        [],
        {"platform": "facebook", "hashtags": ["Hanoi"]},
    ),
    ("Zalo OA · Hà Nội", "export", ["vi"], {"platform": "zalo", "gap_days": 2}),
]


def _channels() -> dict[str, Channel]:
    made: dict[str, Channel] = {}
    for name, kind, languages, config in CHANNELS:
        channel, _created = Channel.objects.get_or_create(
            name=name, defaults={"kind": kind, "languages": languages, "config": config}
        )
        if not channel.config:  # the outbox's demo makes the Mastodon channel, unconfigured
            channel.config = config
            channel.save(update_fields=["config"])
        made[config.get("platform", kind)] = channel
    return made


def _post(page: NewsArticlePage, channel: Channel, language: str) -> SocialPost | None:
    return SocialPost.objects.filter(
        page__translation_key=page.translation_key, channel=channel, language=language
    ).first()


@transaction.atomic
def load_social_demo(report: Callable[[str], None] = lambda _line: None) -> int:
    """Returns the number of posts suggested."""
    channels = _channels()
    articles = list(
        NewsArticlePage.objects.live()
        .filter(locale__language_code="vi")
        .order_by("-first_published_at")[:3]
    )
    suggested = 0
    for article in articles:
        for page in NewsArticlePage.objects.live().filter(translation_key=article.translation_key):
            suggested += len(actions.suggest_posts(page))
    users = get_user_model()._default_manager
    editor, reviewer = users.filter(username="hoa").first(), users.filter(username="thu").first()
    if len(articles) < 2 or editor is None or reviewer is None:
        report(f"Social: {suggested} drafts (no articles or people for the approval examples)")
        return suggested
    if not SocialPost.objects.filter(status=PostStatus.POSTED).exists():
        posted = _post(articles[0], channels["facebook"], "vi")
        if posted is not None:
            actions.do_submit_post(posted, acting_user=editor)
            actions.do_approve_post(posted, acting_user=reviewer)
            actions.do_mark_posted(
                posted,
                url="https://www.facebook.com/hanoi.external/posts/1001",
                acting_user=editor,
            )
        packed = _post(articles[1], channels["zalo"], "vi")
        if packed is not None:
            tonight = datetime.combine(
                timezone.localdate(), time(19), tzinfo=timezone.get_current_timezone()
            )
            packed.scheduled_for = tonight
            actions.do_save_post(packed, acting_user=editor)
            actions.do_submit_post(packed, acting_user=editor)
            actions.do_approve_post(packed, acting_user=reviewer)
        waiting = _post(articles[0], channels["mastodon"], "en")
        if waiting is not None:
            actions.do_submit_post(waiting, acting_user=editor)
    report(f"Social: {suggested} drafts suggested, {SocialPost.objects.count()} posts in all")
    return suggested
