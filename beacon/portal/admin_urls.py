"""The portal's staff screens, mounted in the admin (no namespace: templates name them bare)."""

from __future__ import annotations

from django.urls import path

from beacon.portal import admin_views

urlpatterns = [
    path("translation/status/", admin_views.translation_status_board, name="translation_status"),
]
