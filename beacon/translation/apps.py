from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationConfig(AppConfig):
    name = "beacon.translation"
    label = "translation"
    verbose_name = _("Translation")

    def ready(self) -> None:
        from beacon.core.policy import Rule, Scope, register_area
        from beacon.core.roles import Role
        from beacon.translation import dashboard  # noqa: F401  (registers the dashboard lines)
        from beacon.translation.engines import configured_engine

        # An unknown BEACON_MT_ENGINE stops start-up here, not at the first translation.
        configured_engine()

        # Translating is the translators' work (in their languages, see TranslatorProfile); the
        # coordinator may step in. Everyone else who works on content can follow the status.
        register_area(
            "translation",
            {
                Role.COORDINATOR: Rule(Scope.ALL, Scope.ALL),
                Role.TRANSLATOR: Rule(Scope.ALL, Scope.ALL),
                Role.EDITOR: Rule(Scope.ALL, Scope.NONE),
                Role.REVIEWER: Rule(Scope.ALL, Scope.NONE),
                Role.OFFICER: Rule(Scope.OWN, Scope.NONE),
            },
        )
        # The term base is kept by translators and editors; anyone in content work reads it.
        register_area(
            "glossary",
            {
                Role.COORDINATOR: Rule(Scope.ALL, Scope.ALL),
                Role.TRANSLATOR: Rule(Scope.ALL, Scope.ALL),
                Role.EDITOR: Rule(Scope.ALL, Scope.ALL),
                Role.REVIEWER: Rule(Scope.ALL, Scope.NONE),
                Role.OFFICER: Rule(Scope.ALL, Scope.NONE),
                Role.ANALYST: Rule(Scope.ALL, Scope.NONE),
            },
        )
