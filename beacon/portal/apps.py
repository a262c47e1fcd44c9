from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "beacon.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from beacon.core.policy import register_areas
        from beacon.portal import access, dashboard, workflow  # noqa: F401  (dashboard registers)
        from beacon.translation.signals import translation_approved

        translation_approved.connect(
            workflow.translations_approved, dispatch_uid="portal-translations-approved"
        )

        register_areas(access.AREAS)
