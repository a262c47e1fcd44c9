from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KiosksConfig(AppConfig):
    name = "beacon.kiosks"
    label = "kiosks"
    verbose_name = _("Kiosks")

    def ready(self) -> None:
        from beacon.kiosks import access, adapter  # noqa: F401  (registers the kiosk adapter)

        access.register()
