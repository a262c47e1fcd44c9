"""Reminders of upcoming sessions and expiring certificates, each sent once."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core import mail
from django.utils import timezone

from beacon.training import actions, tasks
from beacon.training.models import Enrolment, Session


def _starts_in(session: Session, days: int) -> None:
    start = timezone.localdate() + datetime.timedelta(days=days)
    length = session.ends_on - session.starts_on
    Session.objects.filter(pk=session.pk).update(starts_on=start, ends_on=start + length)


def test_it_reminds_the_enrolled_a_week_and_a_day_before(training: Any) -> None:
    a, b, c, waiting = training.minh_officers
    for officer in (a, b, c, waiting):
        actions.do_nominate_officer(training.session, officer, acting_user=None)
    _starts_in(training.session, 6)
    assert tasks.send_due_reminders() == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted([a.email, b.email, c.email])
    assert "in 6 days" in mail.outbox[0].subject
    assert tasks.send_due_reminders() == 0
    assert len(mail.outbox) == 3
    _starts_in(training.session, 1)
    assert tasks.send_due_reminders() == 3
    assert len(mail.outbox) == 6
    assert waiting.email not in {m.to[0] for m in mail.outbox}


def test_it_sends_only_the_nearest_reminder_to_a_late_nominee(training: Any) -> None:
    actions.do_nominate_officer(training.session, training.minh_officers[0], acting_user=None)
    _starts_in(training.session, 1)
    assert tasks.send_due_reminders() == 1
    assert tasks.send_due_reminders() == 0
    assert len(mail.outbox) == 1
    assert "training in 1 day" in mail.outbox[0].subject


def test_it_reminds_holders_of_certificates_about_to_expire(training: Any) -> None:
    officer = training.minh_officers[0]
    actions.do_nominate_officer(training.session, officer, acting_user=None)
    _starts_in(training.session, -5)
    training.session.refresh_from_db()
    actions.do_record_attendance(
        training.session, training.session.starts_on, [officer.pk], acting_user=None
    )
    actions.do_record_attendance(
        training.session, training.session.ends_on, [officer.pk], acting_user=None
    )
    enrolment = Enrolment.objects.get(officer=officer)
    actions.do_record_result(enrolment, Decimal("88"), acting_user=None)
    certificate = actions.do_issue_certificate(enrolment, acting_user=None)
    certificate.expires_on = timezone.localdate() + datetime.timedelta(days=50)
    certificate.save()
    assert tasks.send_due_reminders() == 1
    assert mail.outbox[0].to == [officer.email]
    assert f"/certificates/{certificate.code}/" in mail.outbox[0].body
    certificate.expires_on = timezone.localdate() + datetime.timedelta(days=10)
    certificate.save()
    assert tasks.send_due_reminders() == 1
    actions.do_revoke_certificate(certificate, "Replaced", acting_user=None)
    certificate.expires_on = timezone.localdate() + datetime.timedelta(days=3)
    certificate.save()
    assert tasks.send_due_reminders() == 0
    assert len(mail.outbox) == 2


def test_it_tells_everyone_nominated_when_a_session_is_cancelled(
    client: Any, training: Any, django_capture_on_commit_callbacks: Any
) -> None:
    for officer in training.minh_officers:
        actions.do_nominate_officer(training.session, officer, acting_user=None)
    actions.do_withdraw_enrolment(
        Enrolment.objects.get(officer=training.minh_officers[0]), acting_user=None
    )
    mail.outbox.clear()
    session = training.session
    session.is_cancelled = True
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_save_session(session, trainers=[], target_agencies=[], acting_user=None)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        o.email for o in training.minh_officers[1:]
    )
    assert all(m.subject.startswith("Cancelled:") for m in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_save_session(session, trainers=[], target_agencies=[], acting_user=None)
    assert len(mail.outbox) == 3
    _starts_in(session, 5)
    assert tasks.send_due_reminders() == 0
