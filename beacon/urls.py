from __future__ import annotations

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from beacon.core.views import healthz
from beacon.insights import urls as insights_urls
from beacon.newsletters import urls as newsletter_urls
from beacon.outreach import urls as outreach_urls
from beacon.portal import urls as portal_urls

handler500 = "beacon.core.views.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("plans/", include("beacon.plans.urls")),
    path("kiosk/", include("beacon.kiosks.urls")),
    path("syndication/", include("beacon.dissemination.urls")),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("beacon.training.urls")),
    *portal_urls.unprefixed,
    *insights_urls.unprefixed,
    # Image renditions for the portal when no web server sits in front; only images: original
    # documents are served by Wagtail's document view, which checks their privacy.
    re_path(
        r"^media/(?P<path>(?:original_images|images)/.*)$",
        serve,
        {"document_root": settings.MEDIA_ROOT},
    ),
]
# The public portal: one URL prefix per content language (/vi/, /en/, /fr/…); "/" redirects to
# the reader's language (Accept-Language) without setting any cookie.
urlpatterns += i18n_patterns(
    *portal_urls.localised,
    *newsletter_urls.localised,
    *insights_urls.localised,
    *outreach_urls.localised,
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
