"""Answer the kiosk API before sessions, CSRF, authentication and locale middleware run."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from beacon.kiosks import api

PLAYLIST_PATH = "/kiosk/api/playlist"
HEARTBEAT_PATH = "/kiosk/api/heartbeat"


class KioskApiMiddleware:
    """The fast path: a kiosk's poll never touches the session or the user machinery."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path == PLAYLIST_PATH:
            return api.playlist_view(request)
        if path == HEARTBEAT_PATH:
            return api.heartbeat_view(request)
        return self.get_response(request)
