"""Who may edit which page: the page's agency against the user's reach in the "content" area."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wagtail.models import Page

from beacon.core import policy

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from beacon.core.models import Agency


def page_agency_id(page: Page) -> int | None:
    return getattr(page.specific_deferred, "agency_id", None)


def can_edit_page(user: User | AnonymousUser, page: Page) -> bool:
    """Pages of the whole office (no agency) are edited only by those who reach every agency."""
    reach = policy.agency_ids_for(user, "content", "write")
    if reach is policy.ALL_AGENCIES:
        return True
    agency_id = page_agency_id(page)
    return agency_id is not None and agency_id in reach


def hidden_page_ids(user: User | AnonymousUser) -> set[int]:
    """Pages of agencies the user may not read (drafts of another district, for instance)."""
    from beacon.portal.models import ContentPage

    reach = policy.agency_ids_for(user, "content", "read")
    if reach is policy.ALL_AGENCIES:
        return set()
    hidden: set[int] = set()
    for model in _content_models(ContentPage):
        rows = model.objects.exclude(agency_id__isnull=True).exclude(agency_id__in=reach)
        hidden.update(rows.values_list("pk", flat=True))
    return hidden


def _content_models(base: Any) -> list[Any]:
    from django.apps import apps

    # Every app's page types that derive from ContentPage (fact checks live in factbase).
    return [
        model for model in apps.get_models() if issubclass(model, base) and not model._meta.proxy
    ]


def home_agency_for(user: User | AnonymousUser) -> Agency | None:
    """The agency a new page of this author belongs to unless they pick another.

    The agency where the author holds a role that writes content; with several, the widest
    role first (an editor of the department before an officer of a district), then the agency
    highest in the tree (a department before its units), then the oldest membership. An author
    whose roles write no content falls back on any agency of theirs.
    """
    from beacon.core.models import Agency, Membership

    if not user.is_authenticated:
        return None
    memberships = list(
        Membership.objects.filter(user_id=user.pk).select_related("agency").order_by("created_at")
    )
    parents = dict(Agency.objects.values_list("pk", "parent_id"))

    def rank(membership: Membership) -> tuple[int, int]:
        scope = policy.rule_for("content", membership.role).write
        depth, parent = 0, parents.get(membership.agency_id)
        while parent is not None and depth < len(parents):
            depth, parent = depth + 1, parents.get(parent)
        return (-int(scope), depth)

    memberships.sort(key=rank)  # stable: the oldest first among equals
    return memberships[0].agency if memberships else None
