"""The object guard holds by construction: every model screen of Beacon stands behind it."""

from __future__ import annotations

from typing import Any

from django.urls import get_resolver
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.model import ModelViewSet

from beacon.core.guard import ObjectGuardMixin
from beacon.core.viewsets import BeaconViewSetMixin


def _beacon_model_viewsets() -> list[Any]:
    get_resolver().url_patterns  # noqa: B018  (building the admin's URLs registers the viewsets)
    return [
        viewset
        for viewset in viewsets.viewsets
        if isinstance(viewset, ModelViewSet) and viewset.model.__module__.startswith("beacon.")
    ]


def test_it_puts_every_beacon_model_viewset_behind_the_guard() -> None:
    found = _beacon_model_viewsets()
    assert len(found) > 20
    assert [v for v in found if not isinstance(v, BeaconViewSetMixin)] == []


def test_it_guards_every_view_such_a_viewset_builds() -> None:
    """Wagtail's views, that is; Beacon's own function views ask their access functions."""
    guarded = 0
    for viewset in _beacon_model_viewsets():
        for pattern in viewset.get_urlpatterns():
            view_class = getattr(pattern.callback, "view_class", None)
            if view_class is None:
                continue
            assert issubclass(view_class, ObjectGuardMixin), (viewset.name, pattern.name)
            guarded += 1
    assert guarded > 100
