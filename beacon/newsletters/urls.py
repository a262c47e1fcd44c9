"""Newsletter pages under each language prefix (added to the portal's localised routes)."""

from __future__ import annotations

from django.urls import path

from beacon.newsletters import views

localised = [
    path("newsletters/", views.subscribe, name="newsletters_subscribe"),
    path("newsletters/check-your-mail/", views.check_mail, name="newsletters_check_mail"),
    path("newsletters/confirm/<str:token>/", views.confirm, name="newsletters_confirm"),
    path("newsletters/unsubscribe/<str:token>/", views.unsubscribe, name="newsletters_unsubscribe"),
]
