"""The kiosks' place in the admin: the Kiosks menu, its screens and their permissions."""

from __future__ import annotations

from typing import Any

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from beacon.core import policy
from beacon.core.admin_views import ScopedIndexView
from beacon.core.permissions import AreaPermissionPolicy
from beacon.core.viewsets import BeaconModelViewSet
from beacon.kiosks import access, actions, admin_urls, admin_views, dashboard  # noqa: F401  (dashboard registers)
from beacon.kiosks.access import AREA, has_kiosks_in_reach
from beacon.kiosks.models import EmergencyNotice, Kiosk, KioskGroup, PlaylistRule

_NO_DELETE = ("add", "change", "view", "inspect")
register_permission_policy(
    KioskGroup,
    AreaPermissionPolicy(
        KioskGroup,
        area=AREA,
        agency_field="agency_id",
        agency_of=lambda group: group.agency,
        allowed_actions=_NO_DELETE,
    ),
)
register_permission_policy(
    Kiosk,
    AreaPermissionPolicy(
        Kiosk,
        area=AREA,
        agency_field="group__agency_id",
        agency_of=lambda kiosk: kiosk.group.agency,
        allowed_actions=_NO_DELETE,
    ),
)
register_permission_policy(
    PlaylistRule,
    AreaPermissionPolicy(
        PlaylistRule,
        area=AREA,
        agency_field="group__agency_id",
        agency_of=lambda rule: rule.group.agency,
    ),
)
register_permission_policy(
    EmergencyNotice,
    AreaPermissionPolicy(
        EmergencyNotice,
        area=AREA,
        agency_field="agency_id",
        agency_of=lambda notice: notice.agency,
        allowed_actions=_NO_DELETE,
    ),
)


class KioskViewSet(BeaconModelViewSet):
    model = Kiosk
    icon = "desktop"
    menu_label = _("Kiosks")
    url_prefix = "kiosks/kiosks"
    name = "kiosks_kiosk"
    write_action = actions.do_save_kiosk
    access_function = access.get_kiosk_for_user
    index_view_class = ScopedIndexView
    add_view_class = admin_views.KioskCreateView
    edit_view_class = admin_views.KioskEditView
    copy_view_enabled = False
    form_fields = [
        "group",
        "name",
        "location",
        "terminal",
        "gate",
        "orientation",
        "languages",
        "opens_at",
        "closes_at",
    ]
    list_display = [
        TitleColumn("name", label=_("Name"), url_name="kiosks_kiosk:edit"),
        Column("group", label=_("Group")),
        "terminal",
        "gate",
        DateColumn("last_heartbeat_at", label=_("Last heartbeat")),
        "app_version",
    ]
    list_filter = ["group", "orientation"]
    search_fields = ["name", "location", "terminal", "gate"]


class KioskGroupViewSet(BeaconModelViewSet):
    model = KioskGroup
    icon = "group"
    menu_label = _("Kiosk groups")
    url_prefix = "kiosks/groups"
    name = "kiosks_group"
    write_action = actions.do_save_group
    access_function = access.get_group_for_user
    index_view_class = ScopedIndexView
    add_view_class = admin_views.GroupCreateView
    edit_view_class = admin_views.GroupEditView
    copy_view_enabled = False
    form_fields = ["agency", "name", "slug"]
    list_display = [
        TitleColumn("name", label=_("Name"), url_name="kiosks_group:edit"),
        "slug",
        Column("agency", label=_("Agency")),
    ]


class PlaylistRuleViewSet(BeaconModelViewSet):
    model = PlaylistRule
    icon = "list-ul"
    menu_label = _("Playlist rules")
    url_prefix = "kiosks/rules"
    name = "kiosks_rule"
    write_action = actions.do_save_rule
    access_function = access.get_rule_for_user
    index_view_class = ScopedIndexView
    add_view_class = admin_views.RuleCreateView
    edit_view_class = admin_views.RuleEditView
    delete_view_class = admin_views.RuleDeleteView
    copy_view_enabled = False
    form_fields = ["group", "categories", "starts_at", "ends_at", "slide_seconds", "position"]
    list_display = [
        TitleColumn("__str__", label=_("Rule"), url_name="kiosks_rule:edit"),
        "categories",
        "slide_seconds",
        "position",
    ]
    list_filter = ["group"]


class EmergencyNoticeViewSet(BeaconModelViewSet):
    model = EmergencyNotice
    icon = "warning"
    menu_label = _("Emergency notices")
    url_prefix = "kiosks/notices"
    name = "kiosks_emergencynotice"
    write_action = actions.do_issue_emergency_notice
    write_fields = ("groups",)
    access_function = access.get_notice_for_user
    index_view_class = admin_views.NoticeIndexView
    add_view_class = admin_views.NoticeCreateView
    edit_view_class = admin_views.NoticeEditView
    copy_view_enabled = False
    panels = [
        FieldPanel("agency"),
        FieldPanel("groups"),
        FieldPanel("severity"),
        FieldPanel("title", widget=admin_views.NoticeLanguagesWidget()),
        FieldPanel("body", widget=admin_views.NoticeLanguagesWidget()),
        FieldPanel("starts_at"),
        FieldPanel("ends_at"),
    ]
    list_display = [
        TitleColumn("__str__", label=_("Notice"), url_name="kiosks_emergencynotice:edit"),
        "severity",
        DateColumn("starts_at", label=_("Starts")),
        DateColumn("ends_at", label=_("Ends")),
        DateColumn("withdrawn_at", label=_("Withdrawn")),
    ]


class FleetMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return policy.can(request.user, AREA, "read")


class KiosksMenuItem(SubmenuMenuItem):
    def is_shown(self, request: Any) -> bool:
        return has_kiosks_in_reach(request.user) and super().is_shown(request)


class KiosksGroup(ViewSetGroup):
    menu_label = _("Kiosks")
    # A fixed name: Wagtail otherwise slugifies the label in whatever language is active when the
    # menu is first built, once per process, and the sidebar keeps its state by that name.
    menu_name = "kiosks"
    menu_icon = "desktop"
    menu_order = 350
    items = (KioskViewSet, KioskGroupViewSet, PlaylistRuleViewSet, EmergencyNoticeViewSet)

    def get_submenu_items(self) -> list[MenuItem]:
        fleet = FleetMenuItem(_("Fleet"), reverse_lazy("kiosks_fleet"), icon_name="view", order=50)
        return [fleet, *super().get_submenu_items()]

    def get_menu_item(self, order: int | None = None) -> SubmenuMenuItem:
        return KiosksMenuItem(
            label=self.menu_label,
            menu=Menu(register_hook_name=self.submenu_hook, items=self.get_submenu_items()),
            name=self.menu_name,
            icon_name=self.menu_icon,
            order=self.get_menu_item_order(order),
        )


@hooks.register("register_admin_viewset")
def register_kiosks() -> ViewSetGroup:
    return KiosksGroup()


@hooks.register("register_admin_urls")
def register_kiosk_urls() -> list[Any]:
    return [path("", include(admin_urls))]
