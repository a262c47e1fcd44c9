"""The training app's place in the admin: the Training menu, its screens and their permissions."""

from __future__ import annotations

from typing import Any

from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from beacon.core import policy
from beacon.core.permissions import AreaPermissionPolicy
from beacon.core.viewsets import BeaconModelViewSet
from beacon.training import access, actions, admin_views, views
from beacon.training.access import CATALOGUE, PEOPLE, RECORDS
from beacon.training.models import Certificate, Competency, Course, Officer, Session

_WRITE = ("add", "change", "view")
for model in (Competency, Course, Session):
    register_permission_policy(
        model,
        AreaPermissionPolicy(
            model,
            area=CATALOGUE,
            agency_field="pk",
            agency_of=lambda instance: None,
            allowed_actions=_WRITE,
        ),
    )
register_permission_policy(
    Certificate,
    AreaPermissionPolicy(
        Certificate,
        area=RECORDS,
        agency_field="enrolment__officer__agency_id",
        agency_of=lambda certificate: certificate.enrolment.officer.agency,
        allowed_actions=("view",),
    ),
)
register_permission_policy(
    Officer,
    AreaPermissionPolicy(
        Officer,
        area=PEOPLE,
        agency_field="agency_id",
        agency_of=lambda officer: officer.agency,
        allowed_actions=_WRITE,
    ),
)


class SessionViewSet(BeaconModelViewSet):
    model = Session
    icon = "calendar"
    menu_label = _("Sessions")
    url_prefix = "training/sessions"
    name = "training_session"
    index_view_class = admin_views.SessionIndexView
    write_action = actions.do_save_session
    write_fields = ("trainers", "target_agencies")
    add_view_class = admin_views.SessionCreateView
    edit_view_class = admin_views.SessionEditView
    copy_view_enabled = False
    form_fields = [
        "course",
        "code",
        "starts_on",
        "ends_on",
        "day_starts_at",
        "day_ends_at",
        "place",
        "online_url",
        "capacity",
        "trainers",
        "target_agencies",
        "is_cancelled",
    ]
    list_display = [
        TitleColumn(
            "course", label=_("Session"), accessor="__str__", url_name="training_session_roster"
        ),
        admin_views.DayColumn("starts_on", label=_("First day")),
        admin_views.DayColumn("ends_on", label=_("Last day")),
        "place",
        admin_views.SeatsColumn("seats", label=_("Seats")),
    ]
    list_filter = ["course", "is_cancelled"]
    search_fields = ["code", "course__title", "place"]
    ordering = ["-starts_on"]


class CourseViewSet(BeaconModelViewSet):
    model = Course
    icon = "doc-full"
    menu_label = _("Courses")
    url_prefix = "training/courses"
    name = "training_course"
    write_action = actions.do_save_course
    write_fields = ("competencies",)
    copy_view_enabled = False
    form_fields = [
        "code",
        "title",
        "summary",
        "topics",
        "level",
        "duration_days",
        "hours",
        "languages",
        "competencies",
        "pass_mark",
        "min_attendance",
        "validity_months",
        "is_active",
    ]
    list_display = [
        TitleColumn(
            "title", label=pgettext_lazy("course", "Title"), url_name="training_course:edit"
        ),
        Column("level", label=_("Level"), accessor="get_level_display"),
        "duration_days",
        "validity_months",
        BooleanColumn("is_active", label=_("Active")),
    ]
    list_filter = ["level", "is_active"]
    search_fields = ["title", "code", "topics"]


