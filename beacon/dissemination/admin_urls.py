"""The delivery board's screens, mounted in the admin under /admin/deliveries/."""

from __future__ import annotations

from django.urls import path

from beacon.dissemination import views

app_name = "dissemination"

urlpatterns = [
    path("", views.board, name="board"),
    path("items/<str:item_key>/", views.item, name="item"),
    path("channels/<int:pk>/", views.channel, name="channel"),
    path("channels/<int:pk>/tokens/", views.issue_token, name="issue_token"),
    path("tokens/<int:pk>/revoke/", views.revoke_token, name="revoke_token"),
    path("<int:pk>/retry/", views.retry, name="retry"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
]
