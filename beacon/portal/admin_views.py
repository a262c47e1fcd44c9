"""The portal's staff screens: the translation status board of its pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from beacon.core import policy
from beacon.portal import translation_status
from beacon.portal.access import can_edit_page
from beacon.translation.access import can_read_item
from beacon.translation.actions import target_locales


def translation_status_board(request: HttpRequest) -> HttpResponse:
    """Every source page by every target language, for translators and the office."""
    if not policy.can(request.user, "translation", "read"):
        raise PermissionDenied
    locales = target_locales()
    language = request.GET.get("language", "")
    shown = [locale for locale in locales if locale.language_code == language] or locales
    page = Paginator(translation_status.source_pages(request.user), 50).get_page(
        request.GET.get("page")
    )
    rows = translation_status.board(list(page.object_list), shown)
    for row in rows:
        specific = row.page.specific
        row.can_edit = specific.permissions_for_user(request.user).can_edit() and can_edit_page(
            request.user, row.page
        )
        row.can_review = can_read_item(request.user, getattr(specific, "agency", None))
    return TemplateResponse(
        request,
        "portal/admin/translation_status.html",
        {
            "header_title": _("Translation status"),
            "page_title": _("Translation status"),
            "header_icon": "globe",
            "locales": shown,
            "all_locales": locales,
            "language": language,
            "rows": rows,
            "page_obj": page,
            "backlog": translation_status.backlog(rows),
            "statuses": translation_status.Status,
        },
    )
