"""The admin's permission policy for the monitor's own objects (sources, groups, rules…).

They belong to no agency: reading them takes ``access.can_read_monitor``, changing them
``access.can_manage_monitor``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from wagtail.permission_policies.base import BasePermissionPolicy

from beacon.monitoring import access

_READ = {"view", "inspect", "export"}


class MonitorPermissionPolicy(BasePermissionPolicy):
    def user_has_permission(self, user: Any, action: str) -> bool:
        if action in _READ:
            return access.can_read_monitor(user)
        return access.can_manage_monitor(user)

    def user_has_any_permission(self, user: Any, actions: Iterable[str]) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user: Any, action: str, instance: Any) -> bool:
        return self.user_has_permission(user, action)

    def instances_user_has_permission_for(self, user: Any, action: str) -> QuerySet:
        queryset = self.model._default_manager.all()
        return queryset if self.user_has_permission(user, action) else queryset.none()

    def instances_user_has_any_permission_for(self, user: Any, actions: Iterable[str]) -> QuerySet:
        queryset = self.model._default_manager.all()
        return queryset if self.user_has_any_permission(user, actions) else queryset.none()

    def users_with_any_permission(self, actions: Iterable[str]) -> QuerySet:
        return get_user_model()._default_manager.filter(memberships__isnull=False).distinct()

    def users_with_permission(self, action: str) -> QuerySet:
        return self.users_with_any_permission([action])
