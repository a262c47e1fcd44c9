"""Small display helpers of the monitor's templates."""

from __future__ import annotations

from datetime import timedelta

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def topic_names(slugs: list[str], labels: dict[str, str]) -> str:
    """Topic codes as their names for the reader (``labels`` from ``gazetteer.topic_labels``)."""
    return ", ".join(labels.get(slug, slug) for slug in slugs)


@register.filter
def duration_hm(value: timedelta) -> str:
    """A delay as "5 h 20 min", the way analysts say it."""
    minutes = max(0, int(value.total_seconds() // 60))
    hours, minutes = divmod(minutes, 60)
    if hours:
        return _("%(h)d h %(m)02d min") % {"h": hours, "m": minutes}
    return _("%(m)d min") % {"m": minutes}
