"""The kiosks' staff screens besides the viewsets, mounted in the admin.

No namespace: templates and tests name these routes bare.
"""

from __future__ import annotations

from django.urls import path

from beacon.kiosks import admin_views

urlpatterns = [
    path("kiosks/fleet/", admin_views.fleet, name="kiosks_fleet"),
    path("kiosks/kiosks/<int:pk>/token/", admin_views.kiosk_token, name="kiosks_token"),
    path(
        "kiosks/notices/<int:pk>/withdraw/",
        admin_views.withdraw_notice,
        name="kiosks_withdraw_notice",
    ),
]
