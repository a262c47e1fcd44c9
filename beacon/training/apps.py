"""The training app; its permission rules (three areas) are in ``access.py``."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "beacon.training"
    label = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from beacon.core.policy import register_areas
        from beacon.training import access, dashboard  # noqa: F401  (dashboard registers)

        register_areas(access.AREAS)
