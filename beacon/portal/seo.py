"""What a public page says about itself to browsers, search engines and social networks.

One function builds it for every page: title and description, canonical address, the same page
in the other languages (hreflang, and the language switcher), Open Graph tags, feeds, and the
schema.org JSON-LD (NewsArticle, Article, Event, Legislation, GovernmentService).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Locale, Page

from beacon.core.city import get_city_profile
from beacon.lib.sanitise import plain_text

OG_LOCALES = {
    "vi": "vi_VN", "en": "en_GB", "fr": "fr_FR", "zh": "zh_CN", "ja": "ja_JP", "ko": "ko_KR",
    "ru": "ru_RU",
}  # fmt: skip


@dataclass
class LanguageLink:
    code: str
    name: str
    url: str
    current: bool
    translated: bool
    full_url: str = ""


@dataclass
class PageMeta:
    title: str
    description: str
    url: str
    language: str
    site_name: str
    languages: list[LanguageLink]
    alternates: list[tuple[str, str]]
    feeds: dict[str, str]
    home_url: str = "/"
    sections: list[dict[str, Any]] = field(default_factory=list)
    agency: str = ""
    og: dict[str, str] = field(default_factory=dict)

    @property
    def other_languages(self) -> list[LanguageLink]:
        """The languages this very page is also published in (not just their home pages)."""
        return [link for link in self.languages if link.translated and not link.current]

    json_ld: SafeString = field(default_factory=lambda: mark_safe(""))


def site_name(language: str) -> str:
    from beacon.portal.setup import SECTION_TITLES

    profile = get_city_profile()
    city = profile.name_in(language) if profile else settings.WAGTAIL_SITE_NAME
    portal = SECTION_TITLES["home"].get(language, SECTION_TITLES["home"]["en"])
    return f"{city} · {portal}"


def _iso(value: Any) -> str:
    """Dates and times in ISO 8601, as schema.org expects; anything else as text."""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _json_ld(data: dict[str, Any]) -> SafeString:
    # "<" is escaped so that no text inside can close the <script> element.
    text = json.dumps(data, ensure_ascii=False, default=_iso).replace("<", "\\u003c")
    return mark_safe(text)  # noqa: S308  (escaped above)


def _homes() -> dict[str, Page]:
    from beacon.portal.models import HomePage

    return {
        home.locale.language_code: home for home in HomePage.objects.live().select_related("locale")
    }


def feed_urls(language: str, theme_slug: str | None = None) -> dict[str, str]:
    with translation.override(language):
        if theme_slug:
            return {
                fmt: reverse("portal_theme_feed", kwargs={"slug": theme_slug, "fmt": fmt})
                for fmt in ("rss", "atom", "json")
            }
        return {fmt: reverse("portal_feed", kwargs={"fmt": fmt}) for fmt in ("rss", "atom", "json")}


def _sections(
    home: Page | None, request: HttpRequest, current: Page | None
) -> list[dict[str, Any]]:
    if home is None:
        return []
    current_path = current.path if current is not None else ""
    return [
        {
            "title": section.title,
            "url": section.get_url(request),
            "current": bool(current_path) and current_path.startswith(section.path),
        }
        for section in home.get_children().live().public().in_menu()
    ]


def language_links(page: Page | None, request: HttpRequest, language: str) -> list[LanguageLink]:
    """The same page in every content language, or that language's home where it is missing."""
    homes = _homes()
    translations: dict[str, tuple[str, str]] = {}
    if page is not None:
        for other in page.get_translations(inclusive=True).live().select_related("locale"):
            url = other.get_url(request)
            if url:
                full = other.get_full_url(request) or url
                translations[other.locale.language_code] = (url, full)
    links = []
    for code, name in settings.WAGTAIL_CONTENT_LANGUAGES:
        if code not in homes:
            continue
        url, full = translations.get(code) or (homes[code].get_url(request) or "/", "")
        links.append(LanguageLink(code, name, url, code == language, code in translations, full))
    return links


def _organisation(language: str, agency: Any = None) -> dict[str, Any]:
    profile = get_city_profile()
    city = profile.name_in(language) if profile else ""
    name = agency.public_name(language) if agency is not None else site_name(language)
    return {"@type": "GovernmentOrganization", "name": name, "areaServed": city}


