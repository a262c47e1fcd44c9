"""The plans screens inside the Wagtail admin, under /admin/plans/."""

from __future__ import annotations

from django.urls import path

from beacon.plans import export_views, views

app_name = "plans"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("activities/", views.activity_list, name="activities"),
    path("activities/<int:pk>/", views.activity_detail, name="activity"),
    path("activities/<int:pk>/cancel/", views.activity_cancel, name="cancel_activity"),
    path(
        "activities/<int:pk>/periods/<int:period_pk>/report/", views.file_report, name="file_report"
    ),
    path("reports/", views.report_list, name="reports"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/edit/", views.edit_report, name="edit_report"),
    path("reports/<int:pk>/review/", views.review_report, name="review_report"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("timeline/", views.timeline, name="timeline"),
    path("matrix/", views.matrix, name="matrix"),
    path("calendars/", views.calendar_feeds, name="calendars"),
    path("calendars/<int:agency_pk>/new/", views.calendar_feed_create, name="calendar_create"),
    path("calendars/feed/<int:pk>/revoke/", views.calendar_feed_revoke, name="calendar_revoke"),
    path("import/", export_views.plan_import, name="import"),
    path("import/template.<str:fmt>", export_views.import_template, name="import_template"),
    path("export/<int:plan_pk>.<str:fmt>", export_views.plan_export, name="export"),
]
