"""A fact check's first publication records the time its response took."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from wagtail.signals import page_published


@receiver(page_published)
def record_response_publication(sender: Any, instance: Any, **kwargs: Any) -> None:
    from beacon.factbase.actions import record_publication
    from beacon.factbase.models import FactCheckPage

    if isinstance(instance, FactCheckPage):
        record_publication(instance)
