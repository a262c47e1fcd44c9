"""Reminders from the daily scan, through Celery's own code path: due soon, missing, once each."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from beacon.plans import actions
from beacon.plans.models import Reminder, ReminderKind
from beacon.plans.tasks import send_plan_reminders
from beacon.plans.tests.factories import make_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def emails(personas: Any) -> None:
    for user, address in (
        (personas.officer, "minh@a.example"),
        (personas.other_officer, "hung@b.example"),
    ):
        user.email = address
        user.save()


def test_it_reminds_each_agency_once_before_the_report_is_due(
    personas: Any, settings: Any, emails: None, eager_tasks: None
) -> None:
    settings.BEACON_PLANS_REPORT_DUE_DAYS = 5
    settings.BEACON_PLANS_REMINDER_DAYS = 7
    today = timezone.localdate()
    activity = make_activity(
        lead=personas.district,
        cooperating=[personas.other_district],
        start=today - timedelta(days=20),
        deadline=today + timedelta(days=1),
    )
    assert send_plan_reminders.apply().get() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["hung@b.example", "minh@a.example"]
    assert "due" in mail.outbox[0].subject
    assert str(activity) in mail.outbox[0].body
    assert send_plan_reminders.apply().get() == 0
    assert len(mail.outbox) == 2
    assert Reminder.objects.filter(kind=ReminderKind.UPCOMING).count() == 2


def test_it_reminds_only_the_agencies_that_have_not_filed_a_missing_report(
    personas: Any, settings: Any, emails: None, eager_tasks: None
) -> None:
    settings.BEACON_PLANS_REPORT_DUE_DAYS = 5
    settings.BEACON_PLANS_REPORT_CLOSE_DAYS = 30
    today = timezone.localdate()
    activity = make_activity(
        lead=personas.district,
        cooperating=[personas.other_district],
        start=today - timedelta(days=40),
        deadline=today - timedelta(days=10),
    )
    actions.do_file_report(
        activity,
        activity.periods.get(),
        personas.other_district,
        actions.ReportInput(summary="Đã làm."),
        acting_user=None,
    )
    assert send_plan_reminders.apply().get() == 1
    assert [m.to for m in mail.outbox] == [["minh@a.example"]]
    assert "missing" in mail.outbox[0].subject
    reminder = Reminder.objects.get()
    assert (reminder.agency, reminder.kind, reminder.recipients) == (
        personas.district,
        ReminderKind.MISSING,
        1,
    )


def test_it_does_not_remind_about_closed_or_cancelled_work(
    personas: Any, settings: Any, emails: None, eager_tasks: None
) -> None:
    settings.BEACON_PLANS_REPORT_DUE_DAYS = 5
    settings.BEACON_PLANS_REPORT_CLOSE_DAYS = 10
    today = timezone.localdate()
    make_activity(
        lead=personas.district,
        title="Đã đóng",
        start=today - timedelta(days=90),
        deadline=today - timedelta(days=30),
    )
    cancelled = make_activity(
        lead=personas.district,
        title="Đã huỷ",
        start=today - timedelta(days=20),
        deadline=today + timedelta(days=1),
    )
    actions.do_cancel_activity(cancelled, "Không còn cần thiết", acting_user=None)
    assert send_plan_reminders.apply().get() == 0
    assert mail.outbox == []
