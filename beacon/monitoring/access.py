"""Who may see and work the monitor, and the one access function per object type.

Monitoring is not owned by an agency: what foreign media say concerns the whole city. Alerts
may be assigned to an agency, whose officers then see and acknowledge them.

============  ==========================  ===========================================
role          read                        write
============  ==========================  ===========================================
coordinator   everything                  sources, rules, gazetteer; acknowledge alerts
analyst       everything                  sources, rules, gazetteer; acknowledge alerts
editor        everything (writes answers)  nothing
reviewer      everything                  nothing
officer       alerts assigned to own      acknowledge alerts assigned to own agency
              agency (and its units)
translator,   nothing                     nothing
trainer,
viewer
outsider      nothing                     nothing
============  ==========================  ===========================================

"Everything" is ``Scope.ALL`` in the ``monitoring`` area; an officer's ``Scope.OWN`` reaches
only alerts, because sources, articles and stories have no agency.
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
    from beacon.core.types import UserLike
    from beacon.monitoring.models import Alert, AlertQuerySet, Article, Story

AREA = "monitoring"

RULES = {
    Role.COORDINATOR: Rule(Scope.ALL, Scope.ALL),
    Role.ANALYST: Rule(Scope.ALL, Scope.ALL),
    Role.EDITOR: Rule(Scope.ALL, Scope.NONE),
    Role.REVIEWER: Rule(Scope.ALL, Scope.NONE),
    Role.OFFICER: Rule(Scope.OWN, Scope.OWN),
}


AREAS = {AREA: RULES}


def can_read_monitor(user: UserLike) -> bool:
    """The stream, stories, search, sources: only for those who reach every agency."""
    return policy.agency_ids_for(user, AREA, "read") is policy.ALL_AGENCIES


def can_manage_monitor(user: UserLike) -> bool:
    """Sources, groups, rules and the gazetteer."""
    return policy.agency_ids_for(user, AREA, "write") is policy.ALL_AGENCIES


def can_see_alerts(user: UserLike) -> bool:
    return policy.can(user, AREA, "read")


def require_monitor(user: UserLike) -> None:
    if not can_read_monitor(user):
        raise PermissionDenied


def get_story_for_user(user: UserLike, pk: int) -> Story:
    from beacon.monitoring.models import Story

    require_monitor(user)
    story = Story.objects.filter(pk=pk).first()
    if story is None:
        raise Http404
    return story


def get_article_for_user(user: UserLike, pk: int, *, write: bool = False) -> Article:
    """An article, for readers of the monitor; ``write`` (correcting its tone) for managers."""
    from beacon.monitoring.models import Article

    require_monitor(user)
    article = Article.objects.filter(pk=pk).first()
    if article is None:
        raise Http404
    if write and not can_manage_monitor(user):
        raise PermissionDenied
    return article


def alerts_for_user(user: UserLike) -> AlertQuerySet:
    from beacon.monitoring.models import Alert

    queryset: AlertQuerySet = Alert.objects.select_related("story", "source", "agency", "rule")
    return scoped(queryset, user, AREA, "read", "agency_id")


def get_alert_for_user(user: UserLike, pk: int, *, write: bool = False) -> Alert:
    alert = alerts_for_user(user).filter(pk=pk).first()
    if alert is None:
        raise Http404
    if write and not policy.can(user, AREA, "write", alert.agency):
        raise PermissionDenied
    return alert
