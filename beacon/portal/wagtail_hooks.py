"""Agency scoping of pages in the admin, and translations requested when a source page is saved.

Wagtail's page permissions (given to each role's group in setup.py) open the editor; these
hooks narrow it to the pages of the agencies a person reaches (policy area "content").
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page
from wagtail.permissions import register_permission_policy

from beacon.core import policy
from beacon.core.guard import register_route_check, register_url_object
from beacon.portal import admin_urls
from beacon.portal.access import (
    can_edit_page,
    can_read_page,
    get_page_for_user,
    get_parent_page_for_user,
    hidden_page_ids,
    reads_every_agencys_pages,
)
from beacon.portal.models import ContentPage
from beacon.portal.permissions import AgencyPagePermissionPolicy

logger = logging.getLogger(__name__)

register_permission_policy(Page, AgencyPagePermissionPolicy(Page))
# Wagtail's page-type report names the last edited page of every type, whichever agency's.
for _name in ("page_types_usage", "page_types_usage_results"):
    register_route_check(f"wagtailadmin_reports:{_name}", reads_every_agencys_pages)

# Every admin route that names a page (Wagtail's page screens, its admin API, wagtail-localize's
# page routes, form submissions, workflows) asks the page's access function.
for _kwarg in ("page_id", "page_to_move_id", "page_pk"):
    register_url_object(_kwarg, get_page_for_user)
for _kwarg in ("parent_page_id", "destination_id"):
    register_url_object(_kwarg, get_parent_page_for_user, written=False)
for _namespace in ("wagtailadmin_pages", "wagtailadmin_api:pages"):
    register_url_object("pk", get_page_for_user, namespace=_namespace)


@hooks.register("before_edit_page")
def refuse_other_agencies(request: HttpRequest, page: Page) -> None:
    task = page.current_workflow_task
    if task is not None and task.specific.user_can_access_editor(page, request.user):
        return
    if not can_edit_page(request.user, page):
        raise PermissionDenied


@hooks.register("before_copy_page")
def refuse_a_copy_without_destination(request: HttpRequest, page: Page) -> HttpResponse | None:
    """Wagtail's copy view reads ``new_parent_page`` before its form checks it (a 500)."""
    if request.method != "POST":
        return None
    value = request.POST.get("new_parent_page", "")
    parent = Page.objects.filter(pk=int(value)).first() if value.isdigit() else None
    if parent is None or not can_read_page(request.user, parent):
        return HttpResponseBadRequest(_("Choose the page to copy this page under."))
    return None


@hooks.register("construct_explorer_page_queryset")
def hide_other_agencies(parent_page: Page, pages: Any, request: HttpRequest) -> Any:
    hidden = hidden_page_ids(request.user)
    return pages.exclude(pk__in=hidden) if hidden else pages


def _request_translations(request: HttpRequest, page: Page) -> None:
    from beacon.translation.actions import target_locales
    from beacon.translation.tasks import request_translations

    if not isinstance(page.specific, ContentPage) or page.depth <= 2:
        return
    if page.locale_id in {locale.pk for locale in target_locales()}:
        return
    page_id, user_id = page.pk, request.user.pk

    def enqueue() -> None:
        # The page is saved whatever happens here: a broker that does not answer must not turn
        # the editor's save into an error, so fail fast and say so in the log.
        try:
            request_translations.apply_async((page_id, user_id), retry=False)
        except OperationalError:
            logger.warning("broker unreachable: translations of page %s not requested", page_id)

    transaction.on_commit(enqueue)


hooks.register("after_create_page", _request_translations)
hooks.register("after_edit_page", _request_translations)


@hooks.register("register_admin_urls")
def register_portal_admin_urls() -> list[Any]:
    return [path("", include(admin_urls))]


class _TranslationStatusMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return policy.can(request.user, "translation", "read")


@hooks.register("register_admin_menu_item")
def translation_status_menu_item() -> MenuItem:
    return _TranslationStatusMenuItem(
        _("Translation status"), reverse("translation_status"), icon_name="globe", order=300
    )
