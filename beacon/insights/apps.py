"""The insights app and its place in the permission table.

Area ``insights`` (read scope / write scope):

============  ========  =========  ===============================================================
role          read      write      what it means here
============  ========  =========  ===============================================================
coordinator   ALL       ALL        the whole city and any agency; stores reports, publishes figures
others        OWN       NONE       the report of their own agency with its units (a district
                                   officer sees the district with its communes), nothing city-wide
============  ========  =========  ===============================================================
"""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "beacon.insights"
    label = "insights"
    verbose_name = _("Insights")

    def ready(self) -> None:
        from beacon.core.policy import Rule, Scope, register_area
        from beacon.core.roles import Role

        rules = {role: Rule(Scope.OWN, Scope.NONE) for role in Role}
        rules[Role.COORDINATOR] = Rule(Scope.ALL, Scope.ALL)
        register_area("insights", rules)
