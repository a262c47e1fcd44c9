"""The social app and its place in the permission table.

Area ``social`` (read scope / write scope), like the pages the posts are made from:

============  ========  =========  ============================================================
role          read      write      what it means here
============  ========  =========  ============================================================
coordinator   ALL       ALL        every post and the whole calendar
editor        ALL       ALL        the office's editors write posts for every agency's items
officer       OWN       OWN        posts of its agency's items: edit, submit, mark as posted
reviewer,     ALL       NONE       read posts and the calendar (reviewers approve through the
translator,                        "approval" area, as for pages)
analyst
viewer        OWN       NONE       read its agency's posts
============  ========  =========  ============================================================

Approval follows the page workflow's rule: someone with "approval" write reach over the post's
agency, who neither edited nor submitted it.
"""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialConfig(AppConfig):
    name = "beacon.social"
    label = "social"
    verbose_name = _("Social posts")

    def ready(self) -> None:
        from beacon.core.policy import Rule, Scope, register_area
        from beacon.core.roles import Role
        from beacon.social import dashboard, export, mastodon  # noqa: F401  (registers)

        register_area(
            "social",
            {
                Role.COORDINATOR: Rule(Scope.ALL, Scope.ALL),
                Role.EDITOR: Rule(Scope.ALL, Scope.ALL),
                Role.OFFICER: Rule(Scope.OWN, Scope.OWN),
                Role.REVIEWER: Rule(Scope.ALL, Scope.NONE),
                Role.TRANSLATOR: Rule(Scope.ALL, Scope.NONE),
                Role.ANALYST: Rule(Scope.ALL, Scope.NONE),
                Role.VIEWER: Rule(Scope.OWN, Scope.NONE),
            },
        )
