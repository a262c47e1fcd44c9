"""The fact base's place in the admin: the facts' editor, the analyst's screens, the menu."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from beacon.core import policy
from beacon.core.permissions import AreaPermissionPolicy
from beacon.core.viewsets import BeaconSnippetViewSet
from beacon.factbase import access, admin_urls
from beacon.factbase.models import Fact


class FactPermissionPolicy(AreaPermissionPolicy):
    """Officers of the fact's agency edit it; its reviewers publish it (area "approval").

    Wagtail publishes at the end of the workflow with the last approver's rights, as it does
    for pages: reviewers hold "publish" but not "change", and open the editor only while a
    fact waits for them (``ReviewerApprovalTask``).
    """

    def user_has_permission(self, user: Any, action: str) -> bool:
        if action == "publish":
            return policy.can(user, "approval", "write")
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user: Any, action: str, instance: Any) -> bool:
        if action == "publish":
            return policy.can(user, "approval", "write", instance.agency)
        return super().user_has_permission_for_instance(user, action, instance)


register_permission_policy(
    Fact,
    FactPermissionPolicy(
        Fact,
        area=access.FACTS,
        agency_field="agency_id",
        agency_of=lambda fact: fact.agency,
        allowed_actions=("add", "change", "view", "lock", "unlock"),
    ),
)


class FactViewSet(BeaconSnippetViewSet):
    """Facts, edited by their agency's officers and approved by a reviewer (the workflow)."""

    model = Fact
    icon = "tick-inverse"
    menu_label = _("Facts")
    url_prefix = "facts"
    list_display = [
        TitleColumn(
            "statement", label=_("Statement"), url_name="wagtailsnippets_factbase_fact:edit"
        ),
        "agency",
        "language",
        Column("get_status_display", label=_("Status")),
        DateColumn("valid_until", label=_("Valid until")),
        DateColumn("review_on", label=_("Review on")),
    ]
    list_filter = ["agency", "language", "live"]
    search_fields = ["statement", "topic"]
    copy_view_enabled = False


class ScreenItem(MenuItem):
    """A menu entry for one of the analyst's screens, shown to those who may open it."""

    def __init__(self, label: Any, url_name: str, icon: str, check: Any, order: int) -> None:
        super().__init__(label, reverse_lazy(url_name), icon_name=icon, order=order)
        self.check = check

    def is_shown(self, request: HttpRequest) -> bool:
        return bool(self.check(request.user))


class FactbaseGroup(SnippetViewSetGroup):
    menu_label = _("Fact base")
    menu_icon = "tick-inverse"
    menu_order = 310
    items = (FactViewSet,)

    def get_submenu_items(self) -> list[MenuItem]:
        screens = [
            ScreenItem(_("Claims"), "factbase:inbox", "help", access.can_read_claims, 1),
            ScreenItem(
                _("Requests for a fact"), "factbase:requests", "tasks",
                access.can_see_fact_requests, 2,
            ),
            ScreenItem(_("Responses"), "factbase:responses", "doc-full", access.can_read_claims, 3),
        ]  # fmt: skip
        return [*screens, *super().get_submenu_items()]


register_snippet(FactbaseGroup)


@hooks.register("register_admin_urls")
def register_factbase_urls() -> list[Any]:
    return [path("factbase/", include(admin_urls, namespace="factbase"))]
