"""Outreach in the admin: the menu and the screens' routes."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from beacon.core import policy
from beacon.outreach import access, admin_views


class _AreaItem(MenuItem):
    def __init__(self, label: Any, url_name: str, area: str, icon: str, order: int) -> None:
        super().__init__(label, reverse(url_name), icon_name=icon, order=order)
        self.area = area

    def is_shown(self, request: HttpRequest) -> bool:
        return policy.can(request.user, self.area, "read")


def _items() -> list[MenuItem]:
    return [
        _AreaItem(_("Partners"), "outreach_partners", access.PARTNERS, "group", 100),
        _AreaItem(_("Events"), "outreach_events", access.EVENTS, "date", 200),
        _AreaItem(_("Foreign press"), "outreach_press_index", access.PRESS, "mail", 300),
        _AreaItem(_("Community stories"), "outreach_stories", access.STORIES, "doc-full", 400),
    ]


@hooks.register("register_admin_menu_item")
def register_outreach_menu() -> MenuItem:
    """Shown when one of its screens is (Wagtail hides a submenu with no item shown)."""
    return SubmenuMenuItem(
        _("Outreach"), Menu(register_hook_name=None, construct_hook_name=None, items=_items()),
        name="outreach", icon_name="globe", order=340,
    )  # fmt: skip


@hooks.register("register_admin_urls")
def register_outreach_urls() -> list[Any]:
    v = admin_views
    return [
        path("outreach/partners/", v.partner_index, name="outreach_partners"),
        path("outreach/partners/add/", v.partner_add, name="outreach_partner_add"),
        path("outreach/partners/import/", v.partner_import, name="outreach_partner_import"),
        path("outreach/partners/<int:pk>/", v.partner_detail, name="outreach_partner"),
        path("outreach/partners/<int:pk>/contacts/", v.contact_add, name="outreach_contact_add"),
        path(
            "outreach/partners/<int:pk>/contacts/<int:contact_pk>/withdraw/",
            v.contact_withdraw,
            name="outreach_contact_withdraw",
        ),
        path("outreach/events/", v.event_index, name="outreach_events"),
        path("outreach/events/add/", v.event_add, name="outreach_event_add"),
        path("outreach/events/<int:pk>/", v.event_detail, name="outreach_event"),
        path("outreach/events/<int:pk>/check-in/", v.check_in, name="outreach_check_in"),
        path("outreach/press/", v.press_index, name="outreach_press_index"),
        path("outreach/press/<int:pk>/", v.press_detail, name="outreach_press"),
        path("outreach/stories/", v.story_index, name="outreach_stories"),
        path("outreach/stories/<int:pk>/", v.story_detail, name="outreach_story"),
    ]
