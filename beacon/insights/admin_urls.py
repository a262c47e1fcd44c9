"""The insights screens inside the Wagtail admin, under /admin/insights/."""

from __future__ import annotations

from django.urls import path

from beacon.insights import admin_views

app_name = "insights"

urlpatterns = [
    path("", admin_views.insights_page, name="page"),
    path("figures/<slug:key>/", admin_views.figure_rows, name="figure"),
    path("figures/<slug:key>.csv", admin_views.figure_csv, name="figure_csv"),
    path("figures/<slug:key>/public/", admin_views.set_public, name="set_public"),
    path("report.<str:fmt>", admin_views.export, name="export"),
    path("store/", admin_views.store, name="store"),
    path("stored/<int:pk>.<str:fmt>", admin_views.stored_file, name="stored_file"),
]
