"""The social app in the admin: its menu (posts, content calendar) and its screens."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from beacon.social import access, admin_urls


class _ReaderMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return access.can_read(request.user)


@hooks.register("register_admin_urls")
def register_social_urls() -> list[Any]:
    return [path("social/", include((admin_urls, "social"), namespace="social"))]


@hooks.register("register_admin_menu_item")
def register_social_menu() -> MenuItem:
    menu = Menu(
        items=[
            _ReaderMenuItem(_("Social posts"), reverse_lazy("social:posts"), icon_name="comment"),
            _ReaderMenuItem(
                _("Content calendar"), reverse_lazy("social:calendar"), icon_name="calendar"
            ),
        ]
    )
    return SubmenuMenuItem(_("Social"), menu, icon_name="comment", order=320)
