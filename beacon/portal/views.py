"""The portal's views besides Wagtail's pages: search per language, sitemap, robots.txt."""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page

from beacon.portal.seo import locale_meta

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


_WORD = re.compile(r"\w+")


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Public pages of the active language containing the words asked for.

    Only the words go to the search backend: its query languages (SQLite FTS5, PostgreSQL
    tsquery) give quotes, NUL and operators a meaning of their own and fail on a stray one,
    while the index holds words alone anyway.
    """
    query = request.GET.get("q", "").strip()[:200]
    results = None
    if query:
        pages = Page.objects.live().public().filter(locale=Locale.get_active()).specific()
        words = " ".join(_WORD.findall(query))
        found = pages.search(words) if words else pages.none()
        results = Paginator(found, 10).get_page(request.GET.get("page"))
    meta = locale_meta(request, _("Search"))
    return render(request, "portal/search.html", {"query": query, "results": results, "meta": meta})


@require_GET
def sitemap(request: HttpRequest) -> HttpResponse:
    """Every public page, each with its other languages as hreflang alternates."""
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    pages = Page.objects.live().public().filter(depth__gt=1).select_related("locale")
    by_key: dict[object, list[tuple[str, str, Page]]] = {}
    for page in pages.order_by("path"):
        url = page.get_full_url(request)
        if url:
            by_key.setdefault(page.translation_key, []).append(
                (page.locale.language_code, url, page)
            )
    for versions in by_key.values():
        for _language, url, page in versions:
            entry = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
            ET.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = url
            if page.last_published_at:
                ET.SubElement(
                    entry, f"{{{SITEMAP_NS}}}lastmod"
                ).text = page.last_published_at.date().isoformat()
            if len(versions) > 1:
                for other_language, other_url, _other in versions:
                    ET.SubElement(
                        entry,
                        f"{{{XHTML_NS}}}link",
                        {"rel": "alternate", "hreflang": other_language, "href": other_url},
                    )
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return HttpResponse(body, content_type="application/xml; charset=utf-8")


@require_GET
def robots(request: HttpRequest) -> HttpResponse:
    sitemap_url = request.build_absolute_uri("/sitemap.xml")
    lines = ["User-agent: *", "Disallow: /admin/", "Allow: /", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
