from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisseminationConfig(AppConfig):
    name = "beacon.dissemination"
    label = "dissemination"
    verbose_name = _("Dissemination")

    def ready(self) -> None:
        from beacon.core.policy import register_areas

        # Importing the adapter modules registers their channel kinds.
        from beacon.dissemination import access, exchange, syndication  # noqa: F401

        register_areas(access.AREAS)
