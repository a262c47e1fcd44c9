"""Who may see the delivery board, retry deliveries and manage channels.

A delivery belongs to the agency of its item; deliveries of items with no agency (the city's
own) are reached only by those who reach every agency.

============  ===========================  ========================================
role          read                         write
============  ===========================  ========================================
coordinator   every delivery               retry/cancel any; manage channels, tokens
editor        own agency's deliveries      retry/cancel own agency's deliveries
reviewer      own agency's deliveries      nothing
officer       own agency's deliveries      retry/cancel own agency's deliveries
others        nothing                      nothing
============  ===========================  ========================================

Managing channels (endpoints, secrets' names, feed tokens) needs ``Scope.ALL`` for writing:
only coordinators of the lead agency have it.
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

if TYPE_CHECKING:
    from beacon.core.types import UserLike
    from beacon.dissemination.models import Delivery

AREA = "dissemination"

RULES = {
    Role.COORDINATOR: Rule(Scope.ALL, Scope.ALL),
    Role.EDITOR: Rule(Scope.OWN, Scope.OWN),
    Role.REVIEWER: Rule(Scope.OWN, Scope.NONE),
    Role.OFFICER: Rule(Scope.OWN, Scope.OWN),
}


AREAS = {AREA: RULES}


def can_see_board(user: UserLike) -> bool:
    return policy.can(user, AREA, "read")


def can_manage_channels(user: UserLike) -> bool:
    return policy.agency_ids_for(user, AREA, "write") is policy.ALL_AGENCIES


def deliveries_for_user(user: UserLike) -> QuerySet[Delivery]:
    from beacon.dissemination.models import Delivery

    queryset = Delivery.objects.select_related("channel", "agency")
    if not can_see_board(user):
        return queryset.none()
    return scoped(queryset, user, AREA, "read", "agency_id")


def get_delivery_for_user(user: UserLike, pk: int, *, write: bool = False) -> Delivery:
    delivery = deliveries_for_user(user).filter(pk=pk).first()
    if delivery is None:
        raise Http404
    if write and not can_act_on(user, delivery):
        raise PermissionDenied
    return delivery


def can_act_on(user: UserLike, delivery: Delivery) -> bool:
    """May the user retry, cancel or release this delivery? City-wide items need ``Scope.ALL``."""
    ids = policy.agency_ids_for(user, AREA, "write")
    if ids is policy.ALL_AGENCIES:
        return True
    return delivery.agency_id is not None and delivery.agency_id in ids
