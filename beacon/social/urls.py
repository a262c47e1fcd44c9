"""The social screens inside the Wagtail admin, under /admin/social/."""

from __future__ import annotations

from django.urls import path

from beacon.social import views

app_name = "social"

urlpatterns = [
    path("", views.post_list, name="posts"),
    path("<int:pk>/", views.post_detail, name="post"),
    path("<int:pk>/submit/", views.post_submit, name="submit"),
    path("<int:pk>/review/", views.post_review, name="review"),
    path("<int:pk>/posted/", views.post_mark_posted, name="mark_posted"),
    path("<int:pk>/export.zip", views.post_export, name="export"),
    path("export/day.zip", views.day_export, name="day_export"),
    path("calendar/", views.content_calendar, name="calendar"),
]
