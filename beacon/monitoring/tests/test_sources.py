"""Source kinds read real-shaped feeds and refuse hostile or broken ones with a reason."""

from __future__ import annotations

import json

import pytest

from beacon.monitoring.sources import REGISTRY, SourceFormatError, feed, page, sitemap
from beacon.monitoring.sources.base import MAX_ENTRIES
from beacon.monitoring.tests.conftest import DEMO_SITE

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>T</title>
<item><title>Hano\xc3\xaf sous la pluie</title>
<link>https://a.example/1</link><pubDate>Tue, 02 Sep 2025 08:00:00 GMT</pubDate>
<description>&lt;p&gt;Texte&lt;/p&gt;</description></item>
<item><title>Sans lien</title></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
<entry><title>Hanoi floods</title><link href="https://b.example/floods"/>
<updated>2025-09-02T08:00:00Z</updated><summary>Rain.</summary></entry></feed>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><item><title>&lol3;</title><link>https://c.example/</link></item>
</channel></rss>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><title>&xxe;</title><link>https://c.example/</link></item>
</channel></rss>"""


def test_it_reads_rss_with_dates_and_skips_entries_without_links() -> None:
    entries = feed.entries(RSS, "https://a.example/rss").entries
    assert [e.url for e in entries] == ["https://a.example/1"]
    assert entries[0].title == "Hanoï sous la pluie"
    assert entries[0].published_at is not None
    assert entries[0].published_at.isoformat() == "2025-09-02T08:00:00+00:00"


def test_it_reads_atom() -> None:
    (entry,) = feed.entries(ATOM, "https://b.example/atom").entries
    assert (entry.url, entry.title, entry.summary) == (
        "https://b.example/floods",
        "Hanoi floods",
        "Rain.",
    )


def test_it_reads_json_feed() -> None:
    body = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "items": [
                {
                    "url": "https://d.example/1",
                    "title": "河内",
                    "date_published": "2025-09-02T08:00:00+07:00",
                },
                {"title": "no url"},
            ],
        }
    ).encode()
    (entry,) = feed.entries(body, "https://d.example/feed.json").entries
    assert entry.title == "河内"
    assert entry.published_at is not None and entry.published_at.utcoffset() is not None


@pytest.mark.parametrize("body", [BILLION_LAUGHS, XXE])
def test_it_refuses_entity_attacks(body: bytes) -> None:
    with pytest.raises(SourceFormatError, match="refused XML"):
        feed.entries(body, "https://c.example/rss")


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ((DEMO_SITE / "brokenfeed.example/rss.xml").read_bytes(), "malformed feed"),
        (b"<html><body>Not a feed</body></html>", "no entries"),
        (b"{not json", "malformed JSON Feed"),
        (b'{"items": 3}', "without an items list"),
    ],
)
def test_it_explains_a_broken_feed(body: bytes, reason: str) -> None:
    with pytest.raises(SourceFormatError, match=reason):
        feed.entries(body, "https://e.example/rss")


def test_it_reads_at_most_a_bounded_number_of_entries() -> None:
    items = "".join(
        f"<item><title>t{i}</title><link>https://f.example/{i}</link></item>" for i in range(600)
    )
    body = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()
    found = feed.entries(body, "https://f.example/rss")
    assert (len(found.entries), found.total) == (MAX_ENTRIES, 600)


def test_it_reads_a_news_sitemap() -> None:
    body = (DEMO_SITE / "tokyoshimbun.example/news-sitemap.xml").read_bytes()
    body = body.replace(b"{{iso_hours_ago:18}}", b"2025-09-02T08:00:00+09:00")
    (entry,) = sitemap.entries(body, "demo://tokyoshimbun.example/news-sitemap.xml").entries
    assert entry.title.startswith("ハノイの都市鉄道3号線")
    assert entry.published_at is not None


def test_it_refuses_a_sitemap_index_or_other_xml() -> None:
    with pytest.raises(SourceFormatError, match="not a sitemap"):
        sitemap.entries(b"<sitemapindex/>", "https://g.example/s.xml")


def test_it_treats_a_single_page_as_its_own_entry() -> None:
    (entry,) = page.entries("<p>Hà Nội</p>".encode(), "https://h.example/p").entries
    assert entry.url == "https://h.example/p"
    assert "Hà Nội" in entry.html


def test_it_registers_every_kind_with_the_same_shape() -> None:
    assert set(REGISTRY) == {"feed", "sitemap", "page"}
    for module in REGISTRY.values():
        assert callable(module.entries) and module.LABEL
