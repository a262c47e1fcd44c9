"""Every write of the training app goes through one of these functions.

Each runs in one transaction with its audit event; e-mails are enqueued only once the
transaction has committed. ``acting_user=None`` means the system (demo loader, scheduled jobs)
and skips the permission check.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from beacon.core import audit, policy
from beacon.core.actions import save_with_audit
from beacon.core.models import Agency
from beacon.lib import clock
from beacon.training.access import CATALOGUE, PEOPLE, RECORDS, may_nominate
from beacon.training.models import (
    Attendance,
    Certificate,
    Competency,
    Course,
    Enrolment,
    Officer,
    Session,
    Status,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def _require(acting_user: User | AnonymousUser | None, area: str, agency: Agency | None) -> None:
    if acting_user is not None and not policy.can(acting_user, area, "write", agency):
        raise PermissionDenied


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (or earlier when negative), or the month's last day when it
    is shorter: 31 Jan + 1 month is 28 Feb."""
    moved: datetime.date = day + relativedelta(months=months)
    return moved


@transaction.atomic
def do_save_competency(
    competency: Competency, *, acting_user: User | AnonymousUser | None
) -> Competency:
    _require(acting_user, CATALOGUE, None)
    verb = "update" if competency.pk else "create"
    save_with_audit(competency, acting_user=acting_user, verb=verb, agency=None)
    return competency


@transaction.atomic
def do_save_course(
    course: Course, *, competencies: Iterable[Competency], acting_user: User | AnonymousUser | None
) -> Course:
    _require(acting_user, CATALOGUE, None)
    verb = "update" if course.pk else "create"
    save_with_audit(course, acting_user=acting_user, verb=verb, agency=None)
    course.competencies.set(competencies)
    return course


@transaction.atomic
def do_save_session(
    session: Session,
    *,
    trainers: Iterable[Any],
    target_agencies: Iterable[Agency],
    acting_user: User | AnonymousUser | None,
) -> Session:
    """Create or change a session; seats added to it go to the waiting list first in line.

    Seats cannot drop below the number already taken: withdrawing people is a decision for
    their agencies, not a side effect of an edit. Cancelling tells everyone nominated.
    """
    from beacon.training import tasks

    _require(acting_user, CATALOGUE, None)
    was_cancelled = (
        Session.objects.filter(pk=session.pk, is_cancelled=True).exists() if session.pk else False
    )
    if session.pk is not None:
        taken = session.enrolments.enrolled().count()
        if session.capacity < taken:
            raise ValidationError(
                {
                    "capacity": _(
                        "%(taken)d seats are taken; withdraw nominations before reducing seats."
                    )
                    % {"taken": taken}
                }
            )
    verb = "update" if session.pk else "create"
    save_with_audit(session, acting_user=acting_user, verb=verb, agency=None)
    session.trainers.set(trainers)
    targets = list(target_agencies)
    before = set(session.target_agencies.values_list("pk", flat=True))
    session.target_agencies.set(targets)
    after = {agency.pk for agency in targets}
    if before != after:
        audit.record(
            actor=acting_user,
            action="session.targets",
            instance=session,
            changes={"target_agencies": [sorted(before), sorted(after)]},
        )
    if not session.is_cancelled:
        _promote_waiting(session, acting_user=acting_user)
    elif not was_cancelled:
        nominated = session.enrolments.exclude(status=Status.WITHDRAWN)
        for pk in nominated.values_list("pk", flat=True):
            transaction.on_commit(
                lambda pk=pk: tasks.send_cancellation_notice.delay(pk)  # type: ignore[misc]
            )
    return session


@transaction.atomic
def do_save_officer(
    officer: Officer,
    *,
    competencies: Iterable[Competency],
    acting_user: User | AnonymousUser | None,
) -> Officer:
    """Create or change an officer; an agency officer can neither add to nor move into another
    agency."""
    _require(acting_user, PEOPLE, officer.agency)
    if officer.pk is not None:
        stored = Officer.objects.select_related("agency").get(pk=officer.pk)
        _require(acting_user, PEOPLE, stored.agency)
    verb = "update" if officer.pk else "create"
    save_with_audit(officer, acting_user=acting_user, verb=verb, agency=officer.agency)
    officer.competencies.set(competencies)
    return officer


