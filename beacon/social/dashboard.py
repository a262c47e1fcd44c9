"""Dashboard lines: posts waiting for this person's approval, and channels gone quiet."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from beacon.core.dashboard import Line, register
from beacon.social import access, calendar


@register
def social_lines(request: HttpRequest) -> list[Line]:
    user = request.user
    lines: list[Line] = []
    if not access.can_read(user):
        return lines
    waiting = [
        post
        for post in access.posts_for_user(user).waiting_for_approval()
        if access.can_approve(user, post)
    ]
    if waiting:
        lines.append(
            Line(
                _("social posts wait for your approval"),
                reverse("social:posts") + "?status=submitted",
                len(waiting),
                "warning",
            )
        )
    quiet = calendar.current_gaps(user)
    if quiet:
        lines.append(
            Line(
                _("channel languages have had nothing for longer than their limit"),
                reverse("social:calendar"),
                len(quiet),
                "warning",
            )
        )
    return lines
