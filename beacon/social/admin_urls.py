"""The social screens inside the Wagtail admin, under /admin/social/."""

from __future__ import annotations

from django.urls import path

from beacon.social import admin_views

app_name = "social"

urlpatterns = [
    path("", admin_views.post_list, name="posts"),
    path("<int:pk>/", admin_views.post_detail, name="post"),
    path("<int:pk>/submit/", admin_views.post_submit, name="submit"),
    path("<int:pk>/review/", admin_views.post_review, name="review"),
    path("<int:pk>/posted/", admin_views.post_mark_posted, name="mark_posted"),
    path("<int:pk>/export.zip", admin_views.post_export, name="export"),
    path("export/day.zip", admin_views.day_export, name="day_export"),
    path("calendar/", admin_views.content_calendar, name="calendar"),
]
