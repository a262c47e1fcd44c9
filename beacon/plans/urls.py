"""Public addresses of the plans app: only the secret calendar feeds live outside the admin."""

from __future__ import annotations

from django.urls import path

from beacon.plans import views

app_name = "plans_public"

urlpatterns = [
    path("calendar/<str:token>.ics", views.ical_feed, name="ical"),
]
