from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FactbaseConfig(AppConfig):
    name = "beacon.factbase"
    label = "factbase"
    verbose_name = _("Fact base and responses")

    def ready(self) -> None:
        from beacon.core.policy import register_areas
        from beacon.factbase import access, dashboard  # noqa: F401  (registers)

        register_areas(access.AREAS)
