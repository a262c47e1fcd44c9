"""The publishing line on the admin dashboard: pages waiting for this person's approval."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import TaskState

from beacon.core.dashboard import Line, register


@register
def approval_lines(request: HttpRequest) -> list[Line]:
    count = TaskState.objects.reviewable_by(request.user).count()
    if not count:
        return []
    return [
        Line(
            _("articles wait for your approval"),
            reverse("wagtailadmin_home") + "#workflow-pages-to-moderate",
            count,
            "warning",
        )
    ]
