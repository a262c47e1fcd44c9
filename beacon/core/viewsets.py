"""The bases of Beacon's admin viewsets: model viewsets and snippet viewsets."""

from __future__ import annotations

from typing import Any

from django.db import models
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.chooser import SnippetChooserViewSet, SnippetCreateView
from wagtail.snippets.views.snippets import SnippetViewSet

from beacon.core.admin_input import BoundedModelMultipleChoiceField
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

    def formfield_for_dbfield(self, db_field: models.Field, **kwargs: Any) -> Any:
        """Forms built from ``form_fields`` bound their id pickers as panel forms do."""
        if isinstance(db_field, models.ManyToManyField):
            kwargs.setdefault("form_class", BoundedModelMultipleChoiceField)
        return super().formfield_for_dbfield(db_field, **kwargs)  # type: ignore[misc]

    def get_urlpatterns(self) -> list[Any]:
        patterns = super().get_urlpatterns()  # type: ignore[misc]
        return [p for p in patterns if p.name not in _WAGTAIL_ONLY_PAGES]


class BeaconModelViewSet(BeaconViewSetMixin, ModelViewSet):
    """A Wagtail ModelViewSet behind Beacon's object guard."""


class ChooserCreateView(SnippetCreateView):
    """A chooser without a creation form creates nothing.

    Wagtail leaves out the chooser's Create tab when no creation form is set, but keeps its
    route and asks only the add permission there, so a POST met a form that is not there.
    """

    def can_create(self) -> bool:
        return self.get_creation_form_class() is not None and super().can_create()


class BeaconSnippetChooserViewSet(SnippetChooserViewSet):
    create_view_class = ChooserCreateView


class BeaconSnippetViewSet(BeaconViewSetMixin, SnippetViewSet):
    """A Wagtail SnippetViewSet (revisions, workflow, locking) behind Beacon's object guard."""

    chooser_viewset_class = BeaconSnippetChooserViewSet
