"""The monitor's place in the admin: its menu, its screens, its models' editors."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, TitleColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from beacon.core.permissions import BeaconPermissionPolicy
from beacon.core.viewsets import BeaconModelViewSet
from beacon.monitoring import access, admin_views, dashboard, urls  # noqa: F401  (dashboard registers)
from beacon.monitoring.forms import SourceForm
from beacon.monitoring.models import AlertRule, Place, Source, SourceGroup, Topic

# The monitor's own objects belong to no agency.
for model in (Source, SourceGroup, Place, Topic, AlertRule):
    register_permission_policy(
        model,
        BeaconPermissionPolicy(
            model, can_read=access.can_read_monitor, can_write=access.can_manage_monitor
        ),
    )


class HealthColumn(Column):
    """Failures, pause and last error of a source, with a button to resume a paused one."""

    cell_template_name = "monitoring/health_cell.html"

    def get_cell_context_data(self, instance: Any, parent_context: Any) -> dict[str, Any]:
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context["csrf_token"] = parent_context.get("csrf_token")
        context["can_resume"] = request is not None and access.can_manage_monitor(request.user)
        return context


class SourceViewSet(BeaconModelViewSet):
    model = Source
    icon = "rss"
    menu_label = _("Sources")
    url_prefix = "monitoring/sources"
    name = "monitoring_source"
    index_view_class = admin_views.SourceIndexView
    add_view_class = admin_views.SourceCreateView
    edit_view_class = admin_views.SourceEditView
    copy_view_enabled = False
    list_display = [
        TitleColumn("name", label=_("Name"), url_name="monitoring_source:edit"),
        "kind",
        "country",
        "media_kind",
        DateColumn("last_success_at", label=_("Last success")),
        DateColumn("last_item_at", label=_("Last new item")),
        Column("week_items", label=_("Articles, 7 days")),
        HealthColumn("last_error", label=_("Health")),
        BooleanColumn("is_active", label=_("Active")),
    ]
    list_filter = ["kind", "country", "media_kind", "is_active", "groups"]
    search_fields = ["name", "url"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]),
                    FieldPanel("url"),
                    FieldRowPanel([FieldPanel("country"), FieldPanel("media_kind")]),
                    FieldPanel("languages"),
                    FieldPanel("groups"),
                    FieldRowPanel([FieldPanel("poll_minutes"), FieldPanel("is_active")]),
                    # Turning the private-address protection off is the superuser's call alone:
                    # the field is not on the form of anyone else.
                    FieldPanel("allow_private_network", permission="superuser"),
                ],
                heading=_("Source"),
            ),
        ],
        base_form_class=SourceForm,
    )

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("import/", admin_views.source_import, name="import"),
            path("export/<str:fmt>/", admin_views.source_export, name="export"),
            path("<int:pk>/resume/", admin_views.source_resume, name="resume"),
        ]


class SourceGroupViewSet(BeaconModelViewSet):
    model = SourceGroup
    icon = "folder-open-inverse"
    menu_label = _("Source groups")
    url_prefix = "monitoring/groups"
    name = "monitoring_group"
    form_fields = ["name", "description"]
    copy_view_enabled = False


class PlaceViewSet(BeaconModelViewSet):
    model = Place
    icon = "site"
    menu_label = _("Gazetteer")
    url_prefix = "monitoring/gazetteer"
    name = "monitoring_place"
    form_fields = ["name", "kind", "aliases"]
    list_display = ["name", "kind"]
    search_fields = ["name", "aliases"]
    copy_view_enabled = False


class TopicViewSet(BeaconModelViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    url_prefix = "monitoring/topics"
    name = "monitoring_topic"
    form_fields = ["slug", "name", "keywords"]
    list_display = ["name", "slug"]
    copy_view_enabled = False


class AlertRuleViewSet(BeaconModelViewSet):
    model = AlertRule
    icon = "warning"
    menu_label = _("Alert rules")
    url_prefix = "monitoring/rules"
    name = "monitoring_rule"
    form_fields = [
        "name", "kind", "topic", "keyword", "country", "group", "min_sources", "hours",
        "spike_factor", "agency", "delivery", "email_to", "is_active",
    ]  # fmt: skip
    list_display = ["name", "kind", "delivery", "agency", BooleanColumn("is_active")]
    copy_view_enabled = False


class ScreenItem(MenuItem):
    """A menu entry for one of the analyst's screens, shown to those who may open it."""

    def __init__(self, label: Any, url_name: str, icon: str, check: Any, order: int) -> None:
        super().__init__(label, reverse_lazy(url_name), icon_name=icon, order=order)
        self.check = check

    def is_shown(self, request: HttpRequest) -> bool:
        return bool(self.check(request.user))


class MonitoringGroup(ViewSetGroup):
    menu_label = _("Monitoring")
    menu_name = "monitoring"  # fixed, as the kiosks group says why
    menu_icon = "view"
    menu_order = 300
    items = (SourceViewSet, SourceGroupViewSet, PlaceViewSet, TopicViewSet, AlertRuleViewSet)

    def get_submenu_items(self) -> list[MenuItem]:
        """The analyst's screens first, then the editors of the monitor's settings."""
        screens = [
            ScreenItem(
                _("Mention stream"), "monitoring:stream", "view", access.can_read_monitor, 1
            ),
            ScreenItem(
                _("Search coverage"), "monitoring:search", "search", access.can_read_monitor, 2
            ),
            ScreenItem(
                _("Tone of coverage"), "monitoring:tone", "view", access.can_read_monitor, 3
            ),
            ScreenItem(_("Alerts"), "monitoring:alerts", "warning", access.can_see_alerts, 4),
        ]
        return [*screens, *super().get_submenu_items()]


@hooks.register("register_admin_viewset")
def register_monitoring() -> ViewSetGroup:
    return MonitoringGroup()


@hooks.register("register_admin_urls")
def register_monitoring_urls() -> list[Any]:
    return [path("monitoring/", include(urls, namespace="monitoring"))]
