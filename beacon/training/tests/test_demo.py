"""The demo training programme loads on whatever demo agencies exist, and only once."""

from __future__ import annotations

import datetime
import zoneinfo
from io import StringIO
from typing import Any

import time_machine
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from beacon.core.actions import do_grant_role
from beacon.core.roles import AgencyKind, Role
from beacon.core.tests.factories import AgencyFactory, UserFactory
from beacon.training.demo import load_training_demo
from beacon.training.models import Certificate, Enrolment, Officer, Session, Status


def test_it_loads_the_programme_once_in_the_past_year(db: Any) -> None:
    lead = AgencyFactory(code="SO-TTTT", kind=AgencyKind.LEAD)
    for code in ("SO-NGOAIVU", "SO-VHTT", "Q-HOANKIEM", "Q-TAYHO", "H-BAVI", "CK-NOIBAI"):
        AgencyFactory(code=code)
    do_grant_role(UserFactory(username="thao"), lead, Role.TRAINER, acting_user=None)
    out = StringIO()
    call_command("load_training_demo", stdout=out)
    assert "Training: 7 sessions" in out.getvalue()
    counts = (Session.objects.count(), Officer.objects.count(), Certificate.objects.count())
    call_command("load_training_demo", stdout=StringIO())
    assert (Session.objects.count(), Officer.objects.count(), Certificate.objects.count()) == counts
    assert not Officer.objects.filter(agency__code="SO-DULICH").exists()
    assert Certificate.objects.filter(revoked_at__isnull=False).count() == 1
    today = timezone.localdate()
    last_year = today - datetime.timedelta(days=366)
    assert Certificate.objects.filter(issued_on__range=(last_year, today)).count() == counts[2]
    assert Session.objects.get(code="nvcb-1").ends_on < today
    upcoming = Session.objects.get(code="next-bcnn")
    assert upcoming.enrolments.filter(status=Status.WAITLISTED).exists()
    assert Session.objects.get(code="nvcb-1").trainers.get().username == "thao"
    # The officer who came one day of three did not pass.
    assert not Enrolment.objects.get(
        officer__full_name="Kiều Văn Bình", session__code="nvcb-1"
    ).passed


def test_it_loads_the_programme_as_of_the_day_it_is_given_whatever_the_clock_says(
    db: Any,
) -> None:
    for code in ("SO-TTTT", "SO-NGOAIVU", "SO-VHTT", "Q-HOANKIEM", "Q-TAYHO", "H-BAVI"):
        AgencyFactory(code=code)
    day = datetime.date(2026, 11, 26)
    # A week later by the clock, the sessions the demo places a day after ``day`` have begun:
    # the nominations and results must be made as of ``day``, not as of the clock.
    with time_machine.travel(
        datetime.datetime(2026, 12, 4, 10, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)),
        tick=False,
    ):
        load_training_demo(today=day)
    nominated = {e.nominated_at for e in Enrolment.objects.all()}
    assert {timezone.localdate(at) for at in nominated} == {day}
    assert Session.objects.get(code="nvcb-1").ends_on < day
    assessed = Enrolment.objects.filter(assessed_at__isnull=False)
    assert assessed.exists()
    assert {timezone.localdate(e.assessed_at) for e in assessed} == {day}
    revoked = Certificate.objects.get(revoked_at__isnull=False)
    assert timezone.localdate(revoked.revoked_at) == day
