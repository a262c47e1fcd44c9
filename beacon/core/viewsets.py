"""The base of Beacon's admin viewsets."""

from __future__ import annotations

from typing import Any

from wagtail.admin.viewsets.model import ModelViewSet

_WAGTAIL_ONLY_PAGES = {"history", "history_results", "usage"}


class BeaconModelViewSet(ModelViewSet):
    """A Wagtail ModelViewSet without Wagtail's history and usage pages.

    Those pages check permissions on the model only, not on the object, so an officer of one
    agency could open them for another agency's rows; Beacon's audit log is the history.
    """

    def get_common_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_common_view_kwargs(
            **{"history_url_name": None, "usage_url_name": None, **kwargs}
        )

    def get_urlpatterns(self) -> list[Any]:
        return [p for p in super().get_urlpatterns() if p.name not in _WAGTAIL_ONLY_PAGES]
