"""Outreach's public pages under each language prefix (added to the portal's localised routes)."""

from __future__ import annotations

from django.urls import path

from beacon.outreach import views

localised = [
    path("events/<int:pk>/register/", views.register, name="outreach_register"),
    path("outreach/check-your-mail/", views.check_mail, name="outreach_check_mail"),
    path(
        "events/confirm/<str:token>/",
        views.confirm_registration,
        name="outreach_confirm_registration",
    ),
    path("events/ticket/<str:token>/", views.ticket, name="outreach_ticket"),
    path("events/cancel/<str:token>/", views.cancel, name="outreach_cancel"),
    path("press/request/", views.press_request, name="outreach_press_request"),
    path("press/status/<str:token>/", views.press_status, name="outreach_press_status"),
    path("stories/share/", views.story_submit, name="outreach_story_submit"),
    path("stories/confirm/<str:token>/", views.confirm_story, name="outreach_confirm_story"),
]
