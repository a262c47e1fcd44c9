"""Training fixtures: a trainer beside the shared personas, a course and a session in the future,
officers in each district, and Celery running its tasks in-process."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from beacon.celery import app as celery_app
from beacon.core.actions import do_grant_role
from beacon.core.roles import Role
from beacon.core.tests.factories import UserFactory
from beacon.training import actions
from beacon.training.models import Competency, Course, Officer, Session


@pytest.fixture(autouse=True)
def _eager_celery() -> Iterator[None]:
    """Run tasks in-process, through the same task code the worker runs."""
    celery_app.conf.task_always_eager = True
    yield


@dataclass
class Training:
    trainer: Any
    course: Course
    session: Session
    minh_officers: list[Officer]
    ward_officer: Officer
    hung_officers: list[Officer]


def make_officer(agency: Any, name: str, email: str = "") -> Officer:
    officer = Officer(agency=agency, full_name=name, email=email, languages=["vi", "en"])
    return actions.do_save_officer(officer, competencies=[], acting_user=None)


def make_session(course: Course, *, code: str, capacity: int = 3, days_ahead: int = 10) -> Session:
    start = timezone.localdate() + datetime.timedelta(days=days_ahead)
    session = Session(
        course=course,
        code=code,
        starts_on=start,
        ends_on=start + datetime.timedelta(days=course.duration_days - 1),
        place="Hội trường Sở, 185 Giảng Võ",
        capacity=capacity,
    )
    return actions.do_save_session(session, trainers=[], target_agencies=[], acting_user=None)


def move_session_to_past(session: Session, days_ago: int = 30) -> Session:
    """Let time pass: the session now lies in the past (its length unchanged)."""
    length = session.ends_on - session.starts_on
    start = timezone.localdate() - datetime.timedelta(days=days_ago)
    Session.objects.filter(pk=session.pk).update(starts_on=start, ends_on=start + length)
    session.refresh_from_db()
    return session


@pytest.fixture
def training(personas: Any) -> Training:
    trainer = UserFactory(username="thao", first_name="Thảo")
    do_grant_role(trainer, personas.lead, Role.TRAINER, acting_user=None)
    press = actions.do_save_competency(
        Competency(code="press", name="Press relations"), acting_user=None
    )
    course = actions.do_save_course(
        Course(
            code="foreign-press",
            title="Communicating with foreign press",
            duration_days=2,
            hours=16,
            languages=["vi", "en"],
            validity_months=24,
        ),
        competencies=[press],
        acting_user=None,
    )
    session = make_session(course, code="foreign-press-2025-1")
    minh_officers = [
        make_officer(personas.district, f"Nguyễn Văn {letter}", f"{letter.lower()}@qa.invalid")
        for letter in "ABCD"
    ]
    ward_officer = make_officer(personas.ward, "Trần Thị Phường", "phuong@pa1.invalid")
    hung_officers = [make_officer(personas.other_district, "Lê Quốc Bảo", "bao@qb.invalid")]
    return Training(trainer, course, session, minh_officers, ward_officer, hung_officers)
