"""Social post drafts: one post for one item, in one language, on one platform, through a channel.

A draft is suggested when the item is published (``drafting.py``), edited by the page's agency,
submitted, then approved by a reviewer who did not write it (``actions.py``), which hands it to
the outbox with the approved text. ``agency`` is the page's, copied so that lists and the
calendar are scoped with one filter.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model_string

from beacon.social.platforms import PLATFORMS, compose, platform_choices

# Channel kinds a post can go through: a live adapter, or the export pack for manual posting.
POST_CHANNEL_KINDS = ("mastodon", "export")


class PostStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted for approval")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("changes requested")
    POSTED = "posted", _("posted")


class SocialPostQuerySet(models.QuerySet["SocialPost"]):
    def waiting_for_approval(self) -> SocialPostQuerySet:
        return self.filter(status=PostStatus.SUBMITTED)


class SocialPost(models.Model):
    channel = models.ForeignKey(
        "dissemination.Channel",
        verbose_name=_("channel"),
        on_delete=models.PROTECT,
        related_name="social_posts",
        limit_choices_to={"kind__in": POST_CHANNEL_KINDS},
    )
    platform = models.CharField(_("platform"), max_length=20, choices=platform_choices())
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("item"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=10)
    text = models.TextField(_("text"))
    hashtags = models.CharField(
        _("hashtags"), max_length=300, blank=True, help_text=_("Separated by spaces.")
    )
    image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    image_alt = models.CharField(
        _("image description (alt text)"),
        max_length=1500,
        blank=True,
        help_text=_("Read aloud to people who cannot see the image; required with an image."),
    )
    scheduled_for = models.DateTimeField(_("post at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PostStatus.choices, default=PostStatus.DRAFT
    )
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    remote_id = models.CharField(_("id on the platform"), max_length=200, blank=True)
    posted_url = models.URLField(_("address of the post"), max_length=500, blank=True)
    posted_at = models.DateTimeField(_("posted"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SocialPostQuerySet.as_manager()

    class Meta:
        verbose_name = _("social post")
        verbose_name_plural = _("social posts")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["page", "channel"], name="social_one_post_per_channel")
        ]
        indexes = [models.Index(fields=["status", "posted_at"])]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} · {self.language} · {self.text[:40]}"

    def full_text(self) -> str:
        return compose(self.text, self.hashtags)

    def length(self) -> int:
        return PLATFORMS[self.platform].length(self.full_text())

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        platform = PLATFORMS.get(self.platform)
        if platform is not None and not platform.fits(self.full_text()):
            errors["text"] = _(
                "%(platform)s counts this post as %(length)d characters; its limit is "
                "%(limit)d. Shorten the text or the hashtags by %(over)d."
            ) % {
                "platform": platform.label,
                "length": self.length(),
                "limit": platform.limit,
                "over": self.length() - platform.limit,
            }
        if self.image_id and not self.image_alt.strip():
            errors["image_alt"] = _("Describe the image: an image needs its alt text.")
        if self.channel_id and self.channel.kind not in POST_CHANNEL_KINDS:
            errors["channel"] = _("Social posts go through a Mastodon or an export channel.")
        if self.channel_id and self.channel.kind == "mastodon" and self.platform != "mastodon":
            errors["platform"] = _("A Mastodon channel carries Mastodon posts only.")
        if errors:
            raise ValidationError(errors)

    def is_editable(self) -> bool:
        return self.status in (PostStatus.DRAFT, PostStatus.REJECTED)
