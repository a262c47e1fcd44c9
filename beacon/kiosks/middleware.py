"""Answer the kiosk API before any other middleware runs.

Kiosks poll every few seconds with a bearer token, never a cookie: sessions, CSRF, locale,
authentication and the rest have nothing to do for them. The headers Django's security
middleware would add are added here; a plain-HTTP request on a site that redirects to HTTPS
takes the usual path, and is redirected.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from beacon.kiosks import api

PLAYLIST_PATH = "/kiosk/api/playlist"
HEARTBEAT_PATH = "/kiosk/api/heartbeat"


class KioskApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.redirects_to_https = settings.SECURE_SSL_REDIRECT

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path == PLAYLIST_PATH:
            view = api.playlist_view
        elif path == HEARTBEAT_PATH:
            view = api.heartbeat_view
        else:
            return self.get_response(request)
        if self.redirects_to_https and not request.is_secure():
            return self.get_response(request)
        response = view(request)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response
