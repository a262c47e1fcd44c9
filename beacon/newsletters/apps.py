from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewslettersConfig(AppConfig):
    name = "beacon.newsletters"
    label = "newsletters"
    verbose_name = _("Newsletters")

    def ready(self) -> None:
        from beacon.core.policy import register_areas
        from beacon.newsletters import access, adapter  # noqa: F401  (registers the adapter)

        register_areas(access.AREAS)
