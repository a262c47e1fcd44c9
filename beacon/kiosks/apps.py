from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KiosksConfig(AppConfig):
    name = "beacon.kiosks"
    label = "kiosks"
    verbose_name = _("Kiosks")

    def ready(self) -> None:
        from beacon.core.policy import register_areas
        from beacon.kiosks import access, adapter  # noqa: F401  (registers the kiosk adapter)

        register_areas(access.AREAS)
