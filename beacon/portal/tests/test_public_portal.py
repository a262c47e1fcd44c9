"""The public portal for an anonymous reader: languages, markup, feeds, sitemap, search, privacy."""

from __future__ import annotations

import json
import re
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from django.test import Client

ATOM = "{http://www.w3.org/2005/Atom}"


def _page(published: Any, language: str, name: str = "article") -> Any:
    return getattr(published, name).get_translation(_locale(language)).specific


def _locale(language: str) -> Any:
    from wagtail.models import Locale

    return Locale.objects.get(language_code=language)


def _xml(response: Any) -> ET.Element:
    """Parse the portal's own XML (feeds, sitemap) as a reader would."""
    assert response.status_code == 200
    return ET.fromstring(response.content)  # noqa: S314  (our own output, not untrusted input)


def _json_ld(html: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert match is not None
    return json.loads(match.group(1))


def test_it_sets_no_cookie_on_any_public_page(published: Any) -> None:
    client = Client()
    fr = _page(published, "fr")
    paths = [
        "/vi/", "/en/", "/fr/", published.article.url, fr.url, published.document.url,
        published.document.get_parent().url, "/fr/feeds/news.rss", "/en/feeds/news.atom",
        "/vi/feeds/news.json", "/fr/search/?q=poterie", "/sitemap.xml", "/robots.txt",
    ]  # fmt: skip
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Set-Cookie" not in response.headers, path
        assert not response.cookies, path


def test_it_sends_the_reader_to_their_language_from_the_root(published: Any) -> None:
    response = Client().get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"
    assert not response.cookies


def test_it_links_each_language_version_with_hreflang_and_the_switcher(published: Any) -> None:
    html = Client().get(_page(published, "en").url).content.decode()
    assert '<html lang="en">' in html
    for language in ("vi", "en", "fr"):
        assert f'rel="alternate" hreflang="{language}"' in html
    assert 'hreflang="x-default" href="http://testserver/vi/' in html
    switcher = html[html.index('class="languages"') :].split("</nav>")[0]
    assert 'href="/fr/actualites/bat-trang-poterie/"' in switcher
    assert 'aria-current="true"' in switcher
    assert "Visitors can shape their own pottery." in html


def test_it_describes_an_article_with_schema_org_and_open_graph(published: Any) -> None:
    html = Client().get(_page(published, "fr").url).content.decode()
    data = _json_ld(html)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Le village de Bat Trang accueille les visiteurs"
    assert data["inLanguage"] == "fr"
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:locale" content="fr_FR">' in html
    assert 'property="og:description" content="Un village de potiers' in html


def test_it_marks_up_events_documents_and_the_home_page(published: Any) -> None:
    client = Client()
    assert _json_ld(client.get(published.event.url).content.decode())["@type"] == "Event"
    document = _json_ld(client.get(published.document.url).content.decode())
    assert document["@type"] == "Legislation"
    assert document["legislationIdentifier"] == "25/KH-UBND"
    assert document["legislationLegalForce"] == "https://schema.org/InForce"
    home = _json_ld(client.get("/en/").content.decode())
    assert home["@type"] == "GovernmentService"


def test_it_publishes_rss_atom_and_json_feed_per_language(published: Any) -> None:
    client = Client()
    rss = _xml(client.get("/fr/feeds/news.rss"))
    assert rss.findtext("channel/language") == "fr"
    assert [item.findtext("title") for item in rss.iter("item")] == [
        "Le village de Bat Trang accueille les visiteurs"
    ]
    atom = _xml(client.get("/en/feeds/news.atom"))
    assert (
        atom.findtext(f"{ATOM}entry/{ATOM}title") == "Bat Trang pottery village welcomes visitors"
    )
    response = client.get("/vi/feeds/news.json")
    assert response["Content-Type"].startswith("application/feed+json")
    feed = json.loads(response.content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["items"][0]["title"] == "Làng gốm Bát Tràng mở cửa đón khách"
    assert feed["items"][0]["tags"] == ["Di sản"]
    assert client.get("/fr/feeds/news.xml").status_code == 404


def test_it_publishes_a_feed_per_theme(published: Any, newsroom: Any) -> None:
    from beacon.portal.models import NewsArticlePage

    other = NewsArticlePage(title="Tin khác", slug="tin-khac", body="<p>Không thuộc chủ đề.</p>")
    newsroom.tree.sections["news"].add_child(instance=other)
    other.save_revision().publish()
    client = Client()
    theme_fr = _page(published, "fr", "theme")
    feed = _xml(client.get(f"/fr/feeds/theme/{theme_fr.slug}.atom"))
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]
    assert titles == ["Le village de Bat Trang accueille les visiteurs"]
    all_vi = json.loads(client.get("/vi/feeds/news.json").content)
    assert {item["title"] for item in all_vi["items"]} == {
        "Tin khác", "Làng gốm Bát Tràng mở cửa đón khách"
    }  # fmt: skip
    assert client.get("/fr/feeds/theme/nothing.rss").status_code == 404


def test_it_lists_pages_with_their_other_languages_in_the_sitemap(published: Any) -> None:
    sitemap = _xml(Client().get("/sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    entries = {url.findtext("s:loc", namespaces=ns): url for url in sitemap.findall("s:url", ns)}
    article = entries["http://testserver/en/news/bat-trang-pottery/"]
    alternates = {link.get("hreflang"): link.get("href") for link in article.findall("x:link", ns)}
    assert alternates["fr"] == "http://testserver/fr/actualites/bat-trang-poterie/"
    assert alternates["vi"] == "http://testserver/vi/tin-tuc/bat-trang/"
    assert "/admin/" in Client().get("/robots.txt").content.decode()


def test_it_searches_in_the_readers_language(published: Any) -> None:
    client = Client()
    french = client.get("/fr/search/?q=potiers").content.decode()
    assert "Le village de Bat Trang accueille les visiteurs" in french
    assert "Làng gốm" not in french.split("<main")[1]
    english = client.get("/en/search/?q=potiers").content.decode()
    assert "Nothing found" in english


def test_it_searches_whatever_the_reader_types(published: Any) -> None:
    client = Client()
    for query in ('"', 'a"b', "\x00", "potiers\x00", '"potiers', "NEAR(", "*", "-", "a OR", "'"):
        response = client.get("/fr/search/", {"q": query})
        assert response.status_code == 200, repr(query)
    quoted = client.get("/fr/search/", {"q": '"potiers"'}).content.decode()
    assert "Le village de Bat Trang accueille les visiteurs" in quoted


def test_it_filters_the_document_library_by_status(published: Any) -> None:
    library = published.document.get_parent().url
    client = Client()
    assert "25/KH-UBND" in client.get(library + "?status=in_force").content.decode()
    assert "25/KH-UBND" not in client.get(library + "?status=expired").content.decode()


@pytest.mark.parametrize("seconds", [60])
def test_it_answers_readers_from_the_cache_until_something_is_published(
    published: Any, settings: Any, seconds: int
) -> None:
    from django.core.cache import cache

    cache.clear()
    settings.BEACON_PAGE_CACHE_SECONDS = seconds
    client = Client()
    url = published.article.url
    first = client.get(url)
    assert f"max-age={seconds}" in first["Cache-Control"]
    type(published.article).objects.filter(pk=published.article.pk).update(title="Đổi tên")
    assert client.get(url).content == first.content
    published.article.refresh_from_db()
    published.article.save_revision().publish()
    assert "Đổi tên" in client.get(url).content.decode()


def test_it_leaves_a_missing_admin_or_document_address_a_404(published: Any) -> None:
    client = Client()
    assert client.get("/documents/999999/missing.pdf").status_code == 404
    assert client.get("/healthz/nothing").status_code == 404
    missing = client.get("/nothing-here/")
    assert missing.status_code == 302 and missing["Location"].endswith("/nothing-here/")
