"""Setting up the portal: locales, one home page tree per language, the workflow, permissions.

Idempotent: running it again creates only what is missing. Called by the demo loader and by
tests; an installation runs it once with ``beacon set_up_portal``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from anyascii import anyascii
from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from beacon.core.actions import role_group
from beacon.core.city import get_city_profile
from beacon.core.roles import Role
from beacon.portal.models import (
    DocumentLibraryPage,
    EventIndexPage,
    HomePage,
    NewsIndexPage,
    ThemeIndexPage,
)
from beacon.portal.workflow import ReviewerApprovalTask, TranslationsApprovedTask

# Titles of the structural pages in each working language (content pages are translated
# through the workflow; these few are part of the portal's frame).
SECTION_TITLES: dict[str, dict[str, str]] = {
    "home": {
        "vi": "Cổng thông tin đối ngoại", "en": "External information portal",
        "fr": "Portail d'information", "zh": "对外信息门户", "ja": "対外情報ポータル",
        "ko": "대외 정보 포털", "ru": "Информационный портал",
    },
    "news": {
        "vi": "Tin tức", "en": "News", "fr": "Actualités", "zh": "新闻", "ja": "ニュース",
        "ko": "뉴스", "ru": "Новости",
    },
    "events": {
        "vi": "Sự kiện", "en": "Events", "fr": "Événements", "zh": "活动", "ja": "イベント",
        "ko": "행사", "ru": "События",
    },
    "themes": {
        "vi": "Chủ đề", "en": "Themes", "fr": "Thèmes", "zh": "主题", "ja": "テーマ",
        "ko": "주제", "ru": "Темы",
    },
    "documents": {
        "vi": "Văn bản", "en": "Documents", "fr": "Documents", "zh": "文件", "ja": "文書",
        "ko": "문서", "ru": "Документы",
    },
}  # fmt: skip
SECTIONS = [
    ("news", "tin-tuc", NewsIndexPage),
    ("events", "su-kien", EventIndexPage),
    ("themes", "chu-de", ThemeIndexPage),
    ("documents", "van-ban", DocumentLibraryPage),
]

# Wagtail page permissions of each role's group, on the root (every language's tree).
# Agency scoping on top of these is in wagtail_hooks.py. Wagtail publishes a page at the end of
# its workflow with the last approver's rights, so reviewers hold "publish" but not "change":
# they open the editor only while a page waits for them (ReviewerApprovalTask), never their own.
PAGE_PERMISSIONS: dict[str, list[str]] = {
    Role.COORDINATOR: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    Role.REVIEWER: ["publish_page"],
    Role.EDITOR: ["add_page", "change_page"],
    Role.OFFICER: ["add_page", "change_page"],
    Role.ANALYST: ["add_page", "change_page"],
}
COLLECTION_PERMISSIONS: dict[str, list[str]] = {
    Role.COORDINATOR: ["add_image", "change_image", "choose_image", "add_document",
                       "change_document", "choose_document"],
    Role.EDITOR: ["add_image", "choose_image", "add_document", "choose_document"],
    Role.OFFICER: ["add_image", "choose_image", "add_document", "choose_document"],
    Role.ANALYST: ["choose_image", "choose_document"],
}  # fmt: skip


@dataclass
class PortalTree:
    home: HomePage
    sections: dict[str, Page]


def _title(section: str, language: str) -> str:
    titles = SECTION_TITLES[section]
    return titles.get(language, titles["en"])


def _ensure_locales() -> tuple[Locale, list[Locale]]:
    profile = get_city_profile()
    source_language = profile.source_language if profile else "vi"
    languages = [source_language, *(profile.target_languages if profile else ["en", "fr"])]
    configured = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
    locales = []
    for language in languages:
        if language in configured:
            locales.append(Locale.objects.get_or_create(language_code=language)[0])
    return locales[0], locales[1:]


def _tree_root() -> Page:
    """The page tree's root, made again if the database lost it.

    Wagtail's migrations create it; a database restored without it (or flushed, as transactional
    tests do) would otherwise leave the portal nowhere to go.
    """
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=Locale.get_default()))
    return root


def _collection_root() -> Collection:
    root = Collection.get_first_root_node()
    if root is None:
        root = Collection.add_root(name="Root")
    return root


def _home(source: Locale) -> HomePage:
    home = HomePage.objects.filter(locale=source, depth=2).first()
    if home is not None:
        return home
    root = _tree_root()
    home = HomePage(
        title=_title("home", source.language_code), slug="portal", locale=source, live=True
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    base = urlsplit(settings.BASE_URL)
    address = {
        "hostname": base.hostname or "localhost",
        "port": base.port or (443 if base.scheme == "https" else 80),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(root_page=home, is_default_site=True, **address)
    else:
        old_root = site.root_page
        site.root_page = home
        # Full URLs (feeds, sitemap, canonical links) use the public address of BEACON_BASE_URL.
        for name, value in address.items():
            setattr(site, name, value)
        site.save()
        # Wagtail's own "Welcome to your new Wagtail site!" page has no place in the portal.
        if old_root.pk != home.pk and old_root.specific_class is Page and not old_root.numchild:
            old_root.delete()
    return home


def _translated(page: Page, locale: Locale, section: str) -> Page:
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing
    copy = page.copy_for_translation(locale)
    copy.title = _title(section, locale.language_code)
    if page.depth > 2:
        copy.slug = slugify(anyascii(copy.title)) or copy.slug
    copy.save()
    copy.save_revision().publish()
    return copy


def _permissions() -> None:
    root = _tree_root()
    for role, codenames in PAGE_PERMISSIONS.items():
        group = role_group(role)
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=root,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
    collection = _collection_root()
    for role, codenames in COLLECTION_PERMISSIONS.items():
        group = role_group(role)
        for codename in codenames:
            app_label = "wagtailimages" if codename.endswith("image") else "wagtaildocs"
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=collection,
                permission=Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                ),
            )


DEFAULT_NAMES = {
    "workflow": ("Publication", gettext_lazy("Publication")),
    "translations": ("Translations approved", gettext_lazy("Translations approved")),
    "review": ("Reviewer approval", gettext_lazy("Reviewer approval")),
}
"""The workflow's and its tasks' names: English as first stored, and as shown to the office.

