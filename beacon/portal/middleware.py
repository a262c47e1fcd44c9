"""Language prefixes for the portal, and only for the portal."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern


def _roots(patterns: list[Any]) -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver) and isinstance(pattern.pattern, LocalePrefixPattern):
            continue
        text = str(pattern.pattern).lstrip("^")
        root = text.split("/", 1)[0].split("(", 1)[0]
        if root:
            yield root
        elif isinstance(pattern, URLResolver):  # include("…") at the root: look inside
            yield from _roots(pattern.url_patterns)


@cache
def _unprefixed_roots() -> frozenset[str]:
    """First path segments of the routes outside i18n_patterns (admin/, documents/, healthz…)."""
    return frozenset(_roots(get_resolver().url_patterns))


class PortalLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that a 404 outside the portal stays a 404.

    Django redirects any unknown path to the same path under a language prefix when that one
    resolves, and Wagtail's page route under each prefix resolves everything: a missing admin
    or document URL would be sent to /en/admin/…. Only paths that could be portal pages are.
    """

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if response.status_code == 404:
            root = request.path_info.lstrip("/").split("/", 1)[0]
            if root in _unprefixed_roots():
                return response
        return super().process_response(request, response)
