"""The page edit form: every page belongs to an agency, chosen among those the user reaches.

A new page starts under its author's agency (``home_agency_for``), so an author who never opens
the field still files the page somewhere. Whoever edits may move it to another agency they
reach: content writers the agencies they write for, reviewers the agencies they approve for.
A field left empty keeps the page's agency: a reviewer's decision (which submits the whole form)
and an autosave never clear or block on it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from beacon.core import policy
from beacon.core.models import Agency
from beacon.portal.access import home_agency_for


def _agency_reach(user: Any) -> set[int] | None:
    """Agencies the user may file a page under: where they write content or approve it."""
    reach: set[int] = set()
    for area in ("content", "approval"):
        ids = policy.agency_ids_for(user, area, "write")
        if ids is policy.ALL_AGENCIES:
            return policy.ALL_AGENCIES
        reach |= ids
    return reach


class ContentPageForm(WagtailAdminPageForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("agency")
        user = getattr(self, "for_user", None)
        if field is None or user is None:
            return
        field.required = False
        current = self.instance.agency_id
        if current is None and self.instance.pk is None:
            home = home_agency_for(user)
            if home is not None:
                self.initial["agency"] = home.pk
        reach = _agency_reach(user)
        if reach is not policy.ALL_AGENCIES:
            field.queryset = Agency.objects.filter(  # type: ignore[attr-defined]
                Q(pk__in=reach) | Q(pk=current)
            )

    def clean_agency(self) -> Agency | None:
        agency = self.cleaned_data.get("agency")
        user = getattr(self, "for_user", None)
        if user is None:
            return agency
        if agency is None:
            agency = self.instance.agency if self.instance.agency_id else home_agency_for(user)
        if agency is None:
            if _agency_reach(user) is policy.ALL_AGENCIES:
                return None
            raise ValidationError(_("Choose the agency this page belongs to."))
        if agency.pk == self.instance.agency_id:
            return agency
        reach = _agency_reach(user)
        if reach is not policy.ALL_AGENCIES and agency.pk not in reach:
            raise ValidationError(_("You cannot file pages under this agency."))
        return agency
