"""Wagtail permission policies that ask Beacon's policy table instead of Django's model perms.

The admin screens (menus, buttons, list filtering, edit and delete checks) then follow the same
role-and-agency rules as the access functions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Model, QuerySet
from wagtail.permission_policies.base import BasePermissionPolicy

from beacon.core import policy

_READ = {"view", "inspect", "export", "history"}
# Adding or removing an agency reshapes the tree: only for those who reach every agency. Wagtail's
# delete view checks the model-level permission only, so both levels must say so.
_TREE_ACTIONS = {"add", "delete"}


def _action(wagtail_action: str) -> policy.Action:
    return "read" if wagtail_action in _READ else "write"


class AreaPermissionPolicy(BasePermissionPolicy):
    """Permissions on a model that belongs to an agency, ruled by one area of the policy.

    ``agency_field`` is the lookup from the model to its agency's id ("pk" for Agency itself);
    ``agency_of`` gives the agency of one instance. ``allowed_actions`` leaves out what no one
    may do from the admin (e.g. change an audit event).
    """

    def __init__(
        self,
        model: type[Model],
        *,
        area: str,
        agency_field: str,
        agency_of: Callable[[Any], Any],
        allowed_actions: Iterable[str] = ("add", "change", "delete", "view", "inspect", "export"),
    ) -> None:
        super().__init__(model)
        self.area = area
        self.agency_field = agency_field
        self.agency_of = agency_of
        self.allowed_actions = frozenset(allowed_actions)

    def user_has_permission(self, user: Any, action: str) -> bool:
        if action not in self.allowed_actions:
            return False
        if action in _TREE_ACTIONS and self.area == "agency":
            return policy.agency_ids_for(user, self.area, "write") is policy.ALL_AGENCIES
        return policy.can(user, self.area, _action(action))

    def user_has_any_permission(self, user: Any, actions: Iterable[str]) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user: Any, action: str, instance: Any) -> bool:
        if action not in self.allowed_actions:
            return False
        if action in _TREE_ACTIONS and self.area == "agency":
            return policy.agency_ids_for(user, self.area, "write") is policy.ALL_AGENCIES
        return policy.can(user, self.area, _action(action), self.agency_of(instance))

    def instances_user_has_permission_for(self, user: Any, action: str) -> QuerySet:
        queryset = self.model._default_manager.all()
        if action not in self.allowed_actions:
            return queryset.none()
        ids = policy.agency_ids_for(user, self.area, _action(action))
        if ids is policy.ALL_AGENCIES:
            return queryset
        return queryset.filter(**{f"{self.agency_field}__in": ids})

    def instances_user_has_any_permission_for(self, user: Any, actions: Iterable[str]) -> QuerySet:
        queryset = self.model._default_manager.none()
        for action in actions:
            queryset = queryset | self.instances_user_has_permission_for(user, action)
        return queryset.distinct()

    def users_with_any_permission(self, actions: Iterable[str]) -> QuerySet:
        from django.contrib.auth import get_user_model

        return get_user_model()._default_manager.filter(memberships__isnull=False).distinct()

    def users_with_permission(self, action: str) -> QuerySet:
        return self.users_with_any_permission([action])


class BeaconPermissionPolicy(BasePermissionPolicy):
    """Permissions on a model that belongs to no agency: one check to read, one to change.

    ``can_read`` rules ``read_actions`` (view, inspect, export), ``can_write`` every other
    action; ``allowed_actions`` leaves out what no one may do from the admin (a channel is never
    deleted, it is deactivated); ``refuses`` names what an instance forbids on its own (a plan
    with progress reports under it is not deleted). The app's rules stay in its ``access.py``.
    """

    def __init__(
        self,
        model: type[Model],
        *,
        can_read: Callable[[Any], bool],
        can_write: Callable[[Any], bool],
        allowed_actions: Iterable[str] = ("add", "change", "delete", "view", "inspect", "export"),
        read_actions: Iterable[str] = ("view", "inspect", "export"),
        refuses: Callable[[str, Any], bool] = lambda _action, _instance: False,
    ) -> None:
        super().__init__(model)
        self.can_read = can_read
        self.can_write = can_write
        self.allowed_actions = frozenset(allowed_actions)
        self.read_actions = frozenset(read_actions)
        self.refuses = refuses

    def user_has_permission(self, user: Any, action: str) -> bool:
        if action not in self.allowed_actions:
            return False
        return self.can_read(user) if action in self.read_actions else self.can_write(user)

    def user_has_any_permission(self, user: Any, actions: Iterable[str]) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user: Any, action: str, instance: Any) -> bool:
        return not self.refuses(action, instance) and self.user_has_permission(user, action)

    def instances_user_has_permission_for(self, user: Any, action: str) -> QuerySet:
        queryset = self.model._default_manager.all()
        return queryset if self.user_has_permission(user, action) else queryset.none()

    def instances_user_has_any_permission_for(self, user: Any, actions: Iterable[str]) -> QuerySet:
        queryset = self.model._default_manager.all()
        return queryset if self.user_has_any_permission(user, actions) else queryset.none()

    def users_with_any_permission(self, actions: Iterable[str]) -> QuerySet:
        from django.contrib.auth import get_user_model

        return get_user_model()._default_manager.filter(memberships__isnull=False).distinct()

    def users_with_permission(self, action: str) -> QuerySet:
        return self.users_with_any_permission([action])
