"""Whole-response caching of public pages for anonymous readers.

Anonymous readers get the same bytes, so a page is rendered once per ``BEACON_PAGE_CACHE_SECONDS``
and then answered before sessions, authentication and Wagtail run. Only language-prefixed GETs
without a session cookie are cached, and only 200 answers that set no cookie. Publishing bumps a
generation number, which empties the cache at once when the cache is shared (Redis); with the
in-process cache each web worker sees the change after at most the cache lifetime.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

GENERATION_KEY = "portal:generation"


def bump_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


def _generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, None)
        return 1
    return int(value)


def _cacheable(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    prefix = request.path.split("/", 2)[1] if request.path.count("/") >= 2 else ""
    return prefix in dict(settings.LANGUAGES) or request.path in ("/sitemap.xml", "/robots.txt")


class PublicPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = settings.BEACON_PAGE_CACHE_SECONDS
        if not seconds or not _cacheable(request):
            return self.get_response(request)
        key = f"portal:page:{_generation()}:{request.get_full_path()}"
        cached = cache.get(key)
        if cached is not None:
            return cached
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.cookies
            and not getattr(response, "streaming", False)
            and "private" not in response.get("Cache-Control", "")
        ):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            patch_cache_control(response, public=True, max_age=seconds)
            cache.set(key, response, seconds)
        return response
