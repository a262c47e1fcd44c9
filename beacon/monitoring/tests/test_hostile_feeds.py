"""Hostile and unusual feeds through the real poll: every failure lands on the source.

Each answer is served on loopback and polled with ``ingest.poll_source``; a failure must leave a
reason on the source, a failure count and a next poll (the circuit breaker), and a bad entry must
never lose the good ones beside it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from django.utils.formats import number_format

from beacon.monitoring import ingest
from beacon.monitoring.models import RawItem, Source
from beacon.monitoring.tests.conftest import Web, make_source, rss

TITLE = "河内 Hà Nội 하노이 ハノイ"
# A title each legacy encoding can write: the city's name in that encoding's script.
TITLES = {
    "gb2312": "河内地铁三号线开通",
    "big5": "河內地鐵三號線通車",
    "euc-kr": "하노이 지하철 3호선 개통",
    "shift_jis": "ハノイの都市鉄道3号線が開業",
    "utf-16": TITLE,
}


def failed(source: Source) -> Source:
    source.refresh_from_db()
    assert source.failures == 1, source.last_error
    assert source.next_poll_at is not None and source.last_error
    assert source.last_error_detail["message"]
    return source


def encoded_rss(encoding: str, title: str) -> bytes:
    text = (
        f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel><title>F</title>'
        f"<item><title>{title}</title><link>https://news.example/1</link></item></channel></rss>"
    )
    return text.encode(encoding)


def encoded_sitemap(encoding: str, title: str) -> bytes:
    text = (
        f'<?xml version="1.0" encoding="{encoding}"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        "<url><loc>https://news.example/1</loc><news:news>"
        f"<news:title>{title}</news:title></news:news></url></urlset>"
    )
    return text.encode(encoding)


@pytest.mark.parametrize("kind", ["feed", "sitemap"])
@pytest.mark.parametrize("encoding", sorted(TITLES))
def test_it_reads_feeds_and_sitemaps_in_legacy_cjk_encodings(
    web: Web, db: Any, kind: str, encoding: str
) -> None:
    body = (encoded_rss if kind == "feed" else encoded_sitemap)(encoding, TITLES[encoding])
    source = make_source(
        web.page(f"/{kind}-{encoding}.xml", body, content_type="application/xml"), kind=kind
    )
    result = ingest.poll_source(source)
    assert result.error == ""
    assert RawItem.objects.get().title == TITLES[encoding]


def test_it_prefers_the_charset_of_the_header_and_passes_over_an_unknown_declaration(
    web: Web, db: Any
) -> None:
    body = encoded_rss("big5", TITLES["big5"]).replace(b'encoding="big5"', b'encoding="bogus"')
    url = web.page("/bogus.xml", body, content_type="text/xml; charset=big5")
    assert ingest.poll_source(make_source(url)).error == ""
    assert RawItem.objects.get().title == TITLES["big5"]


def test_it_reads_a_feed_whose_declared_encoding_does_not_exist(web: Web, db: Any) -> None:
    """feedparser's ``encoding/bozo_bogus_encoding.xml``: expat raised LookupError."""
    body = encoded_rss("utf-8", TITLE).replace(b'encoding="utf-8"', b'encoding="bogus"')
    assert ingest.poll_source(make_source(web.page("/b.xml", body))).error == ""
    assert RawItem.objects.get().title == TITLE


def test_it_keeps_the_good_items_beside_bad_links_and_says_how_many_it_skipped(
    web: Web, db: Any
) -> None:
    links = [(f"good {i}", f"https://news.example/{i}") for i in range(9)]
    links += [("broken", "http://[broken/x"), ("port", "https://news.example:99999/x")]
    source = make_source(web.page("/mixed.xml", rss(links), content_type="application/rss+xml"))
    result = ingest.poll_source(source)
    assert result.error == "" and len(result.new_ids) == 9
    assert RawItem.objects.count() == 9
    source.refresh_from_db()
    assert source.failures == 0
    (note,) = source.note_texts()
    assert note == (
        "Skipped 2 items whose link is not a valid web address (first: http://[broken/x)."
    )


