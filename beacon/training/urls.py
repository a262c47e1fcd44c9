"""Public addresses of the training app (outside /admin/): certificate checks and the feed."""

from __future__ import annotations

from django.urls import path

from beacon.training import views

urlpatterns = [
    path("certificates/<str:code>/", views.verify, name="training_verify"),
    path("training/calendar/<str:token>.ics", views.calendar_feed, name="training_calendar"),
]
