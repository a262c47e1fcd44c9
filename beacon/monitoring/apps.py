from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "beacon.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        from beacon.core.policy import register_areas
        from beacon.monitoring import access, search_queue

        register_areas(access.AREAS)
        search_queue.connect()  # saved and deleted articles reach the search engine