def _schema(page: Page, request: HttpRequest, meta: PageMeta) -> dict[str, Any]:
    specific = page.specific
    language = meta.language
    agency = getattr(specific, "agency", None)
    base: dict[str, Any] = {"@context": "https://schema.org", "inLanguage": language}
    kind = getattr(specific, "schema_type", "")
    # Page types of other apps (fact checks) describe themselves.
    structured_data = getattr(specific, "structured_data", None)
    if structured_data is not None:
        return {**base, **structured_data(request, meta.url, language)}
    if kind in ("NewsArticle", "Article"):
        data = {
            "@type": kind,
            "headline": specific.title[:110],
            "description": meta.description,
            "datePublished": specific.first_published_at,
            "dateModified": specific.last_published_at,
            "mainEntityOfPage": meta.url,
            "author": _organisation(language, agency),
            "publisher": _organisation(language),
        }
        if meta.og.get("image"):
            data["image"] = [meta.og["image"]]
        return {**base, **data}
    if specific.specific_class.__name__ == "EventPage":
        return {
            **base,
            "@type": "Event",
            "name": specific.title,
            "description": meta.description,
            "startDate": specific.start,
            "endDate": specific.end or specific.start,
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "location": {
                "@type": "Place",
                "name": specific.venue,
                "address": specific.address or specific.venue,
            },
            "organizer": _organisation(language, agency),
            "url": meta.url,
        }
    if kind == "Legislation":
        force = {
            "in_force": "https://schema.org/InForce",
            "amended": "https://schema.org/PartiallyInForce",
        }.get(specific.status, "https://schema.org/NotInForce")
        return {
            **base,
            "@type": "Legislation",
            "name": specific.title,
            "legislationIdentifier": specific.number,
            "legislationDate": specific.signed_on,
            "legislationLegalForce": force,
            "legislationPassedBy": {
                "@type": "GovernmentOrganization",
                "name": specific.issuing_body,
            },
            "url": meta.url,
        }
    profile = get_city_profile()
    return {
        **base,
        "@type": "GovernmentService",
        "name": meta.site_name,
        "description": meta.description,
        "serviceType": "External information",
        "provider": _organisation(language),
        "areaServed": {"@type": "City", "name": profile.name_in(language) if profile else ""},
        "availableLanguage": [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES],
        "url": meta.url,
    }


def page_meta(page: Page, request: HttpRequest) -> PageMeta:
    specific = page.specific
    language = page.locale.language_code
    url = page.get_full_url(request) or ""
    description = (
        getattr(specific, "summary", "")
        or plain_text(str(getattr(specific, "intro", "") or getattr(specific, "body", "")))[:300]
    )
    links = language_links(page, request, language)
    alternates = [(link.code, link.full_url) for link in links if link.translated]
    # x-default: the version in the city's source language, which every other one comes from.
    profile = get_city_profile()
    source = profile.source_language if profile else Locale.get_default().language_code
    default = next((href for code, href in alternates if code == source), None)
    if default:
        alternates.append(("x-default", default))
    theme = specific if specific.specific_class.__name__ == "ThemePage" else None
    meta = PageMeta(
        title=specific.seo_title or specific.title,
        description=description,
        url=url,
        language=language,
        site_name=site_name(language),
        languages=links,
        alternates=alternates,
        feeds=feed_urls(language, theme.slug if theme is not None else None),
    )
    home = _homes().get(language)
    meta.home_url = home.get_url(request) if home else "/"
    meta.sections = _sections(home, request, page)
    agency = getattr(specific, "agency", None)
    meta.agency = agency.public_name(language) if agency is not None else ""
    meta.og = {
        "type": "article" if getattr(specific, "schema_type", "") else "website",
        "title": meta.title,
        "url": url,
        "site_name": meta.site_name,
        "locale": OG_LOCALES.get(language, language),
    }
    if description:
        meta.og["description"] = description
    image = getattr(specific, "image", None)
    if image is not None:
        rendition = image.get_rendition("fill-1200x630")
        site = page.get_site()
        root = site.root_url if site is not None else request.build_absolute_uri("/")
        meta.og["image"] = root.rstrip("/") + rendition.url
        meta.og["image:alt"] = image.description
    meta.json_ld = _json_ld(_schema(page, request, meta))
    return meta


def locale_meta(request: HttpRequest, title: str) -> PageMeta:
    """Meta for pages that are not Wagtail pages (search, errors): the locale's home links."""
    language = translation.get_language() or Locale.get_default().language_code
    homes = _homes()
    home = homes.get(language)
    links = language_links(home, request, language) if home else []
    return PageMeta(
        title=title,
        description="",
        url=request.build_absolute_uri(),
        language=language,
        site_name=site_name(language),
        languages=links,
        alternates=[],
        feeds=feed_urls(language),
        home_url=home.get_url(request) if home else "/",
        sections=_sections(home, request, None),
    )