class OfficerViewSet(BeaconModelViewSet):
    model = Officer
    icon = "user"
    menu_label = _("Officers")
    url_prefix = "training/officers"
    name = "training_officer"
    index_view_class = admin_views.OfficerIndexView
    write_action = actions.do_save_officer
    write_fields = ("competencies",)
    access_function = access.get_officer_for_user
    add_view_class = admin_views.OfficerCreateView
    edit_view_class = admin_views.OfficerEditView
    copy_view_enabled = False
    form_fields = [
        "agency",
        "full_name",
        "email",
        "user",
        "function",
        "languages",
        "competencies",
        "is_active",
    ]
    list_display = [
        TitleColumn("full_name", label=_("Name"), url_name="training_officer_record"),
        Column("agency", label=_("Agency")),
        "function",
        BooleanColumn("is_active", label=_("Active")),
    ]
    list_filter = ["agency", "is_active"]
    search_fields = ["full_name", "email", "function"]


class CompetencyViewSet(BeaconModelViewSet):
    model = Competency
    icon = "tick"
    menu_label = _("Competencies")
    url_prefix = "training/competencies"
    name = "training_competency"
    write_action = actions.do_save_competency
    copy_view_enabled = False
    form_fields = ["code", "name"]
    list_display = [
        TitleColumn("name", label=_("Name"), url_name="training_competency:edit"),
        "code",
    ]


class CertificateViewSet(BeaconModelViewSet):
    """Certificates are issued and revoked from a session's page; this is the list to find one."""

    model = Certificate
    icon = "doc-full-inverse"
    menu_label = _("Certificates")
    url_prefix = "training/certificates"
    name = "training_certificate"
    index_view_class = admin_views.CertificateIndexView
    form_fields = ["number"]
    list_display = [
        TitleColumn("number", label=_("Number"), url_name="training_certificate_pdf"),
        "holder_name",
        Column("agency", label=_("Agency"), accessor="enrolment.officer.agency"),
        "course_title",
        admin_views.DayColumn("issued_on", label=_("Issued on")),
        admin_views.DayColumn("expires_on", label=_("Expires on")),
        admin_views.ValidityColumn("validity", label=_("Validity")),
    ]
    list_filter = ["issued_on", "expires_on"]
    search_fields = ["number", "holder_name", "course_title"]
    ordering = ["-issued_on", "-pk"]

    def get_urlpatterns(self) -> list[Any]:
        readable = {"index", "index_results"}
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in readable]


class CoverageMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return policy.can(request.user, PEOPLE, "read")


class TrainingGroup(ViewSetGroup):
    menu_label = _("Training")
    menu_name = "training"  # fixed, as the kiosks group says why
    menu_icon = "calendar"
    menu_order = 300
    items = (SessionViewSet, CourseViewSet, OfficerViewSet, CertificateViewSet, CompetencyViewSet)

    def get_submenu_items(self) -> list[MenuItem]:
        coverage = CoverageMenuItem(
            _("Coverage"), reverse_lazy("training_coverage"), icon_name="group", order=500
        )
        return [*super().get_submenu_items(), coverage]


@hooks.register("register_admin_viewset")
def register_training() -> ViewSetGroup:
    return TrainingGroup()


@hooks.register("register_admin_urls")
def register_training_urls() -> list[Any]:
    return [
        path("training/coverage/", views.coverage, name="training_coverage"),
        path(
            "training/officers/<int:pk>/record/",
            views.officer_record,
            name="training_officer_record",
        ),
        path(
            "training/sessions/<int:pk>/roster/",
            views.session_roster,
            name="training_session_roster",
        ),
        path("training/sessions/<int:pk>/nominate/", views.nominate, name="training_nominate"),
        path(
            "training/sessions/<int:pk>/attendance/",
            views.record_attendance,
            name="training_attendance",
        ),
        path("training/enrolments/<int:pk>/withdraw/", views.withdraw, name="training_withdraw"),
        path("training/enrolments/<int:pk>/result/", views.record_result, name="training_result"),
        path(
            "training/enrolments/<int:pk>/certificate/",
            views.issue_certificate,
            name="training_issue",
        ),
        path(
            "training/certificates/<int:pk>/pdf/",
            views.certificate_pdf,
            name="training_certificate_pdf",
        ),
        path(
            "training/certificates/<int:pk>/revoke/",
            views.revoke_certificate,
            name="training_revoke",
        ),
    ]
