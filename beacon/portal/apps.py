from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "beacon.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from beacon.core.policy import Rule, Scope, register_area
        from beacon.core.roles import Role
        from beacon.portal import dashboard, workflow  # noqa: F401  (dashboard registers)
        from beacon.translation.signals import translation_approved

        translation_approved.connect(
            workflow.translations_approved, dispatch_uid="portal-translations-approved"
        )

        # Pages belong to an agency. Officers propose pages of their own agency; the office's
        # editors take every proposal from there; translators and reviewers read everything.
        register_area(
            "content",
            {
                Role.COORDINATOR: Rule(Scope.ALL, Scope.ALL),
                Role.EDITOR: Rule(Scope.ALL, Scope.ALL),
                Role.OFFICER: Rule(Scope.OWN, Scope.OWN),
                Role.ANALYST: Rule(Scope.ALL, Scope.OWN),
                Role.TRANSLATOR: Rule(Scope.ALL, Scope.NONE),
                Role.REVIEWER: Rule(Scope.ALL, Scope.NONE),
                Role.VIEWER: Rule(Scope.ALL, Scope.NONE),
            },
        )
        # Approving a page for publication (the review task of the workflow).
        register_area(
            "approval",
            {
                Role.COORDINATOR: Rule(Scope.ALL, Scope.ALL),
                Role.REVIEWER: Rule(Scope.ALL, Scope.ALL),
            },
        )
