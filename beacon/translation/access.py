"""Who may work on a translation: by role and agency (policy) and by language (profile)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from wagtail_localize.models import Translation, TranslationSource

from beacon.core import policy
from beacon.core.policy import Rule, Scope
from beacon.core.roles import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

# Translating is the translators' work (in their languages, see TranslatorProfile); the
# coordinator may step in. Everyone else who works on content can follow the status. The term
# base ("glossary") is kept by translators and editors; anyone in content work reads it.
AREAS = {
    "translation": {
        Role.COORDINATOR: Rule(Scope.ALL, Scope.ALL),
        Role.TRANSLATOR: Rule(Scope.ALL, Scope.ALL),
        Role.EDITOR: Rule(Scope.ALL, Scope.NONE),
        Role.REVIEWER: Rule(Scope.ALL, Scope.NONE),
        Role.OFFICER: Rule(Scope.OWN, Scope.NONE),
    },
    "glossary": {
        Role.COORDINATOR: Rule(Scope.ALL, Scope.ALL),
        Role.TRANSLATOR: Rule(Scope.ALL, Scope.ALL),
        Role.EDITOR: Rule(Scope.ALL, Scope.ALL),
        Role.REVIEWER: Rule(Scope.ALL, Scope.NONE),
        Role.OFFICER: Rule(Scope.ALL, Scope.NONE),
        Role.ANALYST: Rule(Scope.ALL, Scope.NONE),
    },
}


def source_agency(translation: Translation) -> Any:
    """The agency that owns the translated item, or None for items of the whole office."""
    return source_agency_of(translation.source)


def source_agency_of(source: TranslationSource) -> Any:
    try:
        instance = source.get_source_instance()
    except ObjectDoesNotExist:
        return None
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


def translation_of(page: Any) -> Translation | None:
    """The translation that made this page, if it is a translated copy of another language's."""
    return (
        Translation.objects.select_related("source", "target_locale")
        .filter(source__object_id=page.translation_key, target_locale_id=page.locale_id)
        .exclude(source__locale_id=page.locale_id)
        .first()
    )


def get_translation_source_for_user(
    user: User | AnonymousUser, pk: int, *, write: bool = False
) -> TranslationSource:
    """A source and all its translations: updating them writes every language's translation."""
    source = TranslationSource.objects.filter(pk=pk).first()
    if source is None:
        raise Http404
    translations = list(source.translations.select_related("source", "target_locale"))
    if not _reaches(user, "read", source_agency_of(source)):
        raise Http404
    if write and not all(can_translate(user, translation) for translation in translations):
        raise PermissionDenied
    return source


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
