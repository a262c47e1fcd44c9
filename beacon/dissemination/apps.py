from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisseminationConfig(AppConfig):
    name = "beacon.dissemination"
    label = "dissemination"
    verbose_name = _("Dissemination")

    def ready(self) -> None:
        from beacon.dissemination import access, signals

        access.register()
        signals.connect()
