"""Newsletters in the admin: lists (with counts), subscribers (addresses for the list's
agency coordinators only) and digests (preview, send now)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from beacon.core import policy
from beacon.core.permissions import AreaPermissionPolicy
from beacon.core.viewsets import BeaconModelViewSet
from beacon.newsletters import access, actions, admin_urls
from beacon.newsletters.models import NewsletterList, Subscription

register_permission_policy(
    NewsletterList,
    AreaPermissionPolicy(
        NewsletterList,
        area=access.AREA,
        agency_field="agency_id",
        agency_of=lambda newsletter: newsletter.agency,
        allowed_actions=("add", "change", "view"),
    ),
)
register_permission_policy(
    Subscription,
    AreaPermissionPolicy(
        Subscription,
        area=access.READERS_AREA,
        agency_field="newsletter__agency_id",
        agency_of=lambda subscription: subscription.newsletter.agency,
        allowed_actions=("view",),
    ),
)


class _SaveThroughAction:
    request: Any
    form: Any

    def save_instance(self) -> NewsletterList:
        newsletter = self.form.save(commit=False)
        actions.do_save_list(newsletter, acting_user=self.request.user)
        self.form.save_m2m()
        return newsletter


class ListCreateView(_SaveThroughAction, generic.CreateView):
    pass


class ListEditView(_SaveThroughAction, generic.EditView):
    def get_object(self, queryset: Any = None) -> NewsletterList:
        return access.get_list_for_user(self.request.user, int(self.kwargs["pk"]), write=True)


class ListIndexView(generic.IndexView):
    """The lists the user reaches, with their readers counted (no addresses)."""

    def get_base_queryset(self) -> Any:
        return (
            access.lists_for_user(self.request.user)
            .select_related("agency")
            .annotate(
                readers=Count("subscriptions", filter=Q(subscriptions__status="confirmed")),
                waiting=Count("subscriptions", filter=Q(subscriptions__status="pending")),
            )
        )


class SubscriptionIndexView(generic.IndexView):
    def get_base_queryset(self) -> Any:
        return access.subscriptions_for_user(self.request.user)


class NewsletterListViewSet(BeaconModelViewSet):
    model = NewsletterList
    icon = "mail"
    menu_label = _("Lists")
    url_prefix = "newsletters/lists"
    name = "newsletters_list"
    index_view_class = ListIndexView
    add_view_class = ListCreateView
    edit_view_class = ListEditView
    copy_view_enabled = False
    form_fields = [
        "name", "slug", "description", "language", "themes", "agency", "cadence", "weekday",
        "day_of_month", "hour", "sender_email", "is_active",
    ]  # fmt: skip
    list_display = [
        "name",
        "language",
        "cadence",
        "agency",
        Column("readers", label=_("Confirmed readers")),
        Column("waiting", label=_("Awaiting confirmation")),
        BooleanColumn("is_active", label=_("Active")),
    ]
    list_filter = ["language", "cadence", "is_active"]


class SubscriptionViewSet(BeaconModelViewSet):
    model = Subscription
    icon = "user"
    menu_label = _("Subscribers")
    url_prefix = "newsletters/subscribers"
    name = "newsletters_subscription"
    index_view_class = SubscriptionIndexView
    copy_view_enabled = False
    inspect_view_enabled = False
    form_fields = ["status"]  # required by the viewset; nobody may edit (the policy says view)
    list_display = [
        "email",
        "newsletter",
        "status",
        DateColumn("confirmed_at", label=_("Confirmed")),
        DateColumn("unsubscribed_at", label=_("Unsubscribed")),
    ]
    list_filter = ["newsletter", "status"]
    search_fields = ["email"]


class _DigestsItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return policy.can(request.user, access.AREA, "read")


class NewsletterGroup(ViewSetGroup):
    menu_label = _("Newsletters")
    menu_name = "newsletters"  # fixed, as the kiosks group says why
    menu_icon = "mail"
    menu_order = 330
    items = (NewsletterListViewSet, SubscriptionViewSet)

    def get_submenu_items(self) -> list[MenuItem]:
        digests = _DigestsItem(
            _("Digests"), reverse_lazy("newsletters_digests"), icon_name="doc-full", order=300
        )
        return [*super().get_submenu_items(), digests]


@hooks.register("register_admin_viewset")
def register_newsletters() -> ViewSetGroup:
    return NewsletterGroup()


@hooks.register("register_admin_urls")
def register_newsletter_urls() -> list[Any]:
    return [path("", include(admin_urls))]