def test_it_records_every_kind_of_failure_on_the_source_with_its_reason(web: Web, db: Any) -> None:
    """An exception nobody foresaw (here a kind no longer registered) still opens the breaker."""
    source = make_source(web.page("/f.xml", rss([("a", "https://news.example/a")])), kind="gone")
    result = ingest.poll_source(source)
    failed(source)
    assert result.error == "unexpected error while polling: KeyError: 'gone'"
    assert source.last_error == result.error


def test_it_refuses_json_nested_too_deep_with_a_reason(web: Web, db: Any, settings: Any) -> None:
    settings.BEACON_MONITOR_MAX_BYTES = 1_000_000
    body = b'{"items": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    source = make_source(web.page("/deep.json", body, content_type="application/feed+json"))
    ingest.poll_source(source)
    assert failed(source).last_error == "JSON nested 100001 levels deep (at most 64 are read)"


def test_it_never_reads_a_local_file_named_by_the_body(web: Web, db: Any, tmp_path: Path) -> None:
    """feedparser opens a string naming an existing file; the body is only ever data."""
    local = tmp_path / "local-feed.xml"
    local.write_text(rss([("secret", "https://secret.example/")]), encoding="utf-8")
    for path, body in [
        ("/local", str(local)),
        ("/hostname", "/etc/hostname"),
        ("/zero", "/dev/zero"),
        ("/random", "/dev/urandom"),
        ("/url", "http://127.0.0.1:1/"),
    ]:
        source = make_source(web.page(path, body, content_type="application/rss+xml"))
        ingest.poll_source(source)
        assert failed(source).last_error.startswith("no entries in the feed")
    assert not RawItem.objects.exists()


def test_it_says_on_the_source_how_many_items_of_a_huge_feed_it_kept(
    web: Web, db: Any, settings: Any
) -> None:
    settings.BEACON_MONITOR_MAX_BYTES = 6_000_000
    items = "".join(f"<item><link>https://news.example/{i}</link></item>" for i in range(100_000))
    body = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'
    source = make_source(web.page("/huge.xml", body, content_type="application/rss+xml"))
    assert len(ingest.poll_source(source).new_ids) == 500
    source.refresh_from_db()
    assert source.note_texts() == ["Kept 500 of 100,000 items: a poll reads at most 500."]


def test_it_reads_a_json_feed_served_in_utf16(web: Web, db: Any) -> None:
    data = {"items": [{"url": "https://news.example/j", "title": TITLE}]}
    body = json.dumps(data, ensure_ascii=False).encode("utf-16")
    assert ingest.poll_source(make_source(web.page("/feed.json", body))).error == ""
    assert RawItem.objects.get().title == TITLE


def test_it_shows_the_reasons_in_the_readers_language(web: Web, db: Any) -> None:
    source = make_source(web.page("/down.xml", "", status=503))
    ingest.poll_source(source)
    with translation.override("fr"):
        assert failed(source).error_text() == f"HTTP 503 depuis {source.url}"
    with translation.override("en"):
        assert source.error_text() == f"HTTP 503 from {source.url}"
    source.poll_notes = [{"message": ingest.CAPPED, "params": {"kept": 500, "total": 100_000}}]
    with translation.override("vi"):
        total = number_format(100_000, force_grouping=True)  # the locale's own grouping
        assert source.note_texts() == [
            f"Giữ 500 trên {total} mục: mỗi lần lấy chỉ đọc tối đa 500 mục."
        ]


def test_it_stores_the_items_beside_one_whose_text_no_database_takes(web: Web, db: Any) -> None:
    body = (
        b'{"items": [{"url": "https://news.example/bad", "title": "\\ud800 \\u0000 lone"},'
        b' {"url": "https://news.example/good", "title": "good"}]}'
    )
    assert ingest.poll_source(make_source(web.page("/feed.json", body))).error == ""
    assert sorted(RawItem.objects.values_list("title", flat=True)) == ["?  lone", "good"]