def _within_targets(session: Session, agency: Agency) -> bool:
    targets = set(session.target_agencies.values_list("pk", flat=True))
    if not targets:
        return True
    return agency.pk in targets or bool(targets & set(agency.ancestor_ids()))


@transaction.atomic
def do_nominate_officer(
    session: Session,
    officer: Officer,
    *,
    acting_user: User | AnonymousUser | None,
    today: datetime.date | None = None,
) -> Enrolment:
    """Put an officer forward for a session: a seat while there is one, else the waiting list.

    The session row is locked while seats are counted, so two agencies nominating at the same
    moment cannot both take the last seat. ``today`` (default: the real date) is the day the
    nomination is made on.
    """
    if acting_user is not None and not may_nominate(acting_user, officer.agency):
        raise PermissionDenied
    session = Session.objects.select_for_update().select_related("course").get(pk=session.pk)
    if session.is_cancelled:
        raise ValidationError(_("This session is cancelled."))
    # Open through the first day (late arrivals are enrolled on the spot), by the city's date.
    if session.starts_on < clock.today_or_real(today):
        raise ValidationError(_("Nominations close at the end of the session's first day."))
    if not officer.is_active:
        raise ValidationError(_("%(name)s is no longer an active officer.") % {"name": officer})
    if not _within_targets(session, officer.agency):
        raise ValidationError(
            _("This session is not open to officers of %(agency)s.") % {"agency": officer.agency}
        )
    enrolment = Enrolment.objects.filter(session=session, officer=officer).first()
    if enrolment is not None and enrolment.status != Status.WITHDRAWN:
        raise ValidationError(
            _("%(name)s is already nominated for this session.") % {"name": officer}
        )
    if enrolment is None:
        enrolment = Enrolment(session=session, officer=officer)
    has_seat = session.seats_taken() < session.capacity
    enrolment.status = Status.ENROLLED if has_seat else Status.WAITLISTED
    enrolment.nominated_by_id = acting_user.pk if acting_user is not None else None
    enrolment.nominated_at = clock.moment(today)
    save_with_audit(enrolment, acting_user=acting_user, verb="nominate", agency=officer.agency)
    return enrolment


@transaction.atomic
def do_withdraw_enrolment(
    enrolment: Enrolment, *, acting_user: User | AnonymousUser | None
) -> Enrolment:
    """Take an officer off a session; the first on the waiting list gets the freed seat."""
    agency = enrolment.officer.agency
    if acting_user is not None and not (
        policy.can(acting_user, PEOPLE, "write", agency)
        or policy.can(acting_user, RECORDS, "write", agency)
    ):
        raise PermissionDenied
    session = Session.objects.select_for_update().get(pk=enrolment.session_id)
    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    if enrolment.status == Status.WITHDRAWN:
        raise ValidationError(_("This nomination is already withdrawn."))
    if enrolment.attendance.filter(present=True).exists():
        raise ValidationError(_("An officer who has attended cannot be withdrawn."))
    enrolment.status = Status.WITHDRAWN
    save_with_audit(enrolment, acting_user=acting_user, verb="withdraw", agency=agency)
    _promote_waiting(session, acting_user=acting_user)
    return enrolment


def _promote_waiting(
    session: Session, *, acting_user: User | AnonymousUser | None
) -> list[Enrolment]:
    """Give free seats to the waiting list in nomination order, and tell those promoted."""
    from beacon.training import tasks

    free = session.capacity - session.seats_taken()
    promoted = list(
        session.enrolments.waiting_in_order().select_related("officer__agency")[: max(free, 0)]
    )
    for enrolment in promoted:
        enrolment.status = Status.ENROLLED
        save_with_audit(
            enrolment, acting_user=acting_user, verb="promote", agency=enrolment.officer.agency
        )
        transaction.on_commit(
            lambda pk=enrolment.pk: tasks.send_seat_notice.delay(pk)  # type: ignore[misc]
        )
    return promoted


