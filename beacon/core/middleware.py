from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from beacon.core.city import get_city_profile


class CityTimezoneMiddleware:
    """Show every date in the city's time zone, whatever the server's clock says."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        profile = get_city_profile()
        if profile is not None:
            timezone.activate(profile.time_zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
