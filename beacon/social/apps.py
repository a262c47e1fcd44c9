"""The social app; its permission rules are in ``access.py``."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialConfig(AppConfig):
    name = "beacon.social"
    label = "social"
    verbose_name = _("Social posts")

    def ready(self) -> None:
        from beacon.core.policy import register_areas
        from beacon.social import access, dashboard, export, mastodon  # noqa: F401  (registers)

        register_areas(access.AREAS)
