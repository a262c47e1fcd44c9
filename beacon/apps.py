"""The project itself as an app, last in ``INSTALLED_APPS``: what spans every app lives here.

It owns the publishing flow (``publishing.py``) and the demo city (``demo.py``); apps below it
never import it.
"""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BeaconConfig(AppConfig):
    name = "beacon"
    label = "beacon"
    verbose_name = _("Beacon")

    def ready(self) -> None:
        from beacon import publishing

        publishing.connect()
