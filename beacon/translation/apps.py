from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationConfig(AppConfig):
    name = "beacon.translation"
    label = "translation"
    verbose_name = _("Translation")

    def ready(self) -> None:
        from beacon.core.policy import register_areas
        from beacon.translation import access, dashboard  # noqa: F401  (dashboard registers)
        from beacon.translation.engines import configured_engine

        # An unknown BEACON_MT_ENGINE stops start-up here, not at the first translation.
        configured_engine()

        register_areas(access.AREAS)
