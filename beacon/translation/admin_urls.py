"""Translation's staff screens, mounted in the admin (no namespace: templates name them bare).

The PO upload is mounted ahead of wagtail-localize's own route from ``wagtail_hooks.py``.
"""

from __future__ import annotations

from django.urls import path

from beacon.translation import admin_views

urlpatterns = [
    path("translation/<int:pk>/", admin_views.review, name="translation_review"),
]
