"""The insights app in the admin: its menu entry and its screens (registration only)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from beacon.insights import access, admin_urls


class InsightsMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return access.can_read(request.user)


@hooks.register("register_admin_urls")
def register_insights_urls() -> list[Any]:
    return [path("insights/", include((admin_urls, "insights"), namespace="insights"))]


@hooks.register("register_admin_menu_item")
def register_insights_menu_item() -> MenuItem:
    return InsightsMenuItem(
        _("Insights"),
        reverse_lazy("insights:page"),
        name="insights",
        icon_name="doc-full",
        order=250,
    )
