"""Who may read and edit which page: the page's agency against the user's reach ("content").

``get_page_for_user`` is the one access function of pages: every admin route that names a page
asks it (``beacon.core.guard.AdminObjectGuardMiddleware``, registered in ``wagtail_hooks``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from wagtail.models import Page

from beacon.core import policy
from beacon.core.policy import Rule, Scope
from beacon.core.roles import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from beacon.core.models import Agency

# Pages belong to an agency. Officers propose pages of their own agency; the office's editors
# take every proposal from there; translators and reviewers read everything. "approval" is
# approving a page for publication (the review task of the workflow).
AREAS = {
    "content": {
        Role.COORDINATOR: Rule(Scope.ALL, Scope.ALL),
        Role.EDITOR: Rule(Scope.ALL, Scope.ALL),
        Role.OFFICER: Rule(Scope.OWN, Scope.OWN),
        Role.ANALYST: Rule(Scope.ALL, Scope.OWN),
        Role.TRANSLATOR: Rule(Scope.ALL, Scope.NONE),
        Role.REVIEWER: Rule(Scope.ALL, Scope.NONE),
        Role.VIEWER: Rule(Scope.ALL, Scope.NONE),
    },
    "approval": {
        Role.COORDINATOR: Rule(Scope.ALL, Scope.ALL),
        Role.REVIEWER: Rule(Scope.ALL, Scope.ALL),
    },
}


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


def reads_every_agencys_pages(user: User | AnonymousUser) -> bool:
    return policy.agency_ids_for(user, "content", "read") is policy.ALL_AGENCIES


def can_read_page(user: User | AnonymousUser, page: Page) -> bool:
    """Pages of the whole office are read by all; an agency's pages by those who reach it."""
    agency_id = page_agency_id(page)
    if agency_id is None:
        return True
    reach = policy.agency_ids_for(user, "content", "read")
    return reach is policy.ALL_AGENCIES or agency_id in reach


def can_write_page(user: User | AnonymousUser, page: Page) -> bool:
    """May the user change the page (edit, lock, move, publish, act on its workflow…)?

    A translated copy is the translators' work (their language, the page's agency); a page
    waiting on a workflow task is open to whoever the task lets in (the agency's reviewer);
    any other page to those who may edit the agency's pages.
    """
    from beacon.translation.access import can_translate, translation_of

    translation = translation_of(page)
    if translation is not None:
        return can_translate(user, translation)
    task = page.current_workflow_task
    if task is not None and task.specific.user_can_access_editor(page, user):
        return True
    return can_edit_page(user, page)


def get_page_for_user(user: User | AnonymousUser, pk: int, *, write: bool = False) -> Page:
    page = Page.objects.filter(pk=pk).first()
    if page is None:
        raise Http404
    if not can_read_page(user, page):
        raise Http404
    if write and not can_write_page(user, page):
        raise PermissionDenied
    return page


def get_parent_page_for_user(user: User | AnonymousUser, pk: int, *, write: bool = False) -> Page:
    """A page under which something is added, moved or listed: reading it is enough.

    Whether the new or moved page may belong to the chosen agency is the page form's and the
    moved page's own check.
    """
    return get_page_for_user(user, pk)


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
