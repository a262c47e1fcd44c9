"""Core's staff screens besides the viewsets, mounted in the admin.

No namespace: templates and tests name these routes bare.
"""

from __future__ import annotations

from django.urls import path

from beacon.core import admin_views

urlpatterns = [
    path("account/two-step/", admin_views.two_step_login, name="core_two_step"),
]
