"""The hook through which other apps (Plans first) count training towards their targets.

A plan's training activity has a target such as "train 40 officers of the districts in 2025".
Plans does not read training tables; it calls::

    from beacon.training.figures import training_figures

    figures = training_figures({district.pk, ...}, date(2025, 1, 1), date(2025, 12, 31))
    figures["trainees"]  # -> 37

and compares the figure named by the target with the target value. The keys are stable:

``sessions``
    sessions (not cancelled) that ended within [start, end] and had at least one trainee of
    these agencies present on at least one day;
``trainees``
    distinct officers of these agencies present on at least one day of those sessions;
``attendance_days``
    days of presence, summed over those officers and sessions;
``passed``
    distinct officers of these agencies who passed one of those sessions;
``certificates``
    certificates issued within [start, end] to officers of these agencies and not revoked.

``agency_ids=None`` counts every agency. Units (a district's wards) are included unless
``include_units=False``, matching how permissions treat an agency and its units. The function
only reads, is cheap (five aggregate queries) and may be called on every dashboard render.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet

from beacon.core.models import Agency
from beacon.training.models import Attendance, Certificate, Enrolment

FIGURE_KEYS = ("sessions", "trainees", "attendance_days", "passed", "certificates")


def with_units(ids: set[int]) -> set[int]:
    """The agencies and every unit below them, however deep."""
    children: dict[int, list[int]] = {}
    for pk, parent_id in Agency.objects.filter(parent__isnull=False).values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, stack = set(ids), list(ids)
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def _for_agencies(queryset: QuerySet, lookup: str, ids: set[int] | None) -> QuerySet:
    return queryset if ids is None else queryset.filter(**{f"{lookup}__in": ids})


def training_figures(
    agency_ids: Iterable[int] | None,
    start: datetime.date,
    end: datetime.date,
    *,
    include_units: bool = True,
) -> dict[str, int]:
    """Training done by these agencies' officers between ``start`` and ``end`` (inclusive)."""
    ids: set[int] | None = None
    if agency_ids is not None:
        ids = set(agency_ids)
        if include_units and ids:
            ids = with_units(ids)
    in_period = Q(
        enrolment__session__is_cancelled=False,
        enrolment__session__ends_on__gte=start,
        enrolment__session__ends_on__lte=end,
    )
    presence = _for_agencies(
        Attendance.objects.filter(in_period, present=True), "enrolment__officer__agency_id", ids
    )
    counts = presence.aggregate(
        sessions=Count("enrolment__session", distinct=True),
        trainees=Count("enrolment__officer", distinct=True),
        attendance_days=Count("pk"),
    )
    passed = _for_agencies(
        Enrolment.objects.filter(
            passed=True,
            session__is_cancelled=False,
            session__ends_on__gte=start,
            session__ends_on__lte=end,
        ),
        "officer__agency_id",
        ids,
    )
    certificates = _for_agencies(
        Certificate.objects.not_revoked().filter(issued_on__gte=start, issued_on__lte=end),
        "enrolment__officer__agency_id",
        ids,
    )
    return {
        "sessions": counts["sessions"],
        "trainees": counts["trainees"],
        "attendance_days": counts["attendance_days"],
        "passed": passed.values("officer").distinct().count(),
        "certificates": certificates.count(),
    }


def trainees_by_agency(
    agency_ids: set[int] | None, start: datetime.date, end: datetime.date
) -> list[dict[str, object]]:
    """Per agency, the distinct officers present at a session that ended in [start, end]."""
    presence = _for_agencies(
        Attendance.objects.filter(
            present=True,
            enrolment__session__is_cancelled=False,
            enrolment__session__ends_on__gte=start,
            enrolment__session__ends_on__lte=end,
        ),
        "enrolment__officer__agency_id",
        agency_ids,
    )
    return list(
        presence.values("enrolment__officer__agency__name")
        .annotate(trainees=Count("enrolment__officer", distinct=True))
        .order_by("-trainees", "enrolment__officer__agency__name")
    )


def certificates_between(
    agency_ids: set[int] | None, start: datetime.date, end: datetime.date, *, expiring: bool
) -> list[dict[str, object]]:
    """Certificates (not revoked) issued, or with ``expiring`` expiring, in [start, end]."""
    field = "expires_on" if expiring else "issued_on"
    certificates = _for_agencies(
        Certificate.objects.not_revoked().filter(**{f"{field}__gte": start, f"{field}__lte": end}),
        "enrolment__officer__agency_id",
        agency_ids,
    )
    return list(
        certificates.order_by(field, "pk").values(
            "pk", "number", "code", "course_title", "issued_on", "expires_on"
        )
    )
