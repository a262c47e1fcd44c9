"""The kiosk web app: one page and its service worker; everything else is static or the API."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from beacon.kiosks.playlist import HEARTBEAT_SECONDS

APP_VERSION = "1.0.0"


@require_GET
def app(request: HttpRequest) -> HttpResponse:
    """The full-screen app; it takes its device token from the setup link's #fragment."""
    response = TemplateResponse(
        request,
        "kiosks/app.html",
        {"app_version": APP_VERSION, "heartbeat_seconds": HEARTBEAT_SECONDS},
    )
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served under /kiosk/ so that it may control the app's pages."""
    path = finders.find("kiosks/sw.js")
    with open(str(path), encoding="utf-8") as handle:
        source = handle.read().replace("__VERSION__", APP_VERSION)
    response = HttpResponse(source, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
