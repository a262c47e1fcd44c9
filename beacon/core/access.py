"""One access function per object type: fetch an object for a user, or refuse.

Views never fetch user-scoped objects directly; they call these, so that every check lives in
one place and is tested as a matrix (tests/test_policy_matrix.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from beacon.core import policy
from beacon.core.models import Agency, AuditEvent, Membership

QS = TypeVar("QS", bound=QuerySet)

if TYPE_CHECKING:
    from beacon.core.types import UserLike


def scoped(queryset: QS, user: UserLike, area: str, action: policy.Action, field: str) -> QS:
    """Narrow a queryset to the objects whose agency (``field``) the user reaches."""
    ids = policy.agency_ids_for(user, area, action)
    if ids is policy.ALL_AGENCIES:
        return queryset
    return queryset.filter(**{f"{field}__in": ids})


def agencies_for_user(user: UserLike, *, write: bool = False) -> QuerySet[Agency]:
    return scoped(Agency.objects.all(), user, "agency", "write" if write else "read", "pk")


def get_agency_for_user(user: UserLike, pk: int, *, write: bool = False) -> Agency:
    agency = Agency.objects.filter(pk=pk).first()
    if agency is None:
        raise Http404
    if not policy.can(user, "agency", "read", agency):
        raise Http404
    if write and not policy.can(user, "agency", "write", agency):
        raise PermissionDenied
    return agency


def memberships_for_user(user: UserLike, *, write: bool = False) -> QuerySet[Membership]:
    queryset = Membership.objects.select_related("user", "agency")
    return scoped(queryset, user, "people", "write" if write else "read", "agency_id")


def get_membership_for_user(user: UserLike, pk: int, *, write: bool = False) -> Membership:
    membership = Membership.objects.select_related("agency", "user").filter(pk=pk).first()
    if membership is None:
        raise Http404
    if not policy.can(user, "people", "read", membership.agency):
        raise Http404
    if write and not policy.can(user, "people", "write", membership.agency):
        raise PermissionDenied
    return membership


def audit_events_for_user(user: UserLike) -> QuerySet[AuditEvent]:
    if not policy.can(user, "audit", "read"):
        return AuditEvent.objects.none()
    return scoped(AuditEvent.objects.select_related("actor"), user, "audit", "read", "agency_id")
