"""Template helpers: the outreach side of a portal event page, accessible error attributes."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField

from beacon.outreach.models import OutreachEvent

register = template.Library()


@register.simple_tag
def outreach_event(page: Any) -> OutreachEvent | None:
    """The outreach event of an event page in any of its languages (one row per event)."""
    return (
        OutreachEvent.objects.filter(page__translation_key=page.translation_key)
        .select_related("page")
        .first()
    )


@register.filter
def add_error_attrs(field: BoundField) -> str:
    """The widget marked invalid and pointing at its error text (WCAG 3.3.1)."""
    return field.as_widget(
        attrs={"aria-invalid": "true", "aria-describedby": f"{field.id_for_label}-errors"}
    )
