"""The plans app and its place in the permission table.

Area ``plans`` (read scope / write scope):

============  ========  =========  ===============================================================
role          read      write      what it means here
============  ========  =========  ===============================================================
coordinator   ALL       ALL        sees every activity and report; edits the plan; reviews reports
officer       OWN       OWN        sees the activities its agency (or a unit under it) leads or
                                   cooperates in; files reports for its own agency only; sees the
                                   reports of its own agency, and all reports of the activities
                                   its agency leads (the lead consolidates its cooperators' work)
editor,       OWN       NONE       read the activities of their agency, to know what to publish;
translator,                        file nothing
reviewer,
analyst,
trainer,
viewer
============  ========  =========  ===============================================================

Editing the plan itself (plans, programmes, activities, targets) and reviewing reports need a
write scope of ALL, which only the coordinator has. ``beacon/plans/access.py`` applies the table.
"""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "beacon.plans"
    label = "plans"
    verbose_name = _("Plans")

    def ready(self) -> None:
        from beacon.core.policy import register_areas
        from beacon.plans import access

        register_areas(access.AREAS)
