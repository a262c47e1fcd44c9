"""Agency scoping of pages in the admin, and translations requested when a source page is saved.

Wagtail's page permissions (given to each role's group in setup.py) open the editor; these
hooks narrow it to the pages of the agencies a person reaches (policy area "content").
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from wagtail import hooks
from wagtail.models import Page

from beacon.portal.access import can_edit_page, hidden_page_ids
from beacon.portal.models import ContentPage


@hooks.register("before_edit_page")
def refuse_other_agencies(request: HttpRequest, page: Page) -> None:
    task = page.current_workflow_task
    if task is not None and task.specific.user_can_access_editor(page, request.user):
        return
    if not can_edit_page(request.user, page):
        raise PermissionDenied


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
    transaction.on_commit(lambda: request_translations.delay(page_id, user_id))


hooks.register("after_create_page", _request_translations)
hooks.register("after_edit_page", _request_translations)
