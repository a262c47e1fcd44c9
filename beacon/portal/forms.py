"""The page edit form: an agency-scoped user can only file pages under agencies they reach."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from beacon.core import policy
from beacon.core.models import Agency


class ContentPageForm(WagtailAdminPageForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("agency")
        user = getattr(self, "for_user", None)
        if field is None or user is None:
            return
        reach = policy.agency_ids_for(user, "content", "write")
        if reach is not policy.ALL_AGENCIES:
            field.queryset = Agency.objects.filter(pk__in=reach)  # type: ignore[attr-defined]
            field.required = True

    def clean_agency(self) -> Agency | None:
        agency = self.cleaned_data.get("agency")
        user = getattr(self, "for_user", None)
        if (
            user is not None
            and agency is not None
            and not policy.can(user, "content", "write", agency)
        ):
            raise ValidationError(_("You cannot file pages under this agency."))
        return agency
