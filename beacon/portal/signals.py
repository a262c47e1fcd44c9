"""Publishing a source page publishes its approved translations; unpublishing withdraws them.

Scheduled publication runs these receivers too: Wagtail's publish_scheduled (run by the Celery
beat job) publishes the revision, which sends ``page_published``.
"""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from beacon.portal.cache import bump_generation


def _is_source(page: Any) -> bool:
    from beacon.translation.actions import target_locales

    return page.locale_id not in {locale.pk for locale in target_locales()}


@receiver(page_published)
def publish_translations(sender: Any, instance: Any, revision: Any = None, **kwargs: Any) -> None:
    from beacon.translation.actions import publish_approved_translations

    bump_generation()
    if _is_source(instance):
        publish_approved_translations(instance, user=getattr(revision, "user", None))


@receiver(page_unpublished)
def unpublish_translations(sender: Any, instance: Any, **kwargs: Any) -> None:
    from beacon.translation.actions import unpublish_translations as withdraw

    bump_generation()
    if _is_source(instance):
        withdraw(instance)
