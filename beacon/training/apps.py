"""The training app and its place in the permission table.

Three areas, because the people who plan courses, the people who nominate trainees and the
people who record results are not the same:

=============  =====================  =====================  =====================
role           training_catalogue     training_people        training_records
               (courses, sessions)    (officers, nominations) (attendance, results,
                                                              certificates)
=============  =====================  =====================  =====================
coordinator    read all               read all, write all    read all
trainer        read all, write all    read all               read all, write all
officer        read all               read own, write own    read own
other roles    read all               none                   none
=============  =====================  =====================  =====================

"own" is the agencies where the person holds the role and their units. The catalogue is open
to every role so that an agency can see what it may nominate people to; the names and results
of an agency's officers stay within that agency, the trainers and the coordinator.
"""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "beacon.training"
    label = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from beacon.core import policy
        from beacon.core.policy import Rule, Scope
        from beacon.core.roles import Role

        read_only = Rule(Scope.ALL, Scope.NONE)
        policy.register_area(
            "training_catalogue",
            {
                **dict.fromkeys(Role, read_only),
                Role.TRAINER: Rule(Scope.ALL, Scope.ALL),
            },
        )
        policy.register_area(
            "training_people",
            {
                Role.COORDINATOR: Rule(Scope.ALL, Scope.ALL),
                Role.TRAINER: read_only,
                Role.OFFICER: Rule(Scope.OWN, Scope.OWN),
            },
        )
        policy.register_area(
            "training_records",
            {
                Role.COORDINATOR: read_only,
                Role.TRAINER: Rule(Scope.ALL, Scope.ALL),
                Role.OFFICER: Rule(Scope.OWN, Scope.NONE),
            },
        )
        from beacon.training import dashboard  # noqa: F401  (registers the dashboard lines)
