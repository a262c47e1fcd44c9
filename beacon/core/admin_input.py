"""Bad input to an admin form gets the form back with its errors, never a server error.

Three paths in the libraries under the admin answer 500 to a tampered or hostile POST, and the
admin forms are too many to guard one by one; each path is closed here, once, for all of them:

- Django's ``ModelMultipleChoiceField`` looks ids up with ``pk__in``, which SQLite cannot bind
  beyond 64 bits (Django bounds the ``exact`` lookup, not ``in``): the agency pickers failed on
  a 20-digit id.
- A formset whose ``TOTAL_FORMS`` counts forms that were not posted (``"٣"`` is a number to
  ``int()``) leaves those forms without cleaned data, and Wagtail's ``InlinePanel`` then reads
  their order field while drawing the form again.
- Wagtail's chooser widgets look the posted id up again when the form comes back with errors,
  and a value that is no id at all (a NUL) raised there; its external-link chooser read a URL
  field the POST left out.

The two Wagtail paths are wrapped at start-up (``CoreConfig.ready``), since the widgets and
forms are built inside Wagtail where no setting reaches them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections, models, router
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.urls import reverse
from django.utils.translation import gettext as _


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Integer ids outside what the database column holds are invalid choices, not a crash."""

    def _check_values(self, value: Iterable[Any]) -> Any:
        if self.queryset is None:
            return super()._check_values(value)  # type: ignore[misc]
        key = self.to_field_name or "pk"
        model = self.queryset.model
        field = model._meta.pk if key == "pk" else model._meta.get_field(key)
        if isinstance(field, models.IntegerField):
            connection = connections[router.db_for_read(model)]
            low, high = connection.ops.integer_field_range(field.get_internal_type())
            for pk in value:
                try:
                    number = int(str(pk))
                except ValueError:
                    continue
                if (low is not None and number < low) or (high is not None and number > high):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        # Django's stubs leave out this private hook, the one place every id is looked up.
        return super()._check_values(value)  # type: ignore[misc]


def register_form_fields() -> None:
    """Every many-to-many field of a Wagtail admin form uses the bounded field."""
    from wagtail.admin.forms.models import register_form_field_override

    register_form_field_override(
        models.ManyToManyField, override={"form_class": BoundedModelMultipleChoiceField}
    )


def guard_external_link_form() -> None:
    """The external-link chooser treats a POST without its URL field as an empty URL.

    Wagtail's ``URLOrAbsolutePathField.to_python`` calls ``value.startswith`` before any check,
    so a POST that leaves the field out raised AttributeError instead of "This field is required".
    """
    from wagtail.admin.forms.choosers import URLOrAbsolutePathField

    if getattr(URLOrAbsolutePathField.to_python, "beacon_guarded", False):
        return
    original: Callable[[Any, Any], Any] = URLOrAbsolutePathField.to_python

    def to_python(self: Any, value: Any) -> Any:
        return original(self, "" if value is None else value)

    to_python.beacon_guarded = True  # type: ignore[attr-defined]
    URLOrAbsolutePathField.to_python = to_python  # type: ignore[method-assign]


def guard_chooser_widgets() -> None:
    """A chooser asked to draw a value that is no id draws an empty choice.

    Wagtail's ``BaseChooser.get_instance`` catches only ``DoesNotExist``; the id comes straight
    from the POST when a form is shown again with its errors.
    """
    from wagtail.admin.widgets.chooser import BaseChooser

    if getattr(BaseChooser.get_instance, "beacon_guarded", False):
        return
    original: Callable[[Any, Any], Any] = BaseChooser.get_instance

    def get_instance(self: Any, value: Any) -> Any:
        try:
            return original(self, value)
        except (ValueError, TypeError, OverflowError, ValidationError):
            return None

    get_instance.beacon_guarded = True  # type: ignore[attr-defined]
    BaseChooser.get_instance = get_instance  # type: ignore[method-assign]


_TOTAL_FORMS = re.compile(r"^(?P<prefix>.+)-TOTAL_FORMS$")


def formset_mismatch(data: Any) -> str | None:
    """The prefix of a formset whose TOTAL_FORMS does not match the forms posted, if any."""
    for key in data:
        match = _TOTAL_FORMS.match(key)
        if match is None:
            continue
        prefix = match["prefix"]
        total = data.get(key, "")
        if not (total.isascii() and total.isdigit()):
            return prefix
        count = int(total)
        if count > len(data):
            return prefix
        start = f"{prefix}-"
        rows = (key[len(start) :].split("-", 1) for key in data if key.startswith(start))
        posted = {row[0] for row in rows if len(row) == 2}
        if any(str(index) not in posted for index in range(count)):
            return prefix
    return None


class FormsetManagementMiddleware:
    """An admin POST whose formset counts forms it does not carry is refused with a 400.

    A browser always posts every form its TOTAL_FORMS counts (a removed inline is posted with
    DELETE set), so a mismatch means the page was altered on the way: saying so is clearer than
    the form Django would otherwise validate with invented empty rows.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.path_info.startswith(reverse("wagtailadmin_home")):
            prefix = formset_mismatch(request.POST)
            if prefix is not None:
                return HttpResponseBadRequest(
                    _(
                        "The form's list “%(prefix)s” does not match the rows sent. "
                        "Reload the page and enter the changes again."
                    )
                    % {"prefix": prefix}
                )
        return self.get_response(request)
