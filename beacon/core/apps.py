from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "beacon.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from beacon.core import signals  # noqa: F401  (connects the receivers)
