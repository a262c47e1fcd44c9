"""The translation line on the admin dashboard: translations waiting for this translator."""

from __future__ import annotations

from django.db.models import F, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail_localize.models import Translation

from beacon.core import policy
from beacon.core.dashboard import Line, register
from beacon.translation.access import languages_of


def waiting_for(user: object) -> int:
    """Translations in the user's languages not approved, or approved before the source changed."""
    if not policy.can(user, "translation", "write"):  # type: ignore[arg-type]
        return 0
    languages = languages_of(user)  # type: ignore[arg-type]
    translations = Translation.objects.filter(enabled=True)
    if languages is not None:
        translations = translations.filter(target_locale__language_code__in=languages)
    pending = (
        Q(beacon_review__isnull=True)
        | Q(beacon_review__approved_at__isnull=True)
        | Q(beacon_review__approved_source_at__lt=F("source__last_updated_at"))
    )
    return translations.filter(pending).count()


@register
def translation_lines(request: HttpRequest) -> list[Line]:
    count = waiting_for(request.user)
    if not count:
        return []
    return [Line(_("translations wait for you"), reverse("translation_status"), count, "warning")]
