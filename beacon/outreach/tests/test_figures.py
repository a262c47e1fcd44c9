"""``period_figures`` for the insights report, and events counted toward a plan activity's target
exactly as training sessions are."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from beacon.outreach.figures import FIGURE_KEYS, period_figures
from beacon.outreach.models import (
    CommunityStory,
    PressRequest,
    Registration,
    RegistrationStatus,
    StoryStatus,
)
from beacon.outreach.tests.conftest import City, make_event


def _held(city: City, days_ago: int, slug: str, agency: object) -> object:
    event = make_event(city.newsroom.tree.sections, agency, in_days=-days_ago, slug=slug)
    for number, status in enumerate(["confirmed", "confirmed", "waiting", "cancelled"]):
        Registration.objects.create(
            event=event, name=f"P{number}", email=f"p{number}-{slug}@example.org", language="en",
            status=status, checked_in_at=timezone.now() if number == 0 else None,
        )  # fmt: skip
    return event


@pytest.mark.django_db
def test_it_counts_a_period_for_an_agency_and_its_units(city: City) -> None:
    personas = city.newsroom.personas
    _held(city, 3, "held-a", personas.ward)  # a unit of district A
    _held(city, 40, "held-long-ago", personas.district)
    _held(city, 3, "held-b", personas.other_district)
    today = timezone.localdate()
    PressRequest.objects.create(
        agency=personas.district, name="J", email="j@example.org", outlet="O", country="JP",
        topic="T", starts_on=today, ends_on=today, language="en", status="answered",
    )  # fmt: skip
    CommunityStory.objects.create(
        agency=personas.district, title="S", body="B", language="en", author_name="A",
        email="a@example.org", licence="cc-by-4.0", consent_at=timezone.now(),
        status=StoryStatus.PUBLISHED, moderated_at=timezone.now(),
    )  # fmt: skip
    month = (today - datetime.timedelta(days=30), today)
    figures = period_figures({personas.district.pk}, *month)
    assert set(figures) == set(FIGURE_KEYS)
    assert figures == {
        "events": 1, "registrations": 2, "participants": 1, "partners": 1, "partners_new": 1,
        "press_requests": 1, "press_answered": 1, "stories": 1,
    }  # fmt: skip
    assert period_figures(None, *month)["events"] == 2
    assert period_figures({personas.other_district.pk}, *month)["stories"] == 0
    # a period counts the events that start in it: the fixture's event, in five days
    assert (
        period_figures({personas.district.pk}, today, today + datetime.timedelta(days=9))["events"]
        == 1
    )


@pytest.mark.django_db
def test_it_counts_events_toward_a_plan_activity_target(city: City) -> None:
    from beacon.plans.tests.factories import make_activity

    personas = city.newsroom.personas
    _held(city, 3, "held-a", personas.district)
    today = timezone.localdate()
    activity = make_activity(
        lead=personas.district, start=today - datetime.timedelta(days=60),
        deadline=today + datetime.timedelta(days=60), targets=[(2, "events")],
        counted_from_training=True,
    )  # fmt: skip
    target = activity.targets.get()
    assert activity.is_counted(target)
    assert activity.counted_totals(today) == {target.pk: Decimal(1)}
    assert not activity.targets_reached(today)
    _held(city, 1, "held-a-again", personas.district)
    assert activity.targets_reached(today)
    Registration.objects.filter(status=RegistrationStatus.CONFIRMED).update(checked_in_at=None)
    assert activity.targets_reached(today)  # an event held counts, whoever came
