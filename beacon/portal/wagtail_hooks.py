"""Agency scoping of pages in the admin, and translations requested when a source page is saved.

Wagtail's page permissions (given to each role's group in setup.py) open the editor; these
hooks narrow it to the pages of the agencies a person reaches (policy area "content").
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from kombu.exceptions import OperationalError
from wagtail import hooks
from wagtail.models import Page

from beacon.portal.access import can_edit_page, hidden_page_ids
from beacon.portal.models import ContentPage

logger = logging.getLogger(__name__)


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
