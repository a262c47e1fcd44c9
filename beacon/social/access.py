"""Access to social posts, following the ``social`` area; approval follows ``approval``.

Area ``social`` (read scope / write scope), like the pages the posts are made from:

============  ========  =========  ============================================================
role          read      write      what it means here
============  ========  =========  ============================================================
coordinator   ALL       ALL        every post and the whole calendar
editor        ALL       ALL        the office's editors write posts for every agency's items
officer       OWN       OWN        posts of its agency's items: edit, submit, mark as posted
reviewer,     ALL       NONE       read posts and the calendar (reviewers approve through the
translator,                        "approval" area, as for pages)
analyst
viewer        OWN       NONE       read its agency's posts
============  ========  =========  ============================================================

Approval follows the page workflow's rule: someone with "approval" write reach over the post's
agency, who neither edited nor submitted it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404

from beacon.core import policy
from beacon.core.access import scoped
from beacon.core.policy import Rule, Scope
from beacon.core.roles import Role
from beacon.social.models import SocialPost, SocialPostQuerySet

if TYPE_CHECKING:
    from beacon.core.types import UserLike

AREA = "social"

AREAS = {
    AREA: {
        Role.COORDINATOR: Rule(Scope.ALL, Scope.ALL),
        Role.EDITOR: Rule(Scope.ALL, Scope.ALL),
        Role.OFFICER: Rule(Scope.OWN, Scope.OWN),
        Role.REVIEWER: Rule(Scope.ALL, Scope.NONE),
        Role.TRANSLATOR: Rule(Scope.ALL, Scope.NONE),
        Role.ANALYST: Rule(Scope.ALL, Scope.NONE),
        Role.VIEWER: Rule(Scope.OWN, Scope.NONE),
    }
}


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
