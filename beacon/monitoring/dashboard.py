"""The monitor's lines on the admin dashboard."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from beacon.core.dashboard import Line, register
from beacon.monitoring import access
from beacon.monitoring.alerts import early_sources
from beacon.monitoring.models import Source, Story

# "Spreading fast": at least this many sources within this many hours.
FAST_SOURCES = 5
FAST_HOURS = 6


@register
def monitoring_lines(request: HttpRequest) -> list[Line]:
    user = request.user
    lines: list[Line] = []
    if access.can_read_monitor(user):
        recent = Story.objects.filter(
            last_seen_at__gte=timezone.now() - timedelta(days=1), source_count__gte=FAST_SOURCES
        )
        fast = [
            s
            for s in recent.order_by("-source_count")[:20]
            if early_sources(s, FAST_HOURS) >= FAST_SOURCES
        ]
        for story in fast[:3]:
            lines.append(
                Line(
                    _("Spreading fast: %(title)s (%(sources)d sources in %(countries)d countries)")
                    % {
                        "title": story.title,
                        "sources": story.source_count,
                        "countries": len(story.countries),
                    },
                    reverse("monitoring:story", args=[story.pk]),
                    tone="warning",
                )
            )
        paused = Source.objects.filter(is_active=True, paused_at__isnull=False).count()
        if paused:
            lines.append(
                Line(
                    _("sources paused after repeated failures"),
                    reverse("monitoring_source:index"),
                    paused,
                    "warning",
                )
            )
    if access.can_see_alerts(user):
        open_alerts = access.alerts_for_user(user).open().count()
        if open_alerts:
            lines.append(
                Line(
                    _("alerts to acknowledge"),
                    reverse("monitoring:alerts"),
                    open_alerts,
                    "critical",
                )
            )
    return lines
