"""The outbox in the admin: the delivery board, the channels' editor, a dashboard line."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import include, path, reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, TitleColumn
from wagtail.permissions import register_permission_policy

from beacon.core.dashboard import Line, register
from beacon.core.permissions import BeaconPermissionPolicy
from beacon.core.viewsets import BeaconModelViewSet
from beacon.dissemination import access, actions, admin_urls, forms
from beacon.dissemination.models import Channel, DeliveryStatus

# Channels are changed by the coordinators who reach every agency; never deleted, since their
# deliveries are the office's proof: a channel no longer used is deactivated.
register_permission_policy(
    Channel,
    BeaconPermissionPolicy(
        Channel,
        can_read=access.can_manage_channels,
        can_write=access.can_manage_channels,
        allowed_actions=("add", "change", "view", "inspect", "export"),
    ),
)


class ChannelViewSet(BeaconModelViewSet):
    model = Channel
    icon = "mail"
    menu_label = gettext_lazy("Channels")
    add_to_admin_menu = False
    url_prefix = "deliveries/channel-settings"
    name = "dissemination_channel"
    write_action = actions.do_save_channel
    list_display = [
        TitleColumn("name", label=gettext_lazy("Name"), url_name="dissemination_channel:edit"),
        "kind",
        BooleanColumn("is_active", label=gettext_lazy("Active")),
    ]
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_form_class(self, for_update: bool = False) -> Any:
        return forms.ChannelForm


class BoardItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return access.can_see_board(request.user)


class ChannelsItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return access.can_manage_channels(request.user)


@hooks.register("register_admin_viewset")
def register_channels() -> ChannelViewSet:
    return ChannelViewSet()


@hooks.register("register_admin_urls")
def register_board_urls() -> list[Any]:
    return [path("deliveries/", include(admin_urls, namespace="dissemination"))]


@hooks.register("register_admin_menu_item")
def register_board_menu() -> MenuItem:
    return BoardItem(
        gettext_lazy("Deliveries"), reverse_lazy("dissemination:board"), icon_name="mail", order=260
    )


@hooks.register("register_settings_menu_item")
def register_channels_menu() -> MenuItem:
    return ChannelsItem(
        gettext_lazy("Delivery channels"),
        reverse_lazy("dissemination_channel:index"),
        icon_name="mail",
        order=700,
    )


@register
def delivery_lines(request: HttpRequest) -> list[Line]:
    if not access.can_see_board(request.user):
        return []
    dead = access.deliveries_for_user(request.user).filter(status=DeliveryStatus.DEAD).count()
    if not dead:
        return []
    text = _("deliveries are dead and need a look")
    return [Line(text, reverse("dissemination:board"), dead, "critical")]
