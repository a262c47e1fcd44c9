"""One access function per object type of the training app: fetch for a user, or refuse.

Reading something one may not see answers 404 (its existence is not confirmed); writing
something one may only read answers 403.

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

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from beacon.core import policy
from beacon.core.access import scoped
from beacon.core.policy import Rule, Scope
from beacon.core.roles import Role
from beacon.training.models import (
    Certificate,
    Enrolment,
    Officer,
    OfficerQuerySet,
    Session,
    SessionQuerySet,
)

if TYPE_CHECKING:
    from beacon.core.models import Agency
    from beacon.core.types import UserLike

CATALOGUE = "training_catalogue"
PEOPLE = "training_people"
RECORDS = "training_records"

_READ_ONLY = Rule(Scope.ALL, Scope.NONE)
# The catalogue is the trainers'; people are the coordinator's and each officer's own agency's;
# records (attendance, results, certificates) are the trainers', read by the coordinator.
AREAS = {
    CATALOGUE: {**dict.fromkeys(Role, _READ_ONLY), Role.TRAINER: Rule(Scope.ALL, Scope.ALL)},
    PEOPLE: {
        Role.COORDINATOR: Rule(Scope.ALL, Scope.ALL),
        Role.TRAINER: _READ_ONLY,
        Role.OFFICER: Rule(Scope.OWN, Scope.OWN),
    },
    RECORDS: {
        Role.COORDINATOR: _READ_ONLY,
        Role.TRAINER: Rule(Scope.ALL, Scope.ALL),
        Role.OFFICER: Rule(Scope.OWN, Scope.NONE),
    },
}


def _mode(write: bool) -> policy.Action:
    return "write" if write else "read"


def sessions_for_user(user: UserLike) -> SessionQuerySet:
    if not policy.can(user, CATALOGUE, "read"):
        return Session.objects.none()
    return Session.objects.select_related("course")  # type: ignore[return-value]


def get_session_for_user(user: UserLike, pk: int, *, write: bool = False) -> Session:
    session = Session.objects.select_related("course").filter(pk=pk).first()
    if session is None:
        raise Http404
    if not policy.can(user, CATALOGUE, "read"):
        raise Http404
    if write and not policy.can(user, CATALOGUE, "write"):
        raise PermissionDenied
    return session


def officers_for_user(user: UserLike, *, write: bool = False) -> OfficerQuerySet:
    queryset = Officer.objects.select_related("agency")
    return scoped(queryset, user, PEOPLE, _mode(write), "agency_id")  # type: ignore[return-value]


def nominable_officers_for_user(user: UserLike) -> OfficerQuerySet:
    """Officers the user may put forward: their agencies' (``PEOPLE``), or anyone's for those
    who run the sessions (``RECORDS``): a trainer enrols the people in front of her."""
    if policy.can(user, RECORDS, "write"):
        return officers_for_user(user)
    return officers_for_user(user, write=True)


def may_nominate(user: UserLike, agency: Agency | None = None) -> bool:
    return policy.can(user, PEOPLE, "write", agency) or policy.can(user, RECORDS, "write", agency)


def get_officer_for_user(user: UserLike, pk: int, *, write: bool = False) -> Officer:
    officer = Officer.objects.select_related("agency").filter(pk=pk).first()
    if officer is None:
        raise Http404
    if not policy.can(user, PEOPLE, "read", officer.agency):
        raise Http404
    if write and not policy.can(user, PEOPLE, "write", officer.agency):
        raise PermissionDenied
    return officer


def enrolments_for_user(user: UserLike) -> QuerySet[Enrolment]:
    queryset = Enrolment.objects.select_related("officer__agency", "session__course")
    return scoped(queryset, user, PEOPLE, "read", "officer__agency_id")


def get_enrolment_for_user(
    user: UserLike, pk: int, *, area: str = PEOPLE, write: bool = False
) -> Enrolment:
    """An enrolment, checked against the nominating side (``PEOPLE``) or the trainers'
    (``RECORDS``): the same row is withdrawn by its agency and assessed by a trainer."""
    enrolment = (
        Enrolment.objects.select_related("officer__agency", "session__course").filter(pk=pk).first()
    )
    if enrolment is None:
        raise Http404
    agency = enrolment.officer.agency
    if not policy.can(user, area, "read", agency):
        raise Http404
    if write and not policy.can(user, area, "write", agency):
        raise PermissionDenied
    return enrolment


def certificates_for_user(user: UserLike) -> QuerySet[Certificate]:
    queryset = Certificate.objects.select_related("enrolment__officer__agency")
    return scoped(queryset, user, RECORDS, "read", "enrolment__officer__agency_id")


def get_certificate_for_user(user: UserLike, pk: int, *, write: bool = False) -> Certificate:
    certificate = (
        Certificate.objects.select_related(
            "enrolment__officer__agency", "enrolment__session__course"
        )
        .filter(pk=pk)
        .first()
    )
    if certificate is None:
        raise Http404
    agency = certificate.enrolment.officer.agency
    if not policy.can(user, RECORDS, "read", agency):
        raise Http404
    if write and not policy.can(user, RECORDS, "write", agency):
        raise PermissionDenied
    return certificate
