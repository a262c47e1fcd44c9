"""Who may see and run the border-gate kiosks, and the one access function per object type.

Kiosks, their groups, playlist rules and emergency notices belong to an agency (a border-gate
unit, a terminal). The whole fleet is one policy area, ``kiosks``:

============  ==================  ==================================================
role          read                write (register kiosks, issue and revoke tokens,
                                  edit playlist rules, issue emergency notices)
============  ==================  ==================================================
coordinator   every agency        every agency
officer       own agency + units  own agency + units
editor        every agency        nothing (sees where content is shown)
viewer        own agency + units  nothing
others        nothing             nothing
============  ==================  ==================================================

Reading something one may not see answers 404; writing what one may only read answers 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404

from beacon.core import policy
from beacon.core.access import scoped
from beacon.core.policy import Rule, Scope
from beacon.core.roles import Role

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from beacon.core.types import UserLike
    from beacon.kiosks.models import EmergencyNotice, Kiosk, KioskGroup, PlaylistRule

AREA = "kiosks"

RULES = {
    Role.COORDINATOR: Rule(Scope.ALL, Scope.ALL),
    Role.OFFICER: Rule(Scope.OWN, Scope.OWN),
    Role.EDITOR: Rule(Scope.ALL, Scope.NONE),
    Role.VIEWER: Rule(Scope.OWN, Scope.NONE),
}


AREAS = {AREA: RULES}


def has_kiosks_in_reach(user: UserLike) -> bool:
    """Whether the kiosk screens are of any use to the user: a city-wide role, or an agency of
    theirs that has a kiosk group (a district without kiosks gets no Kiosks menu)."""
    from beacon.kiosks.models import KioskGroup

    ids = policy.agency_ids_for(user, AREA, "read")
    if ids is policy.ALL_AGENCIES:
        return True
    return bool(ids) and KioskGroup.objects.filter(agency_id__in=ids).exists()


def _mode(write: bool) -> policy.Action:
    return "write" if write else "read"


def kiosks_for_user(user: UserLike, *, write: bool = False) -> QuerySet[Kiosk]:
    from beacon.kiosks.models import Kiosk

    queryset = Kiosk.objects.select_related("group", "group__agency")
    return scoped(queryset, user, AREA, _mode(write), "group__agency_id")


def get_kiosk_for_user(user: UserLike, pk: int, *, write: bool = False) -> Kiosk:
    from beacon.kiosks.models import Kiosk

    kiosk = Kiosk.objects.select_related("group", "group__agency").filter(pk=pk).first()
    if kiosk is None:
        raise Http404
    if not policy.can(user, AREA, "read", kiosk.group.agency):
        raise Http404
    if write and not policy.can(user, AREA, "write", kiosk.group.agency):
        raise PermissionDenied
    return kiosk


def groups_for_user(user: UserLike, *, write: bool = False) -> QuerySet[KioskGroup]:
    from beacon.kiosks.models import KioskGroup

    return scoped(
        KioskGroup.objects.select_related("agency"), user, AREA, _mode(write), "agency_id"
    )


def get_group_for_user(user: UserLike, pk: int, *, write: bool = False) -> KioskGroup:
    from beacon.kiosks.models import KioskGroup

    group = KioskGroup.objects.select_related("agency").filter(pk=pk).first()
    if group is None:
        raise Http404
    if not policy.can(user, AREA, "read", group.agency):
        raise Http404
    if write and not policy.can(user, AREA, "write", group.agency):
        raise PermissionDenied
    return group


def get_rule_for_user(user: UserLike, pk: int, *, write: bool = False) -> PlaylistRule:
    from beacon.kiosks.models import PlaylistRule

    rule = PlaylistRule.objects.select_related("group__agency").filter(pk=pk).first()
    if rule is None:
        raise Http404
    if not policy.can(user, AREA, "read", rule.group.agency):
        raise Http404
    if write and not policy.can(user, AREA, "write", rule.group.agency):
        raise PermissionDenied
    return rule


def get_notice_for_user(user: UserLike, pk: int, *, write: bool = False) -> EmergencyNotice:
    from beacon.kiosks.models import EmergencyNotice

    notice = EmergencyNotice.objects.select_related("agency").filter(pk=pk).first()
    if notice is None:
        raise Http404
    if not policy.can(user, AREA, "read", notice.agency):
        raise Http404
    if write and not policy.can(user, AREA, "write", notice.agency):
        raise PermissionDenied
    return notice
