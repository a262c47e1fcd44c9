"""Admin screens of translation: the segment-by-segment review.

The status board lists portal pages, so it is the portal's (``portal/admin_views.py``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail_localize.models import StringSegment
from wagtail_localize.views import edit_translation

from beacon.translation import actions
from beacon.translation.access import can_translate, get_translation_for_user
from beacon.translation.models import SegmentSuggestion


@require_POST
def upload_pofile(request: HttpRequest, translation_id: int) -> HttpResponse:
    """wagtail-localize's PO upload, which reads ``request.FILES["file"]`` unchecked (a 500)."""
    if "file" not in request.FILES:
        return HttpResponseBadRequest(_("Choose a PO file to upload."))
    response: HttpResponse = edit_translation.upload_pofile(request, translation_id)
    return response


def _field_label(model: Any, path: str) -> str:
    """The field a segment belongs to, as the editor names it (``body.3`` → "Body")."""
    name = path.split(".", 1)[0]
    try:
        return capfirst(str(model._meta.get_field(name).verbose_name))
    except FieldDoesNotExist:
        return path


def _segment_rows(translation: Any, model: Any) -> list[dict[str, Any]]:
    """The segments a translator works on, with their help; the slug follows the title."""
    segments = list(
        StringSegment.objects.filter(source=translation.source)
        .exclude(context__path=actions.SLUG_PATH)
        .annotate_translation(translation.target_locale, include_errors=True)
        .select_related("string", "context")
        .order_by("order")
    )
    notes = {
        (note.string_id, note.context_id): note
        for note in SegmentSuggestion.objects.filter(translation=translation)
    }
    helps = actions.segment_help(translation, [segment.string.data for segment in segments])
    return [
        {
            "key": f"{segment.string_id}-{segment.context_id}",
            "field": _field_label(model, segment.context.path),
            "source": segment.string.data,
            "target": segment.translation or "",
            "note": notes.get((segment.string_id, segment.context_id)),
            "help": help_,
        }
        for segment, help_ in zip(segments, helps, strict=True)
    ]


def review(request: HttpRequest, pk: int) -> HttpResponse:
    translation = get_translation_for_user(request.user, pk, write=request.method == "POST")
    if request.method == "POST":
        texts: dict[tuple[int, int], str] = {}
        for name in request.POST:
            if name.startswith("segment-"):
                string_id, _sep, context_id = name.removeprefix("segment-").partition("-")
                if string_id.isdigit() and context_id.isdigit():
                    texts[(int(string_id), int(context_id))] = request.POST.get(name, "")
        changed = actions.do_save_segments(translation, texts, acting_user=request.user)
        if "approve" in request.POST:
            try:
                actions.do_approve_translation(translation, acting_user=request.user)
            except ValidationError as exc:
                messages.error(request, exc.messages[0])
                return redirect("translation_review", pk=pk)
            messages.success(request, _("Translation approved."))
            return redirect("translation_status")
        messages.success(request, _("%(count)d segments saved.") % {"count": changed})
        return redirect("translation_review", pk=pk)
    source_page = translation.source.get_source_instance()
    title: str = _("%(title)s in %(language)s") % {
        "title": source_page.title,
        "language": translation.target_locale.get_display_name(),
    }
    return TemplateResponse(
        request,
        "translation/review.html",
        {
            "header_title": title,
            "page_title": title,
            "header_icon": "globe",
            "translation": translation,
            "source_page": source_page,
            "segments": _segment_rows(translation, type(source_page)),
            "can_edit": can_translate(request.user, translation),
            "review": getattr(translation, "beacon_review", None),
        },
    )
