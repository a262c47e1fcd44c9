from __future__ import annotations

from django.urls import path

from beacon.kiosks import api, views

app_name = "kiosks"

urlpatterns = [
    path("", views.app, name="app"),
    path("sw.js", views.service_worker, name="service_worker"),
    # Answered by KioskApiMiddleware first; listed so that they resolve and reverse anywhere.
    path("api/playlist", api.playlist_view, name="playlist"),
    path("api/heartbeat", api.heartbeat_view, name="heartbeat"),
]
