from __future__ import annotations

from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from beacon.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("plans/", include("beacon.plans.urls")),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("beacon.training.urls")),
    path("", include(wagtail_urls)),
]
