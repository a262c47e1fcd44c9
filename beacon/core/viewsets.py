"""The bases of Beacon's admin viewsets: model viewsets and snippet viewsets."""

from __future__ import annotations

from typing import Any

from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from beacon.core.guard import guarded

_WAGTAIL_ONLY_PAGES = {"history", "history_results", "usage"}


class BeaconViewSetMixin:
    """Every view behind the object guard, and without Wagtail's history and usage pages.

    Each view the viewset builds, today's and any Wagtail adds later, goes through
    ``construct_view`` and so through ``guarded`` (see ``beacon.core.guard``). The history and
    usage pages list what other objects say about this one; Beacon's audit log is the history.
    """

    def construct_view(self, view_class: type, **kwargs: Any) -> Any:
        return super().construct_view(guarded(view_class), **kwargs)  # type: ignore[misc]

    def get_common_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_common_view_kwargs(  # type: ignore[misc, no-any-return]
            **{"history_url_name": None, "usage_url_name": None, **kwargs}
        )

    def get_urlpatterns(self) -> list[Any]:
        patterns = super().get_urlpatterns()  # type: ignore[misc]
        return [p for p in patterns if p.name not in _WAGTAIL_ONLY_PAGES]


class BeaconModelViewSet(BeaconViewSetMixin, ModelViewSet):
    """A Wagtail ModelViewSet behind Beacon's object guard."""


class BeaconSnippetViewSet(BeaconViewSetMixin, SnippetViewSet):
    """A Wagtail SnippetViewSet (revisions, workflow, locking) behind Beacon's object guard."""
