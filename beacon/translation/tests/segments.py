"""A translator's work in tests: every segment pre-translation left empty, filled in."""

from __future__ import annotations

from typing import Any

from wagtail_localize.models import StringSegment, Translation

from beacon.translation.actions import do_save_segments


def fill_untranslated(translation: Translation, translator: Any) -> None:
    """Write "[<language>] <source text>" into each segment that has no translation yet."""
    language = translation.target_locale.language_code
    segments = (
        StringSegment.objects.filter(source=translation.source)
        .annotate_translation(translation.target_locale)
        .select_related("string")
    )
    texts = {
        (s.string_id, s.context_id): f"[{language}] {s.string.data}"
        for s in segments
        if s.translation is None
    }
    do_save_segments(translation, texts, acting_user=translator)
