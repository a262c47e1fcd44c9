from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "beacon.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from beacon.core import signals  # noqa: F401  (connects the receivers)
        from beacon.core.admin_input import (
            guard_chooser_widgets,
            guard_external_link_form,
            register_form_fields,
        )

        register_form_fields()
        guard_chooser_widgets()
        guard_external_link_form()
