"""Wagtail's page permission policy, narrowed to the pages of agencies a person may read."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from wagtail.permission_policies.pages import PagePermissionPolicy

from beacon.portal.access import hidden_page_ids


class AgencyPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's listings of pages leave out the pages of agencies the person may not read.

    Wagtail's page listings (the explorer, search, the page-type usage screens, the reports,
    site history, the choosers) ask the page policy which pages a person works on. Officers
    hold Wagtail's "change" on the whole tree (the agency is Beacon's check), so without this
    every district's drafts would be listed to every district.
    """

    def instances_user_has_any_permission_for(self, user: Any, actions: Iterable[str]) -> QuerySet:
        pages = super().instances_user_has_any_permission_for(user, actions)
        hidden = hidden_page_ids(user)
        return pages.exclude(pk__in=hidden) if hidden else pages

    def explorable_instances(self, user: Any) -> QuerySet:
        pages = super().explorable_instances(user)
        hidden = hidden_page_ids(user)
        return pages.exclude(pk__in=hidden) if hidden else pages
