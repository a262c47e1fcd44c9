"""Every write to social posts: suggest, edit, submit, approve or send back, mark as posted.

Each action runs in one transaction with its audit row (``save_with_audit`` validates the post,
so the platform's length limit is checked on every save). Approval freezes the text into a
``Message`` and hands it to the outbox in the same transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from beacon.core.actions import save_with_audit
from beacon.dissemination.adapters import Action, Message
from beacon.dissemination.models import Channel
from beacon.social import access, drafting, handoff
from beacon.social.models import POST_CHANNEL_KINDS, PostStatus, SocialPost
from beacon.social.platforms import PLATFORMS

if TYPE_CHECKING:
    from beacon.core.types import UserLike


def platform_of(channel: Channel) -> str:
    """A Mastodon channel posts to Mastodon; an export channel names its platform in its config."""
    if channel.kind == "mastodon":
        return "mastodon"
    platform = str(channel.config.get("platform") or "")
    if platform not in PLATFORMS:
        raise ValidationError(
            _("The export channel %(channel)s names no known platform.") % {"channel": channel}
        )
    return platform


def _tags(page: Any, channel: Channel) -> list[str]:
    tags = [str(tag) for tag in channel.config.get("hashtags", [])]
    theme = getattr(page, "theme", None)
    if theme is not None:
        # The theme in the post's language (an article's theme may be the source-language one).
        tags.insert(0, (theme.get_translation_or_none(page.locale) or theme).title)
    return tags


@transaction.atomic
def suggest_posts(page: Page) -> list[SocialPost]:
    """A draft for each active social channel carrying the page's language (once per channel)."""
    page = page.specific
    language = page.locale.language_code
    made: list[SocialPost] = []
    channels = Channel.objects.filter(kind__in=POST_CHANNEL_KINDS, is_active=True)
    existing = set(SocialPost.objects.filter(page=page).values_list("channel_id", flat=True))
    for channel in channels:
        if channel.pk in existing or not channel.carries(language):
            continue
        platform = platform_of(channel)
        text, hashtags = drafting.suggest(
            PLATFORMS[platform],
            title=page.title,
            summary=getattr(page, "summary", ""),
            url=page.get_full_url() or "",
            tags=_tags(page, channel),
        )
        image = getattr(page, "image", None)
        post = SocialPost(
            channel=channel,
            platform=platform,
            page=page,
            agency_id=getattr(page, "agency_id", None),
            language=language,
            text=text,
            hashtags=hashtags,
            image=image,
            image_alt=(image.description or "") if image is not None else "",
            scheduled_for=page.go_live_at,
        )
        save_with_audit(post, acting_user=None, verb="suggest", agency=post.agency)
        made.append(post)
    return made


def _check_write(post: SocialPost, acting_user: UserLike) -> None:
    if not access.can_write(acting_user, post):
        raise PermissionDenied


@transaction.atomic
def do_save_post(post: SocialPost, *, acting_user: UserLike) -> SocialPost:
    """Save an edited draft; an approved or posted one is changed only by a new approval."""
    _check_write(post, acting_user)
    stored = SocialPost.objects.get(pk=post.pk)
    if not stored.is_editable():
        raise ValidationError(_("Only a draft or a post sent back for changes can be edited."))
    post.edited_by = acting_user  # type: ignore[assignment]
    save_with_audit(post, acting_user=acting_user, verb="update", agency=post.agency)
    return post


@transaction.atomic
def do_submit_post(post: SocialPost, *, acting_user: UserLike) -> SocialPost:
    _check_write(post, acting_user)
    if not post.is_editable():
        raise ValidationError(_("This post has already been submitted."))
    post.status = PostStatus.SUBMITTED
    post.submitted_by = acting_user  # type: ignore[assignment]
    save_with_audit(post, acting_user=acting_user, verb="submit", agency=post.agency)
    return post


def _review(post: SocialPost, acting_user: UserLike, status: str, comment: str) -> None:
    if not access.can_approve(acting_user, post):
        raise PermissionDenied(_("A reviewer who did not write this post approves it."))
    if post.status != PostStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted post can be reviewed."))
    post.status = status
    post.reviewed_by = acting_user  # type: ignore[assignment]
    post.reviewed_at = timezone.now()
    post.review_comment = comment


@transaction.atomic
def do_approve_post(post: SocialPost, *, acting_user: UserLike, comment: str = "") -> Message:
    """Approve the post and hand its frozen text to the outbox; returns the message sent."""
    _review(post, acting_user, PostStatus.APPROVED, comment)
    save_with_audit(post, acting_user=acting_user, verb="approve", agency=post.agency)
    message = message_for(post)
    handoff.hand_to_outbox(post, message)
    return message


@transaction.atomic
def do_reject_post(post: SocialPost, *, acting_user: UserLike, comment: str) -> SocialPost:
    if not comment.strip():
        raise ValidationError(_("Say what should change."))
    _review(post, acting_user, PostStatus.REJECTED, comment)
    save_with_audit(post, acting_user=acting_user, verb="reject", agency=post.agency)
    return post


@transaction.atomic
def do_mark_posted(post: SocialPost, *, url: str, acting_user: UserLike) -> SocialPost:
    """An officer posted an exported post by hand: record where, which acknowledges it."""
    _check_write(post, acting_user)
    if post.channel.kind != "export":
        raise ValidationError(_("Only exported posts are marked as posted by hand."))
    if post.status not in (PostStatus.APPROVED, PostStatus.POSTED):
        raise ValidationError(_("Only an approved post can be marked as posted."))
    post.status = PostStatus.POSTED
    post.posted_url = url
    post.posted_at = post.posted_at or timezone.now()
    save_with_audit(post, acting_user=acting_user, verb="posted", agency=post.agency)
    handoff.acknowledge_export(post)
    return post


def record_posted(post_id: int, *, remote_id: str, url: str) -> None:
    """The adapter's answer: the platform's id and address of the post (no person acted)."""
    SocialPost.objects.filter(pk=post_id).update(
        status=PostStatus.POSTED,
        remote_id=remote_id,
        posted_url=url[:500],
        posted_at=timezone.now(),
    )


def message_for(post: SocialPost) -> Message:
    """The post as approved, for the outbox (which gives each delivery its idempotency key)."""
    action: Action = "update" if post.remote_id else "publish"
    return Message(
        item_key=f"social:{post.pk}",
        idempotency_key="",
        action=action,
        language=post.language,
        title=post.page.title,
        url=post.page.get_full_url() or "",
        image_alt=post.image_alt,
        published_at=post.page.first_published_at,
        extra={
            "post_id": post.pk,
            "text": post.full_text(),
            "image_id": post.image_id,
            "image_alt": post.image_alt,
            "remote_id": post.remote_id,
            "platform": post.platform,
        },
    )
