"""Who may work on a translation: by role and agency (policy) and by language (profile)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from wagtail_localize.models import Translation

from beacon.core import policy
from beacon.core.roles import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def source_agency(translation: Translation) -> Any:
    """The agency that owns the translated item, or None for items of the whole office."""
    instance = translation.source.get_source_instance()
    return getattr(instance, "agency", None)


def languages_of(user: User | AnonymousUser) -> set[str] | None:
    """The languages a user translates into; None means every language (coordinators)."""
    if not user.is_authenticated:
        return set()
    if user.is_superuser or Role.COORDINATOR in policy.roles_of(user):
        return None
    profile = getattr(user, "translator_profile", None)
    return set(profile.languages) if profile is not None else set()


def _reaches(user: User | AnonymousUser, action: policy.Action, agency: Any) -> bool:
    """Items of the whole office (no agency) are for those who reach every agency."""
    if agency is None:
        return policy.agency_ids_for(user, "translation", action) is policy.ALL_AGENCIES
    return policy.can(user, "translation", action, agency)


def can_read_item(user: User | AnonymousUser, agency: Any) -> bool:
    """May the user open the translations of an item of this agency (None: the office's)?"""
    return _reaches(user, "read", agency)


def can_translate(user: User | AnonymousUser, translation: Translation) -> bool:
    languages = languages_of(user)
    if languages is not None and translation.target_locale.language_code not in languages:
        return False
    return _reaches(user, "write", source_agency(translation))


def get_translation_for_user(
    user: User | AnonymousUser, pk: int, *, write: bool = False
) -> Translation:
    translation = (
        Translation.objects.select_related("source", "target_locale", "source__locale")
        .filter(pk=pk, enabled=True)
        .first()
    )
    if translation is None:
        raise Http404
    if not _reaches(user, "read", source_agency(translation)):
        raise Http404
    if write and not can_translate(user, translation):
        raise PermissionDenied
    return translation
