"""Training coverage per agency: who does external-information work there, and who is trained.

"Trained" means passed a session that ended within the last N months; the coordinator uses it to
see which agencies still have nobody trained, an agency to see where it stands.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count

from beacon.core.agencies import tree_order
from beacon.core.models import Agency
from beacon.training.actions import add_months
from beacon.training.models import Certificate, Enrolment, Officer

EXPIRING_DAYS = 90


@dataclass(frozen=True)
class CoverageRow:
    agency: Agency
    depth: int
    officers: int
    trained: int
    expiring: int

    @property
    def percent(self) -> int:
        return round(100 * self.trained / self.officers) if self.officers else 0

    @property
    def nobody_trained(self) -> bool:
        return self.trained == 0


def trained_since(today: datetime.date, months: int) -> datetime.date:
    return add_months(today, -months)


def coverage_rows(
    agency_ids: set[int] | None, *, today: datetime.date, months: int
) -> list[CoverageRow]:
    """One row per active agency in ``agency_ids`` (all when None), in tree order.

    Counts are of each agency's own officers, not its units': a district and its wards are
    separate rows, so a ward with nobody trained is not hidden behind its district.
    """
    agencies = Agency.objects.active()
    if agency_ids is not None:
        agencies = agencies.filter(pk__in=agency_ids)
    officers = Counter(
        dict(
            Officer.objects.active()
            .values("agency_id")
            .annotate(n=Count("pk"))
            .values_list("agency_id", "n")
        )
    )
    trained = Counter(
        dict(
            Enrolment.objects.filter(
                passed=True,
                officer__is_active=True,
                session__ends_on__gte=trained_since(today, months),
                session__ends_on__lte=today,
            )
            .values("officer__agency_id")
            .annotate(n=Count("officer", distinct=True))
            .values_list("officer__agency_id", "n")
        )
    )
    expiring = Counter(
        dict(
            Certificate.objects.expiring_between(
                today, today + datetime.timedelta(days=EXPIRING_DAYS)
            )
            .values("enrolment__officer__agency_id")
            .annotate(n=Count("pk"))
            .values_list("enrolment__officer__agency_id", "n")
        )
    )
    return [
        CoverageRow(agency, depth, officers[agency.pk], trained[agency.pk], expiring[agency.pk])
        for agency, depth in tree_order(agencies)
    ]
