"""The bases of Beacon's admin viewsets: model viewsets and snippet viewsets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from wagtail.admin.views import generic
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


class ActionViewMixin:
    """Save through the app's action and fetch through its access function, as every view does.

    ``write_action`` is a ``do_save_*(instance, **extra, acting_user=...)``; ``write_fields``
    name the form fields passed to it by name (a session's trainers, a notice's kiosk groups);
    its refusals (``ValidationError``) become form errors instead of server errors.
    ``access_function`` is a ``get_*_for_user(user, pk, *, write=...)``: the edit and delete
    views fetch their object through it, so an object out of the user's reach answers 404 or
    403 like everywhere else.
    """

    write_action: Callable[..., Any] | None = None
    write_fields: tuple[str, ...] = ()
    access_function: Callable[..., Any] | None = None

    def save_instance(self) -> Any:
        if self.write_action is None:
            return super().save_instance()  # type: ignore[misc]
        form = self.form  # type: ignore[attr-defined]
        extra = {name: form.cleaned_data[name] for name in self.write_fields}
        # commit=False: the instance with its inline children (a cluster form's formsets, e.g.
        # an activity's targets) attached, written by the action in its own transaction.
        instance = form.save(commit=False)
        return self.write_action(instance, **extra, acting_user=self.request.user)  # type: ignore[attr-defined]

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            return super().form_valid(form)  # type: ignore[misc, no-any-return]
        except ValidationError as exc:
            form.add_error(None, exc)
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()  # type: ignore[attr-defined]
            return self.form_invalid(form)  # type: ignore[attr-defined, no-any-return]

    def get_object(self, queryset: Any = None) -> Any:
        if self.access_function is None:
            return super().get_object(queryset)  # type: ignore[misc]
        if getattr(self, "object", None) is not None:
            return self.object  # type: ignore[attr-defined]
        pk = self.kwargs.get(self.pk_url_kwarg) or self.args[0]  # type: ignore[attr-defined]
        return self.access_function(self.request.user, int(pk), write=True)  # type: ignore[attr-defined]


class BeaconModelViewSet(BeaconViewSetMixin, ModelViewSet):
    """A Wagtail ModelViewSet behind Beacon's object guard, saving through the app's action.

    Set ``write_action`` (and ``write_fields``) and ``access_function`` on the viewset instead
    of overriding ``save_instance`` and ``get_object`` in its views (see ``ActionViewMixin``).
    """

    write_action: Callable[..., Any] | None = None
    write_fields: tuple[str, ...] = ()
    access_function: Callable[..., Any] | None = None

    def construct_view(self, view_class: type, **kwargs: Any) -> Any:
        # Read from the class: a function read from an instance would be bound to it.
        viewset = type(self)
        attributes: dict[str, Any] = {}
        if viewset.write_action and issubclass(view_class, generic.CreateView | generic.EditView):
            attributes["write_action"] = staticmethod(viewset.write_action)
            attributes["write_fields"] = viewset.write_fields
        if viewset.access_function and issubclass(
            view_class, generic.EditView | generic.DeleteView
        ):
            attributes["access_function"] = staticmethod(viewset.access_function)
        if attributes:
            view_class = type(view_class.__name__, (ActionViewMixin, view_class), attributes)
        return super().construct_view(view_class, **kwargs)


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
