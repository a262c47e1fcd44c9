"""The core app's place in the admin: the Organisation menu, the dashboard panels, security."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, TitleColumn, UserColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from beacon.core import actions, admin_urls, admin_views
from beacon.core.dashboard import DashboardPanel
from beacon.core.models import Agency, AuditEvent, CityProfile, Membership
from beacon.core.permissions import AreaPermissionPolicy
from beacon.core.viewsets import BeaconModelViewSet
from beacon.core.widgets import LanguageMapWidget

register_permission_policy(
    Agency,
    AreaPermissionPolicy(Agency, area="agency", agency_field="pk", agency_of=lambda agency: agency),
)
register_permission_policy(
    Membership,
    AreaPermissionPolicy(
        Membership,
        area="people",
        agency_field="agency_id",
        agency_of=lambda membership: membership.agency,
        allowed_actions=("add", "delete", "view", "export"),
    ),
)
register_permission_policy(
    AuditEvent,
    AreaPermissionPolicy(
        AuditEvent,
        area="audit",
        agency_field="agency_id",
        agency_of=lambda event: event.agency,
        allowed_actions=("view", "inspect", "export"),
    ),
)
register_permission_policy(
    CityProfile,
    AreaPermissionPolicy(
        CityProfile,
        area="city",
        agency_field="pk",
        agency_of=lambda profile: None,
        allowed_actions=("change", "view"),
    ),
)


class AgencyViewSet(BeaconModelViewSet):
    model = Agency
    icon = "group"
    menu_label = _("Agencies")
    url_prefix = "agencies"
    name = "core_agency"
    index_view_class = admin_views.AgencyIndexView
    write_action = actions.do_save_agency
    edit_view_class = admin_views.AgencyEditView
    delete_view_class = admin_views.AgencyDeleteView
    list_display = [
        admin_views.AgencyNameColumn("name", label=_("Name"), url_name="core_agency:edit"),
        "code",
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        "abbreviation",
        BooleanColumn("is_active", label=_("Active")),
    ]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code", "abbreviation"]
    inspect_view_enabled = True
    copy_view_enabled = False
    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("code"), FieldPanel("kind")]),
                FieldPanel("parent"),
                FieldPanel("name"),
                FieldPanel("names", widget=LanguageMapWidget()),
                FieldPanel("abbreviation"),
            ],
            heading=_("Identity and place in the tree"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
                FieldPanel("website"),
                FieldPanel("address"),
                FieldPanel("is_active"),
            ],
            heading=_("Contact"),
        ),
    ]

    def get_index_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_index_view_kwargs(default_ordering="tree", **kwargs)

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("import/", admin_views.agency_import, name="import"),
            path("export/<str:fmt>/", admin_views.agency_export, name="export"),
        ]


class MembershipViewSet(BeaconModelViewSet):
    model = Membership
    icon = "user"
    menu_label = _("People and roles")
    url_prefix = "people"
    name = "core_membership"
    index_view_class = admin_views.MembershipIndexView
    add_view_class = admin_views.MembershipCreateView
    delete_view_class = admin_views.MembershipDeleteView
    form_fields = ["user", "agency", "role"]
    list_display = [
        UserColumn("user", label=_("Person")),
        Column("role", label=_("Role"), accessor="get_role_display"),
        Column("agency", label=_("Agency")),
        DateColumn("created_at", label=_("Since")),
    ]
    list_filter = ["role", "agency"]
    list_export = ["user", "agency", "role", "created_at"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "agency__name"]
    copy_view_enabled = False

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("invite/", admin_views.invite_person, name="invite"),
        ]


class AuditEventViewSet(BeaconModelViewSet):
    model = AuditEvent
    icon = "history"
    menu_label = _("Audit log")
    url_prefix = "audit"
    name = "core_audit"
    index_view_class = admin_views.ScopedIndexView
    inspect_view_enabled = True
    list_display = [
        DateColumn("at", label=_("When")),
        TitleColumn("actor_label", label=_("Who"), url_name="core_audit:inspect"),
        "action",
        "object_repr",
        Column("agency", label=_("Agency")),
    ]
    list_filter = {
        "action": ["exact"],
        "object_type": ["exact"],
        "actor_label": ["icontains"],
        "agency": ["exact"],
        "at": ["date__gte", "date__lte"],
    }
    search_fields = ["object_repr", "actor_label", "action"]
    list_export = [
        "at",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "changes",
    ]
    inspect_view_fields = [
        "at",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "agency",
        "changes",
    ]
    copy_view_enabled = False
    # Audit events are read, never written, from the admin: only the reading screens exist.
    form_fields = ["action"]

    def get_urlpatterns(self) -> list[Any]:
        readable = {"index", "index_results", "inspect"}
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in readable]


class CityProfileViewSet(BeaconModelViewSet):
    model = CityProfile
    icon = "site"
    menu_label = _("City profile")
    url_prefix = "city"
    name = "core_city"
    index_view_class = admin_views.ScopedIndexView
    edit_view_class = admin_views.CityProfileEditView
    list_display = ["name", "short_name", "source_language", "time_zone"]
    copy_view_enabled = False
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("short_name")]),
        FieldRowPanel([FieldPanel("source_language"), FieldPanel("time_zone")]),
        FieldPanel("target_languages"),
        FieldPanel("required_translations"),
        InlinePanel("name_forms", heading=_("Names in every language"), label=_("Name form")),
    ]


class OrganisationGroup(ViewSetGroup):
    menu_label = _("Organisation")
    menu_name = "organisation"  # fixed, as the kiosks group says why
    menu_icon = "group"
    menu_order = 900
    items = (CityProfileViewSet, AgencyViewSet, MembershipViewSet, AuditEventViewSet)


@hooks.register("register_admin_viewset")
def register_organisation() -> ViewSetGroup:
    return OrganisationGroup()


@hooks.register("register_admin_urls")
def register_core_urls() -> list[Any]:
    return [path("", include(admin_urls))]


@hooks.register("register_account_menu_item")
def two_step_menu_item(request: HttpRequest) -> dict[str, Any]:
    return {
        "url": reverse("core_two_step"),
        "label": _("Two-step login"),
        "help_text": _("Ask for a code from an authenticator app at each login."),
    }


@hooks.register("construct_homepage_panels")
def add_dashboard_panels(request: HttpRequest, panels: list[Any]) -> None:
    panels.insert(0, DashboardPanel(request))