@transaction.atomic
def do_record_attendance(
    session: Session,
    day: datetime.date,
    present_officer_ids: Iterable[int],
    *,
    acting_user: User | AnonymousUser | None,
) -> list[Attendance]:
    """Record one day's roll call: the listed officers present, every other enrolled one absent.

    Refused as a whole when the day is outside the session or a listed officer is not enrolled,
    so a mistyped sheet changes nothing.
    """
    _require(acting_user, RECORDS, None)
    if day not in session.days():
        raise ValidationError(_("%(day)s is not a day of this session.") % {"day": day})
    enrolled = {e.officer_id: e for e in session.enrolments.enrolled().select_related("officer")}
    present = set(present_officer_ids)
    strangers = present - set(enrolled)
    if strangers:
        names = ", ".join(
            sorted(Officer.objects.filter(pk__in=strangers).values_list("full_name", flat=True))
        ) or ", ".join(str(pk) for pk in sorted(strangers))
        raise ValidationError(
            _("Not enrolled in this session, so attendance cannot be recorded: %(names)s.")
            % {"names": names}
        )
    rows = []
    for officer_id, enrolment in enrolled.items():
        _require(acting_user, RECORDS, enrolment.officer.agency)
        row, _created = Attendance.objects.update_or_create(
            enrolment=enrolment, day=day, defaults={"present": officer_id in present}
        )
        rows.append(row)
    audit.record(
        actor=acting_user,
        action="attendance.record",
        instance=session,
        changes={"day": day.isoformat(), "present": sorted(present)},
    )
    return rows


@transaction.atomic
def do_record_result(
    enrolment: Enrolment,
    score: Decimal,
    *,
    acting_user: User | AnonymousUser | None,
    today: datetime.date | None = None,
) -> Enrolment:
    """Record an assessment score; passing needs the course's pass mark and minimum attendance.

    ``today`` (default: the real date) is the day of the assessment.
    """
    _require(acting_user, RECORDS, enrolment.officer.agency)
    if enrolment.status != Status.ENROLLED:
        raise ValidationError(_("Only an enrolled officer can be assessed."))
    if hasattr(enrolment, "certificate"):
        raise ValidationError(_("A certificate was issued on this result; revoke it first."))
    course = enrolment.session.course
    if enrolment.session.starts_on > clock.today_or_real(today):
        raise ValidationError(_("The session has not started yet."))
    enrolment.score = score
    enrolment.passed = (
        score >= course.pass_mark and enrolment.attendance_percent() >= course.min_attendance
    )
    enrolment.assessed_at = clock.moment(today)
    save_with_audit(
        enrolment, acting_user=acting_user, verb="assess", agency=enrolment.officer.agency
    )
    return enrolment


@transaction.atomic
def do_issue_certificate(
    enrolment: Enrolment,
    *,
    acting_user: User | AnonymousUser | None,
    issued_on: datetime.date | None = None,
) -> Certificate:
    """Certify a passed trainee and add the course's competencies to the officer's record."""
    officer = enrolment.officer
    _require(acting_user, RECORDS, officer.agency)
    if not enrolment.passed:
        raise ValidationError(_("Only a trainee who passed can be certified."))
    if Certificate.objects.filter(enrolment=enrolment).exists():
        raise ValidationError(_("A certificate was already issued for this session."))
    course = enrolment.session.course
    issued = clock.today_or_real(issued_on)
    certificate = Certificate(
        enrolment=enrolment,
        number=f"{issued.year}-{enrolment.pk:06d}",
        holder_name=officer.full_name,
        course_title=course.title,
        issued_on=issued,
        expires_on=add_months(issued, course.validity_months) if course.validity_months else None,
    )
    save_with_audit(certificate, acting_user=acting_user, verb="issue", agency=officer.agency)
    officer.competencies.add(*course.competencies.all())
    return certificate


@transaction.atomic
def do_revoke_certificate(
    certificate: Certificate,
    reason: str,
    *,
    acting_user: User | AnonymousUser | None,
    today: datetime.date | None = None,
) -> Certificate:
    """Withdraw a certificate; the verification page says so from then on.

    ``today`` (default: the real date) is the day of the withdrawal.
    """
    agency = certificate.enrolment.officer.agency
    _require(acting_user, RECORDS, agency)
    if certificate.revoked_at is not None:
        raise ValidationError(_("This certificate is already revoked."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for revoking the certificate."))
    certificate.revoked_at = clock.moment(today)
    certificate.revoked_reason = reason.strip()
    save_with_audit(certificate, acting_user=acting_user, verb="revoke", agency=agency)
    return certificate
