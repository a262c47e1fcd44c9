"""Access to social posts, following the ``social`` area; approval follows ``approval``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404

from beacon.core import policy
from beacon.core.access import scoped
from beacon.social.models import SocialPost, SocialPostQuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    UserLike = User | AnonymousUser

AREA = "social"


def can_read(user: UserLike) -> bool:
    return policy.can(user, AREA, "read")


def posts_for_user(user: UserLike, *, write: bool = False) -> SocialPostQuerySet:
    queryset = SocialPost.objects.select_related("channel", "agency", "page", "image")
    return scoped(queryset, user, AREA, "write" if write else "read", "agency_id")


def get_post_for_user(user: UserLike, pk: int, *, write: bool = False) -> SocialPost:
    post = posts_for_user(user).filter(pk=pk).first()
    if post is None:
        raise Http404
    if write and not can_write(user, post):
        raise PermissionDenied
    return post


def can_write(user: UserLike, post: SocialPost) -> bool:
    """Posts of office-wide pages (no agency) are written only by those who reach every agency."""
    reach = policy.agency_ids_for(user, AREA, "write")
    if reach is policy.ALL_AGENCIES:
        return True
    return post.agency_id is not None and post.agency_id in reach


def can_approve(user: UserLike, post: SocialPost) -> bool:
    """A reviewer of the post's agency who did not write it, like the page workflow's task."""
    if not user.is_authenticated:
        return False
    if user.pk in {post.edited_by_id, post.submitted_by_id}:
        return False
    return policy.can(user, "approval", "write", post.agency)
