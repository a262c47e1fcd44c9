"""The analyst's screens, mounted in the admin under /admin/monitoring/."""

from __future__ import annotations

from django.urls import path

from beacon.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.stream, name="stream"),
    path("export.csv", views.stream_csv, name="stream_csv"),
    path("stories/<int:pk>/", views.story, name="story"),
    path("search/", views.search_view, name="search"),
    path("articles/<int:pk>/tone/", views.article_tone, name="article_tone"),
    path("tone/", views.tone_view, name="tone"),
    path("alerts/", views.alert_list, name="alerts"),
    path("alerts/<int:pk>/acknowledge/", views.alert_acknowledge, name="alert_acknowledge"),
]