Wagtail shows these names as they are stored ("Submit to Publication"), so they are written
in the city's source language, the language the office works in; an installation set up
before keeps its English defaults only until ``set_up_portal`` runs again.
"""


def _name(key: str, language: str) -> str:
    with translation.override(language):
        return str(DEFAULT_NAMES[key][1])


def _rename_english_default(obj: Any, key: str, language: str) -> None:
    if obj.name == DEFAULT_NAMES[key][0]:
        obj.name = _name(key, language)
        obj.save(update_fields=["name"])


def _workflow(home: HomePage, language: str) -> Workflow:
    """The publication workflow, found by its first task's type (its name is the office's)."""
    workflow = Workflow.objects.filter(
        workflow_tasks__task__in=TranslationsApprovedTask.objects.all()
    ).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=_name("workflow", language), active=True)
        translations = TranslationsApprovedTask.objects.create(name=_name("translations", language))
        review = ReviewerApprovalTask.objects.create(name=_name("review", language))
        WorkflowTask.objects.create(workflow=workflow, task=translations, sort_order=0)
        WorkflowTask.objects.create(workflow=workflow, task=review, sort_order=1)
    _rename_english_default(workflow, "workflow", language)
    for task in TranslationsApprovedTask.objects.all():
        _rename_english_default(task, "translations", language)
    for task in ReviewerApprovalTask.objects.all():
        _rename_english_default(task, "review", language)
    WorkflowPage.objects.get_or_create(page=home, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def do_set_up_portal() -> PortalTree:
    source, targets = _ensure_locales()
    home = _home(source)
    sections: dict[str, Page] = {}
    for key, slug, model in SECTIONS:
        section = model.objects.child_of(home).first()
        if section is None:
            section = model(
                title=_title(key, source.language_code), slug=slug, live=True, show_in_menus=True
            )
            home.add_child(instance=section)
            section.save_revision().publish()
        sections[key] = section
    for locale in targets:
        _translated(home, locale, "home")
        for key, _slug, _model in SECTIONS:
            _translated(sections[key], locale, key)
    _permissions()
    _workflow(home, source.language_code)
    return PortalTree(home, sections)
