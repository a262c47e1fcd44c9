"""The delivery board's screens, mounted in the admin under /admin/deliveries/."""

from __future__ import annotations

from django.urls import path

from beacon.dissemination import admin_views

app_name = "dissemination"

urlpatterns = [
    path("", admin_views.board, name="board"),
    path("items/<str:item_key>/", admin_views.item, name="item"),
    path("channels/<int:pk>/", admin_views.channel, name="channel"),
    path("channels/<int:pk>/tokens/", admin_views.issue_token, name="issue_token"),
    path("tokens/<int:pk>/revoke/", admin_views.revoke_token, name="revoke_token"),
    path("<int:pk>/retry/", admin_views.retry, name="retry"),
    path("<int:pk>/cancel/", admin_views.cancel, name="cancel"),
]
