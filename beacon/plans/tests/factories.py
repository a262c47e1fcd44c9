"""Building plans for tests through the real actions, with dates relative to today."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from beacon.core.models import Agency
from beacon.plans import actions
from beacon.plans.models import Activity, Plan, Programme, Target


def make_plan(year: int = 2025, title: str = "Kế hoạch thông tin đối ngoại") -> Plan:
    plan = Plan.objects.filter(year=year, title=title).first()
    return plan or actions.do_save_plan(Plan(year=year, title=title), acting_user=None)


def make_programme(
    plan: Plan, title: str = "Thông tin đối ngoại trên không gian mạng"
) -> Programme:
    programme = Programme.objects.filter(plan=plan, title=title).first()
    return programme or actions.do_save_programme(
        Programme(plan=plan, title=title), acting_user=None
    )


def make_activity(
    *,
    lead: Agency,
    start: date,
    deadline: date,
    title: str = "Quảng bá làng nghề với du khách nước ngoài",
    cooperating: Iterable[Agency] = (),
    recurrence: str = "once",
    targets: Iterable[tuple[int, str]] = ((3, "articles"), (1, "visits")),
    programme: Programme | None = None,
    **fields: Any,
) -> Activity:
    if programme is None:
        programme = make_programme(make_plan(start.year))
    activity = Activity(
        programme=programme,
        title=title,
        lead_agency=lead,
        start=start,
        deadline=deadline,
        recurrence=recurrence,
        **fields,
    )
    activity.cooperating_agencies = list(cooperating)  # type: ignore[assignment]
    activity.targets = [Target(quantity=Decimal(q), unit=u) for q, u in targets]  # type: ignore[assignment]
    return actions.do_save_activity(activity, acting_user=None)
