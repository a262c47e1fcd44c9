"""The admin's permission policy for channels: seen by the board's readers, changed by the
coordinators who reach every agency (``access.can_manage_channels``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from wagtail.permission_policies.base import BasePermissionPolicy

from beacon.dissemination import access


class ChannelPermissionPolicy(BasePermissionPolicy):
    def user_has_permission(self, user: Any, action: str) -> bool:
        return access.can_manage_channels(user)

    def user_has_any_permission(self, user: Any, actions: Iterable[str]) -> bool:
        return access.can_manage_channels(user)

    def user_has_permission_for_instance(self, user: Any, action: str, instance: Any) -> bool:
        return access.can_manage_channels(user)

    def instances_user_has_permission_for(self, user: Any, action: str) -> QuerySet:
        queryset = self.model._default_manager.all()
        return queryset if access.can_manage_channels(user) else queryset.none()

    def instances_user_has_any_permission_for(self, user: Any, actions: Iterable[str]) -> QuerySet:
        return self.instances_user_has_permission_for(user, "change")

    def users_with_any_permission(self, actions: Iterable[str]) -> QuerySet:
        return get_user_model()._default_manager.filter(memberships__isnull=False).distinct()

    def users_with_permission(self, action: str) -> QuerySet:
        return self.users_with_any_permission([action])
