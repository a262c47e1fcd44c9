"""The newsletters' staff screens besides the viewsets (digests), mounted in the admin.

No namespace: templates and tests name these routes bare.
"""

from __future__ import annotations

from django.urls import path

from beacon.newsletters import admin_views

urlpatterns = [
    path("newsletters/digests/", admin_views.digest_index, name="newsletters_digests"),
    path("newsletters/digests/<int:pk>/", admin_views.digest_detail, name="newsletters_digest"),
    path(
        "newsletters/digests/<int:pk>/preview/",
        admin_views.digest_preview,
        name="newsletters_digest_preview",
    ),
    path(
        "newsletters/digests/<int:pk>/send/",
        admin_views.digest_send_now,
        name="newsletters_digest_send",
    ),
]
